/**
 * `avro-schema-registry` (2.1.5) against the real server on a real socket.
 *
 * Dialect (docs/API.md §1): its raw node:http calls set `Content-Type: application/vnd.schemaregistry.v1+json`
 * on every request, GETs included (no Accept), so the Confluent dialect is chosen by rule 2; the server
 * here runs with API_DIALECT=confluent as a deployment serving it would. It registers with
 * `POST /subjects/{topic}-value/versions` and a body without `schemaType` (AVRO by default), reads ids
 * with `GET /schemas/ids/{id}`, and `getSchemaByTopicName` lists `GET /subjects/{s}/versions` and
 * reads the last one. It turns a non-200 answer into `Schema registry error: <error_code> - <message>`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import avroSchemaRegistry from 'avro-schema-registry'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { CONFLUENT } from '../support/test-app.js'
import { avro, orderNoDefault, orderV1, orderV2 } from '../support/schemas.js'

let srv: ClientServer
beforeAll(async () => {
  srv = await startClientServer({ dialect: 'confluent' })
})
afterAll(() => srv?.close())

const raw = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await fetch(srv.url + path, {
    method: init.method ?? 'GET',
    headers: { accept: CONFLUENT, 'content-type': CONFLUENT },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  })
  return { status: res.status, body: (await res.json()) as any }
}

const v1 = JSON.parse(orderV1)
const v2 = JSON.parse(orderV2)

describe('avro-schema-registry', () => {
  it('encodeMessage registers the schema under {topic}-value and decode round-trips the message', async () => {
    const registry = avroSchemaRegistry(srv.url)
    const msg = { id: 'o-1', amount: 4.5 }
    const bytes = await registry.encodeMessage('asr-orders', v2, msg)
    expect(bytes[0]).toBe(0)
    const latest = await raw('/subjects/asr-orders-value/versions/latest')
    expect(latest.status).toBe(200)
    expect(latest.body).toMatchObject({ version: 1, schemaType: 'AVRO' })
    expect(wireId(bytes)).toBe(latest.body.id)
    // A second instance has no cache: decode fetches the schema by id from the server.
    expect(await avroSchemaRegistry(srv.url).decode(bytes)).toEqual(msg)
    expect(await avroSchemaRegistry(srv.url).decodeMessage(bytes)).toEqual(msg)
  })

  it('reuses the id of a schema registered beforehand, also with its keys reordered, and writes no new version', async () => {
    const { body } = await raw('/subjects/asr-reuse-value/versions', { method: 'POST', body: { schema: orderV1 } })
    const id = body.id as number
    const reordered = { fields: [{ type: 'string', name: 'id' }], namespace: 'com.acme', name: 'Order', type: 'record' }
    const a = await avroSchemaRegistry(srv.url).encodeMessage('asr-reuse', v1, { id: 'a' })
    const b = await avroSchemaRegistry(srv.url).encodeMessage('asr-reuse', reordered, { id: 'b' })
    expect(wireId(a)).toBe(id)
    expect(wireId(b)).toBe(id)
    expect((await raw('/subjects/asr-reuse-value/versions')).body).toEqual([1])
  })

  it('gives the same content the same id under another topic, and encodeKey registers under {topic}-key', async () => {
    const shared = JSON.parse(avro('AsrShared'))
    const value = await avroSchemaRegistry(srv.url).encodeMessage('asr-shared-a', shared, { f: 'v' })
    const key = await avroSchemaRegistry(srv.url).encodeKey('asr-shared-b', shared, { f: 'k' })
    expect(wireId(key)).toBe(wireId(value))
    expect((await raw('/subjects/asr-shared-b-key/versions')).body).toEqual([1])
    expect((await raw(`/schemas/ids/${wireId(key)}/subjects`)).body).toEqual(['asr-shared-a-value', 'asr-shared-b-key'])
    expect(await avroSchemaRegistry(srv.url).decode(key)).toEqual({ f: 'k' })
  })

  it('encodeById fetches the schema for an id it has never seen and frames the message with that id', async () => {
    const { body } = await raw('/subjects/asr-by-id-value/versions', { method: 'POST', body: { schema: orderV2 } })
    const bytes = await avroSchemaRegistry(srv.url).encodeById(body.id, { id: 'x', amount: 1 })
    expect(wireId(bytes)).toBe(body.id)
    expect(await avroSchemaRegistry(srv.url).decode(bytes)).toEqual({ id: 'x', amount: 1 })
  })

  it('getSchemaByTopicName and encodeMessageByTopicName use the latest version of the subject', async () => {
    await raw('/subjects/asr-latest-value/versions', { method: 'POST', body: { schema: orderV1 } })
    const second = await raw('/subjects/asr-latest-value/versions', { method: 'POST', body: { schema: orderV2 } })
    expect(second.body.version).toBe(2)
    const registry = avroSchemaRegistry(srv.url)
    const { id, parsedSchema } = await registry.getSchemaByTopicName('asr-latest-value')
    expect(id).toBe(second.body.id)
    expect(parsedSchema.getName()).toBe('com.acme.Order')
    const bytes = await registry.encodeMessageByTopicName('asr-latest-value', { id: 'n', amount: 2 })
    expect(wireId(bytes)).toBe(second.body.id)
    expect(await avroSchemaRegistry(srv.url).decode(bytes)).toEqual({ id: 'n', amount: 2 })
  })

  it('rejects encoding with an incompatible schema with the registry error 40901', async () => {
    await avroSchemaRegistry(srv.url).encodeMessage('asr-incompat', v1, { id: 'a' })
    await expect(avroSchemaRegistry(srv.url).encodeMessage('asr-incompat', JSON.parse(orderNoDefault), { id: 'a', customer: 'c' })).rejects.toThrow(
      /^Schema registry error: 40901 - /,
    )
    expect((await raw('/subjects/asr-incompat-value/versions')).body).toEqual([1])
  })

  it('rejects decoding a message whose id the registry does not know with the registry error 40403', async () => {
    const bogus = Buffer.from([0, 0, 0x0f, 0x42, 0x3f, 0x02, 0x61])
    await expect(avroSchemaRegistry(srv.url).decode(bogus)).rejects.toThrow(/^Schema registry error: 40403 - /)
  })
})
