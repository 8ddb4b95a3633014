import { createHash } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { twoInstancesOnPostgres } from '../support/two-instances.js'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §3.3: a claimed subject takes writes only with its token, with or without
// AUTH_FILE; reads never need it. Real app, real store (PostgreSQL when TEST_DATABASE_URL is set).

const avro = (field: string) => JSON.stringify({ type: 'record', name: 'R', fields: [{ name: field, type: 'int' }] })
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

interface Call {
  token?: string
  authorization?: string
  body?: unknown
  /** The Confluent media type on the request; the OpenSchema default otherwise. */
  confluent?: boolean
}

const caller =
  (t: () => TestApp) =>
  (method: InjectOptions['method'], url: string, c: Call = {}) =>
    t().app.inject({
      method,
      url,
      headers: {
        ...(c.confluent ? { 'content-type': CONFLUENT, accept: CONFLUENT } : {}),
        ...(c.token === undefined ? {} : { 'x-subject-token': c.token }),
        ...(c.authorization ? { authorization: c.authorization } : {}),
      },
      ...(c.body === undefined ? {} : { payload: JSON.stringify(c.body) }),
    })

describe('ownership tokens without AUTH_FILE', () => {
  let t: TestApp
  const call = caller(() => t)
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const claim = async (subject: string, c: Call = {}): Promise<string> => {
    const res = await call('POST', `/subjects/${subject}/owner`, c)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json() as { subject: string; token: string }
    expect(Object.keys(body).sort()).toEqual(['subject', 'token'])
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    return body.token
  }

  it('claims a subject that does not exist yet, once: a second claim is 409 / 40902 in both dialects', async () => {
    const token = await claim('owned-new')
    const cf = await call('POST', '/subjects/owned-new/owner', { confluent: true })
    expect(cf.statusCode).toBe(409)
    expect(cf.headers['content-type']).toContain(CONFLUENT)
    expect(cf.json()).toMatchObject({ error_code: 40902 })
    const os = await call('POST', '/subjects/owned-new/owner')
    expect(os.statusCode).toBe(409)
    expect(os.json()).toMatchObject({ errorCode: 40902 })
    expect(os.json().errorMessage).not.toContain(token)
    // the token is answered once: neither a read nor the 409 shows it
    expect((await call('GET', '/subjects/owned-new/versions', { confluent: true })).body).not.toContain(token)
    // the subject exists only once something is registered under it
    expect((await call('GET', '/subjects', { confluent: true })).json()).not.toContain('owned-new')
    expect((await call('POST', '/subjects/owned-new/versions', { confluent: true, token, body: { schema: avro('a') } })).statusCode).toBe(200)
  })

  it('guards every write to a claimed subject (403 / 40301 without the token or with another one), never reads', async () => {
    await t.registered('guarded', avro('a'))
    const token = await claim('guarded', { confluent: true })
    const other = await claim('guarded-other')
    const writes: [InjectOptions['method'], string, unknown?][] = [
      ['PUT', '/config/guarded', { compatibility: 'NONE' }],
      ['POST', '/subjects/guarded/versions', { schema: avro('b') }],
      ['PUT', '/mode/guarded', { mode: 'READONLY' }],
      ['DELETE', '/mode/guarded'],
      ['DELETE', '/subjects/guarded/versions/2'],
      ['DELETE', '/subjects/guarded/versions/2?permanent=true'],
      ['DELETE', '/config/guarded'],
    ]
    for (const [method, url, body] of writes) {
      for (const wrong of [undefined, other, '', `${token}x`]) {
        const cf = await call(method, url, { confluent: true, body, token: wrong })
        expect(cf.statusCode, `${method} ${url} with ${String(wrong)}`).toBe(403)
        expect(cf.json()).toMatchObject({ error_code: 40301 })
        const os = await call(method, url, { body, token: wrong })
        expect(os.statusCode, `${method} ${url} in OpenSchema`).toBe(403)
        expect(os.json()).toMatchObject({ errorCode: 40301 })
      }
      const ok = await call(method, url, { confluent: true, body, token })
      expect(ok.statusCode, `${method} ${url} with the token: ${ok.body}`).toBe(200)
    }
    // OpenSchema's own writes: the upsert and the permanent delete
    expect((await call('POST', '/subjects/guarded', { body: { description: 'd' } })).statusCode).toBe(403)
    expect((await call('PUT', '/compatibility/guarded', { body: { compatibility: 'NONE' } })).statusCode).toBe(403)
    expect((await call('POST', '/subjects/guarded', { token, body: { description: 'd' } })).statusCode).toBe(200)
    // reads: no token needed, and a wrong one does not matter
    for (const url of ['/subjects/guarded/versions', '/subjects/guarded/versions/1', '/config/guarded?defaultToGlobal=true', '/subjects']) {
      expect((await call('GET', url, { confluent: true })).statusCode, url).toBe(200)
      expect((await call('GET', url, { confluent: true, token: 'nonsense' })).statusCode, url).toBe(200)
    }
    // the Confluent lookup and compatibility tests are reads
    expect((await call('POST', '/subjects/guarded', { confluent: true, body: { schema: avro('a') } })).statusCode).toBe(200)
    expect((await call('POST', '/compatibility/subjects/guarded/versions/latest', { confluent: true, body: { schema: avro('a') } })).statusCode).toBe(200)
    // deleting the subject needs it too
    expect((await call('DELETE', '/subjects/guarded', { confluent: true })).statusCode).toBe(403)
    expect((await call('DELETE', '/subjects/guarded', { confluent: true, token })).statusCode).toBe(200)
    expect((await call('DELETE', '/subjects/guarded?permanent=true', { confluent: true })).statusCode).toBe(403)
    expect((await call('DELETE', '/subjects/guarded?permanent=true', { confluent: true, token })).statusCode).toBe(200)
    // the claim outlives the subject
    expect((await call('POST', '/subjects/guarded/versions', { confluent: true, body: { schema: avro('a') } })).statusCode).toBe(403)
  })

  it('leaves unclaimed subjects and context scopes alone', async () => {
    await claim('neighbour')
    expect((await call('POST', '/subjects/neighbour-not/versions', { confluent: true, body: { schema: avro('a') } })).statusCode).toBe(200)
    expect((await call('PUT', '/config', { confluent: true, body: { compatibility: 'BACKWARD' } })).statusCode).toBe(200)
    expect((await call('PUT', '/config/:.scoped:', { confluent: true, body: { compatibility: 'BACKWARD' } })).statusCode).toBe(200)
  })

  it('rotates with the current token: the old one stops working, the new one works', async () => {
    const first = await claim('rotated')
    const wrong = await call('POST', '/subjects/rotated/owner', { token: 'not-the-token' })
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json()).toMatchObject({ errorCode: 40301 })
    const second = await claim('rotated', { token: first, confluent: true })
    expect(second).not.toBe(first)
    expect((await call('POST', '/subjects/rotated/versions', { confluent: true, token: first, body: { schema: avro('a') } })).statusCode).toBe(403)
    expect((await call('POST', '/subjects/rotated/owner', { token: first })).statusCode).toBe(403)
    expect((await call('POST', '/subjects/rotated/versions', { confluent: true, token: second, body: { schema: avro('a') } })).statusCode).toBe(200)
  })

  it('releases with the token only (everyone is an admin without AUTH_FILE, so the token is the proof)', async () => {
    const token = await claim('released')
    for (const wrong of [undefined, 'nope']) {
      const res = await call('DELETE', '/subjects/released/owner', { token: wrong, confluent: true })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ error_code: 40301 })
    }
    const res = await call('DELETE', '/subjects/released/owner', { token })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    // free again: writes need nothing, releasing again does nothing, and anyone may claim it
    expect((await call('POST', '/subjects/released/versions', { confluent: true, body: { schema: avro('a') } })).statusCode).toBe(200)
    expect((await call('DELETE', '/subjects/released/owner')).statusCode).toBe(204)
    const again = await claim('released')
    expect(again).not.toBe(token)
  })

  it('claims per context: the same name in another context is another claim', async () => {
    const token = await claim(':.team-a:shared')
    await claim('shared')
    // the same subject through the context prefix, and in the Confluent dialect prefix
    expect((await call('POST', '/contexts/.team-a/subjects/shared/owner')).statusCode).toBe(409)
    expect((await call('POST', '/apis/ccompat/v7/contexts/.team-a/subjects/shared/versions', { body: { schema: avro('a') } })).statusCode).toBe(403)
    expect((await call('POST', '/contexts/.team-a/subjects/shared/versions', { confluent: true, token, body: { schema: avro('a') } })).statusCode).toBe(200)
    expect((await call('POST', '/subjects/:.team-a:shared/versions', { confluent: true, token, body: { schema: avro('a') } })).statusCode).toBe(200)
    // the default context's claim is not this one's
    expect((await call('POST', '/subjects/shared/versions', { confluent: true, token, body: { schema: avro('a') } })).statusCode).toBe(403)
    expect((await call('POST', '/contexts/.team-b/subjects/shared/versions', { confluent: true, body: { schema: avro('a') } })).statusCode).toBe(200)
    const res = await call('POST', '/contexts/.team-c/subjects/shared/owner')
    expect(res.json().subject).toBe(':.team-c:shared')
  })

  it('stores only a hash of the token', async () => {
    const token = await claim(':.hashed:kept')
    const row = await t.test.store.subjectClaim('.hashed', 'kept')
    expect(row).toBeDefined()
    expect(row!.tokenHash).not.toContain(token)
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(token)
  })

  it('refuses a claim on a context scope or an invalid name', async () => {
    expect((await call('POST', '/subjects/:.ctx:/owner', { confluent: true })).json()).toMatchObject({ error_code: 42208 })
  })
})

describe('ownership tokens with AUTH_FILE', () => {
  let t: TestApp
  const call = caller(() => t)
  const alice = basic('alice', 'alice-pw')
  const bot = basic('ci-bot', 'bot-pw')
  const reader = basic('rita', 'rita-pw')
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        `
users:
  - { name: alice, password: "alice-pw" }
  - { name: ci-bot, password: "bot-pw" }
  - { name: rita, password: "rita-pw" }
grants:
  - { principal: alice, role: admin }
  - { principal: ci-bot, role: writer, subjects: ["orders-"] }
  - { principal: rita, role: reader }
`,
        'test',
      ),
    )
    t = await createTestApp({ auth })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('claiming needs write on the subject: a reader is 403, anonymous 401', async () => {
    expect((await call('POST', '/subjects/orders-x/owner', { authorization: reader, confluent: true })).json()).toMatchObject({ error_code: 40301 })
    expect((await call('POST', '/subjects/orders-x/owner')).statusCode).toBe(401)
    expect((await call('POST', '/subjects/payments-x/owner', { authorization: bot })).statusCode).toBe(403)
    expect((await call('POST', '/subjects/orders-x/owner', { authorization: bot })).statusCode).toBe(200)
  })

  it('asks admins for the token on writes too, and lets them release without it', async () => {
    const res = await call('POST', '/subjects/orders-owned/owner', { authorization: bot })
    const token = res.json().token as string
    expect((await call('POST', '/subjects/orders-owned/versions', { authorization: bot, confluent: true, body: { schema: avro('a') } })).statusCode).toBe(403)
    expect((await call('PUT', '/config/orders-owned', { authorization: alice, confluent: true, body: { compatibility: 'NONE' } })).statusCode).toBe(403)
    expect((await call('POST', '/subjects/orders-owned/versions', { authorization: bot, token, confluent: true, body: { schema: avro('a') } })).statusCode).toBe(200)
    // reads need no token
    expect((await call('GET', '/subjects/orders-owned/versions', { authorization: reader })).statusCode).toBe(200)
    // the grants come first: a reader with the token still may not write
    expect((await call('POST', '/subjects/orders-owned/versions', { authorization: reader, token, confluent: true, body: { schema: avro('b') } })).statusCode).toBe(403)
    // a writer may not release without the token; an admin may
    expect((await call('DELETE', '/subjects/orders-owned/owner', { authorization: bot })).statusCode).toBe(403)
    expect((await call('DELETE', '/subjects/orders-owned/owner', { authorization: reader, token })).statusCode).toBe(403)
    expect((await call('DELETE', '/subjects/orders-owned/owner', { authorization: alice })).statusCode).toBe(204)
    expect((await call('PUT', '/config/orders-owned', { authorization: alice, confluent: true, body: { compatibility: 'NONE' } })).statusCode).toBe(200)
  })

  it('lets the owner release with the token', async () => {
    const token = (await call('POST', '/subjects/orders-mine/owner', { authorization: bot })).json().token as string
    expect((await call('DELETE', '/subjects/orders-mine/owner', { authorization: bot, token })).statusCode).toBe(204)
    expect(await t.test.store.subjectClaim('.', 'orders-mine')).toBeUndefined()
  })
})

// A claim, a rotation or a release on one instance holds on the other at once, without waiting for a
// notification: b never hears a change (not even its own), so its cache keeps whatever claim it read
// first, and only the database's answer (a refusal read again, a write transaction's re-check) is right.
describe.skipIf(!process.env.TEST_DATABASE_URL)('ownership tokens on two instances sharing PostgreSQL', () => {
  const two = twoInstancesOnPostgres({ deafSecond: true })
  const req = (app: FastifyInstance, method: InjectOptions['method'], url: string, token?: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { 'content-type': CONFLUENT, accept: CONFLUENT, ...(token ? { 'x-subject-token': token } : {}) },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    })

  it('a claim on one instance guards writes on the other at once', async () => {
    // b has read the subject's claim (none), config and versions into its cache before the claim
    expect((await req(two.b, 'PUT', '/config/shared-owned', undefined, { compatibility: 'NONE' })).statusCode).toBe(200)
    expect((await req(two.b, 'GET', '/config/shared-owned')).statusCode).toBe(200)
    const token = (await req(two.a, 'POST', '/subjects/shared-owned/owner')).json().token as string
    const refused = await req(two.b, 'PUT', '/config/shared-owned', undefined, { compatibility: 'FULL' })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error_code).toBe(40301)
    // nothing of the refused write was kept
    expect((await req(two.a, 'GET', '/config/shared-owned')).json().compatibilityLevel).toBe('NONE')
    expect((await req(two.b, 'POST', '/subjects/shared-owned/owner')).statusCode).toBe(409)
    const rotated = (await req(two.b, 'POST', '/subjects/shared-owned/owner', token)).json().token as string
    // the old token no longer opens it, on either instance
    expect((await req(two.b, 'PUT', '/config/shared-owned', token, { compatibility: 'FULL' })).statusCode).toBe(403)
    expect((await req(two.a, 'PUT', '/config/shared-owned', token, { compatibility: 'FULL' })).statusCode).toBe(403)
    expect((await req(two.a, 'PUT', '/config/shared-owned', rotated, { compatibility: 'FULL' })).statusCode).toBe(200)
    expect((await req(two.a, 'DELETE', '/subjects/shared-owned/owner', rotated)).statusCode).toBe(204)
    expect((await req(two.b, 'PUT', '/config/shared-owned', undefined, { compatibility: 'NONE' })).statusCode).toBe(200)
  })

  it('a release on one instance frees writes on the other at once', async () => {
    const token = (await req(two.a, 'POST', '/subjects/shared-freed/owner')).json().token as string
    // b reads the claim into its cache: claimed, with this token
    expect((await req(two.b, 'POST', '/subjects/shared-freed/versions', token, { schema: '"string"' })).statusCode).toBe(200)
    expect((await req(two.b, 'POST', '/subjects/shared-freed/versions', undefined, { schema: '"int"' })).statusCode).toBe(403)
    expect((await req(two.a, 'DELETE', '/subjects/shared-freed/owner', token)).statusCode).toBe(204)
    const freed = await req(two.b, 'POST', '/subjects/shared-freed/versions', undefined, { schema: '"string"' })
    expect(freed.statusCode).toBe(200)
    expect(freed.json()).toMatchObject({ id: expect.any(Number), version: 1 })
  })
})
