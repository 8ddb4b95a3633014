/**
 * `@kafkajs/confluent-schema-registry` (4.1.0) against the real server on a real socket.
 *
 * Dialect (docs/API.md §1): its mappersmith middleware sets `Content-Type: application/vnd.schemaregistry.v1+json`
 * on every request, GETs included (it sends no Accept), so the Confluent dialect is chosen by rule 2;
 * the server here runs with API_DIALECT=confluent as a deployment serving it would
 * (confluentinc-schemaregistry.test.ts also proves rule 2 with the default `openschema`).
 *
 * `register()` first reads `GET /config/{subject}`: a 404 (40408, no subject level) means "first
 * registration", after which it sets the level it was given (BACKWARD by default) with
 * `PUT /config/{subject}`; a level that differs from the stored one is refused by the client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { CONFLUENT } from '../support/test-app.js'
import { orderNoDefault, orderV1, orderV2 } from '../support/schemas.js'

let srv: ClientServer
let registry: SchemaRegistry
beforeAll(async () => {
  srv = await startClientServer({ dialect: 'confluent' })
  registry = new SchemaRegistry({ host: srv.url, retry: { retries: 0 } })
})
afterAll(() => srv?.close())

const raw = async (path: string) => {
  const res = await fetch(srv.url + path, { headers: { accept: CONFLUENT } })
  return { status: res.status, body: (await res.json()) as any }
}

describe('@kafkajs/confluent-schema-registry', () => {
  it('registers an Avro schema under the given subject and sets the subject level on first registration', async () => {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: orderV1 }, { subject: 'kjs-orders-value' })
    expect(id).toBeGreaterThan(0)
    const latest = await raw('/subjects/kjs-orders-value/versions/latest')
    expect(latest.body).toMatchObject({ id, version: 1, schemaType: 'AVRO' })
    expect((await raw('/config/kjs-orders-value')).body).toMatchObject({ compatibilityLevel: 'BACKWARD' })
  })

  it('returns the existing id when the same schema is registered again', async () => {
    const a = await registry.register({ type: SchemaType.AVRO, schema: orderV1 }, { subject: 'kjs-again-value' })
    const b = await new SchemaRegistry({ host: srv.url }).register({ type: SchemaType.AVRO, schema: orderV1 }, { subject: 'kjs-again-value' })
    expect(b.id).toBe(a.id)
    expect((await raw('/subjects/kjs-again-value/versions')).body).toEqual([1])
  })

  it('encodes with the registry id (magic byte 0, big-endian id) and decodes with a fresh client', async () => {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: orderV2 }, { subject: 'kjs-codec-value' })
    const payload = { id: 'o-7', amount: 3.25 }
    const bytes = await registry.encode(id, payload)
    expect(bytes[0]).toBe(0)
    expect(wireId(bytes)).toBe(id)
    // A fresh client has no cache: decode fetches the writer schema by id from the server.
    expect(await new SchemaRegistry({ host: srv.url }).decode(bytes)).toEqual(payload)
  })

  it('encodes by an id it has never seen, fetching the schema from the server', async () => {
    const res = await fetch(`${srv.url}/subjects/kjs-fetch-value/versions`, {
      method: 'POST',
      headers: { 'content-type': CONFLUENT },
      body: JSON.stringify({ schema: orderV1 }),
    })
    const { id } = (await res.json()) as { id: number }
    const fresh = new SchemaRegistry({ host: srv.url })
    const bytes = await fresh.encode(id, { id: 'x' })
    expect(wireId(bytes)).toBe(id)
    expect(await fresh.decode(bytes)).toEqual({ id: 'x' })
  })

  it('getLatestSchemaId follows the newest version, and getRegistryId and getRegistryIdBySchema find older ones', async () => {
    const v1 = await registry.register({ type: SchemaType.AVRO, schema: orderV1 }, { subject: 'kjs-latest-value' })
    expect(await registry.getLatestSchemaId('kjs-latest-value')).toBe(v1.id)
    const v2 = await registry.register({ type: SchemaType.AVRO, schema: orderV2 }, { subject: 'kjs-latest-value' })
    expect(v2.id).not.toBe(v1.id)
    expect(await registry.getLatestSchemaId('kjs-latest-value')).toBe(v2.id)
    expect(await registry.getRegistryId('kjs-latest-value', 1)).toBe(v1.id)
    expect(await registry.getRegistryId('kjs-latest-value', 'latest')).toBe(v2.id)
    expect(await registry.getRegistryIdBySchema('kjs-latest-value', { type: SchemaType.AVRO, schema: orderV1 })).toBe(v1.id)
  })

  it('surfaces an incompatible registration as a 409 error and writes no version', async () => {
    await registry.register({ type: SchemaType.AVRO, schema: orderV1 }, { subject: 'kjs-incompat-value' })
    const err = await registry.register({ type: SchemaType.AVRO, schema: orderNoDefault }, { subject: 'kjs-incompat-value' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(err).toMatchObject({ name: 'ResponseError', status: 409 })
    expect((err as Error).message).toMatch(/incompatible/i)
    expect((await raw('/subjects/kjs-incompat-value/versions')).body).toEqual([1])
  })

  it('refuses to register when the requested level differs from the subject level the server reports', async () => {
    await registry.register({ type: SchemaType.AVRO, schema: orderV1 }, { subject: 'kjs-level-value', compatibility: COMPATIBILITY.NONE })
    expect((await raw('/config/kjs-level-value')).body).toMatchObject({ compatibilityLevel: 'NONE' })
    // NONE lets the otherwise incompatible schema through when asked for NONE again...
    const ok = await registry.register({ type: SchemaType.AVRO, schema: orderNoDefault }, { subject: 'kjs-level-value', compatibility: COMPATIBILITY.NONE })
    expect(ok.id).toBeGreaterThan(0)
    // ...and the client itself refuses a BACKWARD request against the stored NONE.
    await expect(registry.register({ type: SchemaType.AVRO, schema: orderV2 }, { subject: 'kjs-level-value' })).rejects.toThrow(/Compatibility does not match/)
  })

  it('surfaces an unknown id on decode as a 404 error', async () => {
    const bogus = Buffer.from([0, 0, 0x0f, 0x42, 0x3f, 0x02, 0x61])
    await expect(new SchemaRegistry({ host: srv.url }).decode(bogus)).rejects.toMatchObject({ status: 404 })
  })

  it('round-trips a JSON Schema message and rejects one the registered schema does not allow', async () => {
    const schema = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    })
    const { id } = await registry.register({ type: SchemaType.JSON, schema }, { subject: 'kjs-json-value' })
    expect((await raw('/subjects/kjs-json-value/versions/latest')).body).toMatchObject({ id, schemaType: 'JSON' })
    const fresh = new SchemaRegistry({ host: srv.url })
    const bytes = await fresh.encode(id, { name: 'Ada' })
    expect(wireId(bytes)).toBe(id)
    expect(await new SchemaRegistry({ host: srv.url }).decode(bytes)).toEqual({ name: 'Ada' })
    await expect(fresh.encode(id, { nom: 'Ada' })).rejects.toThrow()
  })
})
