/**
 * The client against a server with AUTH_FILE (docs/EXTENSIONS.md §3): HTTP Basic from `username` and
 * `password`, a bearer token from `token`, and the registry's 401/403 surfacing as RegistryClientError.
 */
import { exportSPKI, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRegistryClient, RegistryClientError } from '../../src/client/index.js'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { orderV1 } from '../support/schemas.js'

describe('registry client with authentication on', () => {
  let srv: ClientServer
  let token: string
  let readerToken: string
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
    const sign = (sub: string, roles: string[]) =>
      new SignJWT({ roles })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject(sub)
        .setIssuer('https://idp.test/')
        .setAudience('schema-registry')
        .setExpirationTime('5m')
        .sign(privateKey)
    token = await sign('svc-payments', ['writer'])
    readerToken = await sign('svc-dashboard', ['reader'])
    const auth = createAuthenticator(
      parseAuthFile(
        JSON.stringify({
          users: [
            { name: 'ci-bot', password: 'bot-pw' },
            { name: 'nobody', password: 'nobody-pw' },
          ],
          jwt: { issuer: 'https://idp.test/', audience: 'schema-registry', publicKeys: [await exportSPKI(publicKey)], rolesClaim: 'roles' },
          grants: [{ principal: 'ci-bot', role: 'writer' }],
        }),
        'client-auth',
      ),
    )
    srv = await startClientServer({ auth, dialect: 'openschema' })
  })
  afterAll(() => srv?.close())

  it('registers, reads and round-trips a record with Basic credentials', async () => {
    const c = createRegistryClient({ url: srv.url, username: 'ci-bot', password: 'bot-pw' })
    const { id } = await c.register('auth-basic-value', { schema: orderV1 })
    expect((await c.schemaById(id)).schema).toBe(orderV1)
    expect(await c.decode(await c.encode('auth-basic-value', { id: 'a' }))).toEqual({ id: 'a' })
    await c.close()
  })

  it('registers and reads with a bearer token; a reader token reads but may not register (403)', async () => {
    const c = createRegistryClient({ url: srv.url, token })
    const { id, version } = await c.register('auth-bearer-value', { schema: orderV1 })
    expect(await c.latest('auth-bearer-value')).toMatchObject({ id, version })
    const reader = createRegistryClient({ url: srv.url, token: readerToken })
    expect((await reader.schemaById(id)).schema).toBe(orderV1)
    await expect(reader.register('auth-bearer-value', { schema: orderV1 })).rejects.toMatchObject({ status: 403, errorCode: 40301 })
    await c.close()
    await reader.close()
  })

  it('answers 401 / 40101 for wrong or missing credentials, and 403 for a user without a grant', async () => {
    const wrong = createRegistryClient({ url: srv.url, username: 'ci-bot', password: 'nope' })
    const err = await wrong.latest('auth-basic-value').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryClientError)
    expect(err).toMatchObject({ status: 401, errorCode: 40101 })
    await expect(createRegistryClient({ url: srv.url }).schemaById(1)).rejects.toMatchObject({ status: 401, errorCode: 40101 })
    await expect(createRegistryClient({ url: srv.url, token: 'not.a.jwt' }).schemaById(1)).rejects.toMatchObject({ status: 401 })
    await expect(createRegistryClient({ url: srv.url, username: 'nobody', password: 'nobody-pw' }).latest('auth-basic-value')).rejects.toMatchObject({
      status: 403,
      errorCode: 40301,
    })
  })
})
