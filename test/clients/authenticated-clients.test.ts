/**
 * The real client libraries against a server with AUTH_FILE (docs/EXTENSIONS.md §3): Basic credentials
 * as `@confluentinc/schemaregistry` (`basicAuthCredentials`) and `@kafkajs/confluent-schema-registry`
 * (`auth`) send them, and a bearer token as the Confluent client sends a static one.
 */
import { SchemaRegistryClient } from '@confluentinc/schemaregistry'
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry'
import { generateKeyPair, exportSPKI, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { orderV1 } from '../support/schemas.js'

describe('client libraries with authentication on', () => {
  let srv: ClientServer
  let token: string
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
    const pem = await exportSPKI(publicKey)
    token = await new SignJWT({ roles: ['writer'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('svc-payments')
      .setIssuer('https://idp.test/')
      .setAudience('schema-registry')
      .setExpirationTime('5m')
      .sign(privateKey)
    const auth = createAuthenticator(
      parseAuthFile(
        JSON.stringify({
          users: [{ name: 'ci-bot', password: 'bot-pw' }],
          jwt: { issuer: 'https://idp.test/', audience: 'schema-registry', publicKeys: [pem], rolesClaim: 'roles' },
          grants: [{ principal: 'ci-bot', role: 'writer' }],
        }),
        'clients',
      ),
    )
    srv = await startClientServer({ auth })
  })
  afterAll(async () => {
    await srv?.close()
  })

  it('@confluentinc/schemaregistry registers and reads with basicAuthCredentials, and gets a 401 with wrong ones', async () => {
    const client = new SchemaRegistryClient({ baseURLs: [srv.url], maxRetries: 0, basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: 'ci-bot:bot-pw' } })
    const id = await client.register('auth-orders-value', { schemaType: 'AVRO', schema: orderV1 })
    expect((await client.getBySubjectAndId('auth-orders-value', id)).schema).toBe(orderV1)
    const wrong = new SchemaRegistryClient({ baseURLs: [srv.url], maxRetries: 0, basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: 'ci-bot:nope' } })
    await expect(wrong.getAllSubjects()).rejects.toMatchObject({ status: 401, errorCode: 40101 })
    const none = new SchemaRegistryClient({ baseURLs: [srv.url], maxRetries: 0 })
    await expect(none.getAllSubjects()).rejects.toMatchObject({ status: 401 })
    await client.close()
    await wrong.close()
    await none.close()
  })

  it('@confluentinc/schemaregistry sends a static bearer token', async () => {
    const client = new SchemaRegistryClient({
      baseURLs: [srv.url],
      maxRetries: 0,
      bearerAuthCredentials: { credentialsSource: 'STATIC_TOKEN', token, logicalCluster: 'lsrc-1', identityPoolId: 'pool-1' },
    })
    const id = await client.register('auth-payments-value', { schemaType: 'AVRO', schema: orderV1 })
    expect(id).toBeGreaterThan(0)
    await client.close()
  })

  it('@kafkajs/confluent-schema-registry registers and reads with auth, and fails with wrong credentials', async () => {
    const registry = new SchemaRegistry({ host: srv.url, auth: { username: 'ci-bot', password: 'bot-pw' }, retry: { retries: 0 } })
    // kafkajs sets the subject's level on a first registration (a config write: admins only), unless told not to
    const denied = registry.register({ type: 'AVRO' as never, schema: orderV1 }, { subject: 'auth-kafkajs-value' })
    await expect(denied).rejects.toMatchObject({ status: 403 })
    const { id } = await registry.register({ type: 'AVRO' as never, schema: orderV1 }, { subject: 'auth-kafkajs-value', updateConfig: false } as never)
    expect(JSON.parse(await registry.getSchema(id).then((s) => JSON.stringify(s)))).toBeTruthy()
    const wrong = new SchemaRegistry({ host: srv.url, auth: { username: 'ci-bot', password: 'nope' }, retry: { retries: 0 } })
    await expect(wrong.getLatestSchemaId('auth-kafkajs-value')).rejects.toMatchObject({ status: 401 })
  })
})
