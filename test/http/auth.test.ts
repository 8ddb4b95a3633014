import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { hashPassword, verifyPassword } from '../../src/auth/passwords.js'
import { loadAuthFile } from '../../src/composition.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §3: AUTH_FILE, Basic users (hashed and plain), JWT bearer tokens (JWKS or
// configured keys), anonymous access, and the 401 that bad or missing credentials get.

const CONFLUENT = 'application/vnd.schemaregistry.v1+json'
const AVRO = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] })
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

describe('AUTH_FILE is checked at start-up', () => {
  it('names every problem of a bad file', () => {
    expect(() => parseAuthFile('users: [{ name: a, password: x, passwordHash: y }]\nextra: 1', 'f.yaml')).toThrow(
      /f\.yaml is not a valid auth file:[\s\S]*users\.0\.passwordHash: must be a hash[\s\S]*\(top\): Unrecognized key: "extra"/,
    )
    expect(() => parseAuthFile('users: [{ name: a }]', 'f')).toThrow(/users\.0: needs exactly one of passwordHash and password/)
    expect(() => parseAuthFile('jwt: { issuer: i, audience: a, publicKeys: ["x"] }', 'f')).toThrow(/jwt\.publicKeys\.0: must be a PEM public key/)
    expect(() => parseAuthFile('jwt: { issuer: i, audience: a, jwksUrl: "http://x/jwks", algorithms: [none] }', 'f')).toThrow(/jwt\.algorithms\.0/)
    expect(() => parseAuthFile('grants: [{ principal: p, role: owner }]', 'f')).toThrow(/grants\.0\.role/)
    expect(() => parseAuthFile('grants: [{ principal: p, role: reader, context: team }]', 'f')).toThrow(/a context starts with a dot/)
    expect(() => parseAuthFile('users: [{ name: a, password: x }, { name: a, password: y }]', 'f')).toThrow(/a is listed twice/)
    expect(() => parseAuthFile('users: [unclosed', 'f')).toThrow(/f is neither YAML nor JSON/)
  })

  it('reads YAML and JSON, and a missing file stops start-up with its name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-file-'))
    try {
      await writeFile(join(dir, 'auth.json'), JSON.stringify({ users: [{ name: 'a', password: 'p' }], grants: [{ principal: 'a', role: 'admin' }] }))
      expect(loadAuthFile(join(dir, 'auth.json')).enabled).toBe(true)
      expect(() => loadAuthFile(join(dir, 'missing.yaml'))).toThrow(/AUTH_FILE .*missing\.yaml cannot be read/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('the server exits with a clear message on a bad file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth-file-'))
    try {
      await writeFile(join(dir, 'auth.yaml'), 'anonymous: everyone\n')
      const res = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile('npx', ['tsx', 'src/main.ts'], { env: { ...process.env, AUTH_FILE: join(dir, 'auth.yaml'), PORT: '0', DATA_DIR: join(dir, 'data') } }, (e, _out, stderr) =>
          resolve({ code: e ? (e.code as number) : 0, stderr }),
        )
      })
      expect(res.code).toBe(1)
      expect(res.stderr).toMatch(/start-up failed: AUTH_FILE .*auth\.yaml is not a valid auth file:\\n {2}anonymous/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('passwords', () => {
  it('hash-password prints a scrypt hash that verifies, and nothing else does', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = execFile('npx', ['tsx', 'src/cli/main.ts', 'hash-password'], (e, stdout) => (e ? reject(e) : resolve(stdout)))
      child.stdin!.end('correct horse\n')
    })
    const hash = out.trim()
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('correct horse', hash)).toBe(true)
    expect(await verifyPassword('correct horse ', hash)).toBe(false)
    expect(hash).not.toBe(await hashPassword('correct horse')) // salted
  })
})

describe('Basic users and anonymous access', () => {
  let t: TestApp
  let warnings: readonly string[]
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        `
users:
  - { name: alice, passwordHash: "${await hashPassword('alice-pw')}" }
  - { name: ci-bot, password: "bot-pw" }
  - { name: nobody, password: "nobody-pw" }
anonymous: reader
grants:
  - { principal: alice, role: admin }
  - { principal: ci-bot, role: writer, subjects: ["orders-"] }
`,
        'test',
      ),
    )
    warnings = auth.warnings
    t = await createTestApp({ auth })
  })
  afterAll(async () => {
    await t?.close()
  })
  const req = (method: 'GET' | 'POST' | 'PUT', url: string, authorization?: string, body?: unknown, type = CONFLUENT) =>
    t.app.inject({
      method,
      url,
      headers: { 'content-type': type, accept: type, ...(authorization ? { authorization } : {}) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })

  it('warns about plain-text passwords', () => {
    expect(warnings).toEqual([
      'AUTH_FILE: user ci-bot has a plain-text password; prefer passwordHash (schema-registry hash-password)',
      'AUTH_FILE: user nobody has a plain-text password; prefer passwordHash (schema-registry hash-password)',
    ])
  })

  it('lets a hashed and a plain user in with the right password, as often as they like', async () => {
    for (let i = 0; i < 3; i++) expect((await req('POST', '/subjects/orders-value/versions', basic('ci-bot', 'bot-pw'), { schema: AVRO })).statusCode).toBe(200)
    for (let i = 0; i < 3; i++) expect((await req('PUT', '/config/orders-value', basic('alice', 'alice-pw'), { compatibility: 'FULL' })).statusCode).toBe(200)
  })

  it('answers bad credentials 401 / 40101 with the challenge in both dialects, never as anonymous', async () => {
    for (const authorization of [basic('alice', 'wrong'), basic('mallory', 'alice-pw'), 'Basic !!!', 'Digest abc', 'Bearer not.a.jwt']) {
      const cf = await req('GET', '/subjects', authorization)
      expect(cf.statusCode).toBe(401)
      expect(cf.json()).toMatchObject({ error_code: 40101 })
      expect(cf.headers['www-authenticate']).toBe('Basic realm="schema-registry"')
      const os = await req('GET', '/subjects', authorization, undefined, 'application/json')
      expect(os.statusCode).toBe(401)
      expect(os.json()).toMatchObject({ errorCode: 40101 })
    }
    // the answer never says whether the user exists
    expect((await req('GET', '/subjects', basic('alice', 'wrong'))).json().message).toBe((await req('GET', '/subjects', basic('mallory', 'x'))).json().message)
  })

  it('lets anonymous requests read but not write (401 with the challenge)', async () => {
    expect((await req('GET', '/subjects')).statusCode).toBe(200)
    expect((await req('GET', '/subjects/orders-value/versions/1')).statusCode).toBe(200)
    const write = await req('POST', '/subjects/orders-value/versions', undefined, { schema: AVRO })
    expect(write.statusCode).toBe(401)
    expect(write.headers['www-authenticate']).toBe('Basic realm="schema-registry"')
  })

  it('answers valid credentials without a grant 403 / 40301', async () => {
    const other = await req('POST', '/subjects/payments-value/versions', basic('ci-bot', 'bot-pw'), { schema: AVRO })
    expect(other.statusCode).toBe(403)
    expect(other.json()).toMatchObject({ error_code: 40301 })
    expect((await req('PUT', '/config', basic('ci-bot', 'bot-pw'), { compatibility: 'NONE' })).statusCode).toBe(403)
    // a user without any grant may not even read
    expect((await req('GET', '/subjects', basic('nobody', 'nobody-pw'))).statusCode).toBe(403)
  })

  it('keeps GET / open', async () => {
    expect((await req('GET', '/', basic('nobody', 'nobody-pw'))).statusCode).toBe(200)
  })
})

describe('JWT bearer tokens', () => {
  const ISSUER = 'https://idp.test/'
  let jwks: Server
  let jwksUrl: string
  let served: JWK[] = []
  let fetches = 0
  let keyA: { publicKey: CryptoKey; privateKey: CryptoKey }
  let keyB: { publicKey: CryptoKey; privateKey: CryptoKey }
  let t: TestApp
  let pinned: TestApp

  const token = async (key: CryptoKey, kid: string, claims: Record<string, unknown> = {}, opts: { iss?: string; aud?: string; exp?: string | number } = {}) =>
    new SignJWT({ roles: ['writer'], sub: 'svc-orders', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(opts.iss ?? ISSUER)
      .setAudience(opts.aud ?? 'schema-registry')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(key)

  beforeAll(async () => {
    keyA = await generateKeyPair('RS256', { extractable: true })
    keyB = await generateKeyPair('RS256', { extractable: true })
    served = [{ ...(await exportJWK(keyA.publicKey)), kid: 'a', alg: 'RS256', use: 'sig' }]
    jwks = createServer((_req, res) => {
      fetches++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ keys: served }))
    })
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve))
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`
    const file = (jwt: string) => parseAuthFile(`jwt: ${jwt}\ngrants:\n  - { principal: auditor, role: reader, subjects: ["orders-"] }\n`, 'test')
    t = await createTestApp({
      auth: createAuthenticator(file(`{ issuer: "${ISSUER}", audience: schema-registry, jwksUrl: "${jwksUrl}", rolesClaim: roles, jwksCooldownSeconds: 0 }`)),
    })
    const pem = await exportSPKI(keyB.publicKey)
    pinned = await createTestApp({ auth: createAuthenticator(file(JSON.stringify({ issuer: ISSUER, audience: 'schema-registry', publicKeys: [pem] }))) })
  })
  afterAll(async () => {
    await t?.close()
    await pinned?.close()
    await new Promise((resolve) => jwks?.close(resolve))
  })
  const call = (app: TestApp, authorization: string, method: 'GET' | 'POST' = 'POST', url = '/subjects/orders-value/versions') =>
    app.app.inject({
      method,
      url,
      headers: { 'content-type': CONFLUENT, accept: CONFLUENT, authorization },
      ...(method === 'POST' ? { payload: JSON.stringify({ schema: AVRO }) } : {}),
    })

  it('accepts a token signed by a key of the JWKS, its roles claim granting on every subject', async () => {
    const res = await call(t, `Bearer ${await token(keyA.privateKey, 'a')}`)
    expect(res.statusCode).toBe(200)
    expect((await call(t, `Bearer ${await token(keyA.privateKey, 'a', { roles: ['reader'] })}`)).statusCode).toBe(403)
    // grants by principal apply to token principals too; a token without roles has only those
    const auditor = `Bearer ${await token(keyA.privateKey, 'a', { roles: [], sub: 'auditor' })}`
    expect((await call(t, auditor, 'GET', '/subjects/orders-value/versions')).statusCode).toBe(200)
    expect((await call(t, auditor, 'GET', '/subjects/payments-value/versions')).statusCode).toBe(403)
  })

  it('refuses expired, wrong-audience, wrong-issuer, badly signed and unsigned tokens with 401 and both challenges', async () => {
    const bad = [
      await token(keyA.privateKey, 'a', {}, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      await token(keyA.privateKey, 'a', {}, { aud: 'someone-else' }),
      await token(keyA.privateKey, 'a', {}, { iss: 'https://evil.test/' }),
      await token(keyB.privateKey, 'a'), // signed with another key under A's kid
    ]
    // alg none: a header and claims without a signature
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    bad.push(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'svc', iss: ISSUER, aud: 'schema-registry', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 60 })}.`)
    const messages = []
    for (const jwt of bad) {
      const res = await call(t, `Bearer ${jwt}`)
      expect(res.statusCode).toBe(401)
      expect(res.headers['www-authenticate']).toBe('Basic realm="schema-registry", Bearer realm="schema-registry"')
      messages.push(res.json().message)
    }
    expect(messages).toEqual([
      'Invalid bearer token: expired',
      'Invalid bearer token: aud claim check failed',
      'Invalid bearer token: iss claim check failed',
      'Invalid bearer token: bad signature',
      'Invalid bearer token: algorithm not allowed',
    ])
  })

  it('fetches the JWKS again for a kid it does not know (a rotated key)', async () => {
    const before = fetches
    served = [...served, { ...(await exportJWK(keyB.publicKey)), kid: 'b', alg: 'RS256', use: 'sig' }]
    expect((await call(t, `Bearer ${await token(keyB.privateKey, 'b')}`)).statusCode).toBe(200)
    expect(fetches).toBeGreaterThan(before)
    // known kids are served from the cache
    const cached = fetches
    expect((await call(t, `Bearer ${await token(keyA.privateKey, 'a')}`)).statusCode).toBe(200)
    expect(fetches).toBe(cached)
  })

  it('verifies against configured public keys', async () => {
    expect((await call(pinned, `Bearer ${await token(keyB.privateKey, 'any', { sub: 'auditor' })}`, 'GET', '/subjects/orders-value/versions')).statusCode).toBe(404)
    expect((await call(pinned, `Bearer ${await token(keyA.privateKey, 'any', { sub: 'auditor' })}`, 'GET', '/subjects/orders-value/versions')).statusCode).toBe(401)
  })
})

describe('rate limits with authentication on', () => {
  let t: TestApp
  beforeAll(async () => {
    const auth = createAuthenticator(parseAuthFile('users: [{ name: ci-bot, password: bot-pw }]\ngrants: [{ principal: ci-bot, role: reader }]\n', 'limits'))
    t = await createTestApp({ auth, rateLimit: { rps: 0.001, burst: 2 } })
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (authorization: string, remoteAddress: string) => t.app.inject({ method: 'GET', url: '/subjects', remoteAddress, headers: { accept: CONFLUENT, authorization } })

  it('counts bad credentials per address, so guessing passwords is limited too', async () => {
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await get(basic('ci-bot', `guess-${i}`), '10.9.0.1')).statusCode)
    expect(statuses).toEqual([401, 401, 429])
    // another address is not affected
    expect((await get(basic('ci-bot', 'guess'), '10.9.0.2')).statusCode).toBe(401)
  })

  it('counts a principal once whatever its address', async () => {
    const statuses = []
    for (const ip of ['10.9.1.1', '10.9.1.2', '10.9.1.3']) statuses.push((await get(basic('ci-bot', 'bot-pw'), ip)).statusCode)
    expect(statuses).toEqual([200, 200, 429])
  })
})
