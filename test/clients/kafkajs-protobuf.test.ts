/**
 * `@kafkajs/confluent-schema-registry` (4.1.0) with `SchemaType.PROTOBUF` against the real server on
 * a real socket. (Its `SchemaType.JSON` round trip is in kafkajs-schema-registry.test.ts.)
 *
 * What the client does: it registers `.proto` text as given (with `references` when given), and to
 * encode or decode it reads `GET /schemas/ids/{id}` (the text the registry serves) plus
 * `GET /subjects/{s}/versions/{v}` of every reference, parses them all with protobufjs into one root
 * and uses the first message of the schema. It resolves no import by itself, so the served text and
 * the referenced texts must be enough for protobufjs. It writes no message indexes: the payload
 * follows the 5-byte prefix directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { CONFLUENT } from '../support/test-app.js'
import { COMMON_TEXT, INVOICE_TEXT, ORDERS_TEXT } from './protobuf-descriptors.js'

let srv: ClientServer
beforeAll(async () => {
  srv = await startClientServer({ dialect: 'confluent' })
})
afterAll(() => srv?.close())

const raw = async (path: string) => {
  const res = await fetch(srv.url + path, { headers: { accept: CONFLUENT } })
  return { status: res.status, body: (await res.json()) as any }
}
const fresh = () => new SchemaRegistry({ host: srv.url, retry: { retries: 0 } })
/** protobufjs decodes to a Message instance; its JSON form (int64 as decimal strings) is what is compared. */
const plain = (decoded: unknown) => JSON.parse(JSON.stringify(decoded))

describe('@kafkajs/confluent-schema-registry with Protobuf', () => {
  const payload = { id: 'o-1', cents: 1250, tags: ['gift', 'express'], item: { sku: 'sku-9', qty: 3 } }

  it('registers .proto text with a message-typed field, encodes with the registry id and decodes with a fresh client', async () => {
    const { id } = await fresh().register({ type: SchemaType.PROTOBUF, schema: ORDERS_TEXT }, { subject: 'kjs-pb-orders-value' })
    const latest = await raw('/subjects/kjs-pb-orders-value/versions/latest')
    expect(latest.body).toMatchObject({ id, version: 1, schemaType: 'PROTOBUF' })
    // A client that never saw the schema fetches the text by id to encode, another one to decode.
    const bytes = await fresh().encode(id, payload)
    expect(bytes[0]).toBe(0)
    expect(wireId(bytes)).toBe(id)
    expect(plain(await fresh().decode(bytes))).toEqual({ ...payload, cents: '1250' })
  })

  it('rejects a payload the registered message does not allow', async () => {
    const { id } = await fresh().register({ type: SchemaType.PROTOBUF, schema: ORDERS_TEXT }, { subject: 'kjs-pb-invalid-value' })
    await expect(fresh().encode(id, { id: 'o-2', item: { qty: 'three' } })).rejects.toThrow(/invalid payload/)
  })

  it('finds the id of registered .proto text again from text with other whitespace and comments', async () => {
    const { id } = await fresh().register({ type: SchemaType.PROTOBUF, schema: ORDERS_TEXT }, { subject: 'kjs-pb-lookup-value' })
    const reformatted = `// orders, reformatted\n${ORDERS_TEXT.replace(/\n\s*/g, '\n    ').replace(/ = /g, '=')}`
    const registry = fresh()
    expect(await registry.getRegistryIdBySchema('kjs-pb-lookup-value', { type: SchemaType.PROTOBUF, schema: reformatted })).toBe(id)
    expect((await registry.register({ type: SchemaType.PROTOBUF, schema: reformatted }, { subject: 'kjs-pb-lookup-value' })).id).toBe(id)
    expect((await raw('/subjects/kjs-pb-lookup-value/versions')).body).toEqual([1])
  })

  it('registers a schema that imports another subject through references, and encodes and decodes through them', async () => {
    const common = await fresh().register({ type: SchemaType.PROTOBUF, schema: COMMON_TEXT }, { subject: 'kjs-pb-common' })
    const references = [{ name: 'acme/common.proto', subject: 'kjs-pb-common', version: 1 }]
    const { id } = await fresh().register({ type: SchemaType.PROTOBUF, schema: INVOICE_TEXT, references }, { subject: 'kjs-pb-invoice-value' })
    expect(id).not.toBe(common.id)
    expect((await raw('/subjects/kjs-pb-invoice-value/versions/latest')).body).toMatchObject({ id, references })
    expect((await raw('/subjects/kjs-pb-common/versions/1/referencedby')).body).toEqual([id])
    const invoice = { number: 'inv-1', total: { currency: 'EUR', units: 42 } }
    const bytes = await fresh().encode(id, invoice)
    expect(wireId(bytes)).toBe(id)
    expect(plain(await fresh().decode(bytes))).toEqual({ number: 'inv-1', total: { currency: 'EUR', units: '42' } })
  })

  it('refuses an import that no reference names, as 422 with the missing file in the message', async () => {
    const err = await fresh()
      .register({ type: SchemaType.PROTOBUF, schema: INVOICE_TEXT }, { subject: 'kjs-pb-unresolved-value' })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 422 })
    expect((err as Error).message).toContain('acme/common.proto')
    expect((await raw('/subjects/kjs-pb-unresolved-value/versions')).status).toBe(404)
  })
})
