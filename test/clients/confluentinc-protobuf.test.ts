/**
 * `@confluentinc/schemaregistry` (1.10.1) ProtobufSerializer / ProtobufDeserializer against the real
 * server on a real socket, with messages built from `@bufbuild/protobuf` descriptors made at runtime
 * (test/clients/protobuf-descriptors.ts), as generated code would provide them.
 *
 * What the client does (read from its dist/serde/protobuf.js and serde.js):
 * - The serializer sends base64 of the message's `FileDescriptorProto` as `schema`, never text: with
 *   auto-registration `POST /subjects/{s}/versions`, without it the lookup `POST /subjects/{s}`.
 *   With `useLatestVersion` it sends nothing and reads `GET /subjects/{s}/versions/latest?format=serialized`.
 * - Each non-well-known import is registered (or looked up) first under a subject named after the
 *   import path itself (`acme/common.proto`; this version has no reference subject name strategy) and
 *   referenced as `{name: "acme/common.proto", subject: "acme/common.proto", version}`. Imports under
 *   `google/protobuf/`, `google/type/` and `confluent/` are skipped: no reference.
 * - The deserializer reads the writer schema with `GET /schemas/ids/{id}?subject=...&format=serialized`
 *   and each reference with `GET /subjects/{s}/versions/{v}?deleted=true&format=serialized`, decodes
 *   the descriptors and picks the message by the message indexes that follow the 5-byte prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { create, createMutableRegistry, fromBinary, type DescMessage } from '@bufbuild/protobuf'
import { FileDescriptorProtoSchema, timestampFromDate } from '@bufbuild/protobuf/wkt'
import { ProtobufDeserializer, ProtobufSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { CONFLUENT } from '../support/test-app.js'
import { COMMON_TEXT, EVENT_TEXT, INVOICE_TEXT, ORDERS_TEXT, commonFile, eventFile, invoiceFile, ordersFile, registryOf } from './protobuf-descriptors.js'

const newClient = (url: string) => new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 })

const orders = registryOf(ordersFile())
const billing = registryOf(commonFile(), invoiceFile())
const events = registryOf(eventFile())
const msg = (reg: { registry: { getMessage(n: string): DescMessage | undefined } }, typeName: string): DescMessage => {
  const desc = reg.registry.getMessage(typeName)
  if (!desc) throw new Error(`no message ${typeName}`)
  return desc
}
const Order = msg(orders, 'acme.orders.v1.Order')
const Item = msg(orders, 'acme.orders.v1.Item')
const Invoice = msg(billing, 'acme.billing.v1.Invoice')
const Money = msg(billing, 'acme.common.v1.Money')
const Event = msg(events, 'acme.events.v1.Event')

const order = () => create(Order, { id: 'o-1', cents: 1250n, tags: ['gift', 'express'], item: create(Item, { sku: 'sku-9', qty: 3 }) })

describe('@confluentinc/schemaregistry Protobuf serializer and deserializer', () => {
  let srv: ClientServer
  beforeAll(async () => {
    // The server default is OpenSchema: this client's Confluent media type picks the dialect (docs/API.md §1 rule 2).
    srv = await startClientServer({ dialect: 'openschema' })
  })
  afterAll(() => srv?.close())

  const raw = async (path: string) => {
    const res = await fetch(srv.url + path, { headers: { accept: CONFLUENT } })
    return { status: res.status, body: (await res.json()) as any }
  }
  const serializer = (conf: { autoRegisterSchemas: boolean; useLatestVersion?: boolean }, reg: { registry: Parameters<typeof createMutableRegistry>[0] }) =>
    new ProtobufSerializer(newClient(srv.url), SerdeType.VALUE, { ...conf, registry: createMutableRegistry(reg.registry) })
  const deserializer = () => new ProtobufDeserializer(newClient(srv.url), SerdeType.VALUE, {})

  it('auto-registers the base64 descriptor on serialize, frames with magic byte 0 and the id, and decodes with a fresh client', async () => {
    const original = order()
    const bytes = await serializer({ autoRegisterSchemas: true }, orders).serialize('pb-auto', original)
    const latest = await raw('/subjects/pb-auto-value/versions/latest')
    expect(latest.status).toBe(200)
    expect(latest.body).toMatchObject({ version: 1, schemaType: 'PROTOBUF' })
    expect(bytes[0]).toBe(0)
    expect(wireId(bytes)).toBe(latest.body.id)
    // Message indexes [0] (the first message of the file) are written as the single byte 0.
    expect(bytes[5]).toBe(0)
    // The registry stored the descriptor as a schema it serves as .proto text.
    expect(latest.body.schema).toMatch(/message Order \{[^}]*Item item = 4;/)
    expect(latest.body).not.toHaveProperty('references')
    expect(await deserializer().deserialize('pb-auto', bytes)).toEqual(original)
    // A new serializer (no cache) finds the same content: same id, no new version.
    const again = await serializer({ autoRegisterSchemas: true }, orders).serialize('pb-auto', order())
    expect(wireId(again)).toBe(latest.body.id)
    expect((await raw('/subjects/pb-auto-value/versions')).body).toEqual([1])
  })

  it('decodes the second message of a file by its message index, which needs the served descriptor to keep message order', async () => {
    const original = create(Item, { sku: 'only-item', qty: 7 })
    const bytes = await serializer({ autoRegisterSchemas: true }, orders).serialize('pb-index', original)
    // Indexes [1]: a zig-zag count 1 (byte 2) then the index 1 (byte 2).
    expect([...bytes.subarray(5, 7)]).toEqual([2, 2])
    const decoded = await deserializer().deserialize('pb-index', bytes)
    expect(decoded.$typeName).toBe('acme.orders.v1.Item')
    expect(decoded).toEqual(original)
  })

  it('without auto-registration, serializes with the latest version registered beforehand as .proto text (useLatestVersion)', async () => {
    const id = await newClient(srv.url).register('pb-latest-value', { schemaType: 'PROTOBUF', schema: ORDERS_TEXT })
    const original = order()
    const bytes = await serializer({ autoRegisterSchemas: false, useLatestVersion: true }, orders).serialize('pb-latest', original)
    expect(bytes[0]).toBe(0)
    expect(wireId(bytes)).toBe(id)
    expect(await deserializer().deserialize('pb-latest', bytes)).toEqual(original)
    expect((await raw('/subjects/pb-latest-value/versions')).body).toEqual([1])
  })

  it('without auto-registration, finds a schema registered as .proto text by looking up its descriptor: same id', async () => {
    const id = await newClient(srv.url).register('pb-lookup-value', { schemaType: 'PROTOBUF', schema: ORDERS_TEXT })
    const original = order()
    // This serializer sends base64 of the descriptor to POST /subjects/pb-lookup-value.
    const bytes = await serializer({ autoRegisterSchemas: false }, orders).serialize('pb-lookup', original)
    expect(wireId(bytes)).toBe(id)
    expect(await deserializer().deserialize('pb-lookup', bytes)).toEqual(original)
    expect((await raw('/subjects/pb-lookup-value/versions')).body).toEqual([1])
  })

  it('without auto-registration, refuses to serialize a message whose schema the subject does not hold (40403)', async () => {
    await newClient(srv.url).register('pb-refuse-value', { schemaType: 'PROTOBUF', schema: EVENT_TEXT })
    const err = await serializer({ autoRegisterSchemas: false }, orders)
      .serialize('pb-refuse', order())
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 404, errorCode: 40403 })
    expect((await raw('/subjects/pb-refuse-value/versions')).body).toEqual([1])
  })

  it('registers an imported file under its own subject, references it, and decodes through the reference', async () => {
    const original = create(Invoice, { number: 'inv-1', total: create(Money, { currency: 'EUR', units: 42n }) })
    const bytes = await serializer({ autoRegisterSchemas: true }, billing).serialize('pb-invoice', original)
    const common = await raw(`/subjects/${encodeURIComponent('acme/common.proto')}/versions/latest`)
    expect(common.status).toBe(200)
    expect(common.body).toMatchObject({ subject: 'acme/common.proto', version: 1, schemaType: 'PROTOBUF' })
    expect(common.body.schema).toMatch(/message Money/)
    const latest = await raw('/subjects/pb-invoice-value/versions/latest')
    expect(latest.body).toMatchObject({
      version: 1,
      schemaType: 'PROTOBUF',
      references: [{ name: 'acme/common.proto', subject: 'acme/common.proto', version: 1 }],
    })
    expect(latest.body.schema).toContain('import "acme/common.proto";')
    expect(wireId(bytes)).toBe(latest.body.id)
    expect((await raw(`/subjects/${encodeURIComponent('acme/common.proto')}/versions/1/referencedby`)).body).toEqual([latest.body.id])
    expect(await deserializer().deserialize('pb-invoice', bytes)).toEqual(original)
  })

  it('without auto-registration, finds an importing schema and its import registered beforehand as text: same ids', async () => {
    const client = newClient(srv.url)
    await client.register('acme/common.proto', { schemaType: 'PROTOBUF', schema: COMMON_TEXT })
    const id = await client.register('pb-invoice-text-value', {
      schemaType: 'PROTOBUF',
      schema: INVOICE_TEXT,
      references: [{ name: 'acme/common.proto', subject: 'acme/common.proto', version: 1 }],
    })
    const original = create(Invoice, { number: 'inv-2', total: create(Money, { currency: 'USD', units: 7n }) })
    const bytes = await serializer({ autoRegisterSchemas: false }, billing).serialize('pb-invoice-text', original)
    expect(wireId(bytes)).toBe(id)
    expect(await deserializer().deserialize('pb-invoice-text', bytes)).toEqual(original)
    expect((await raw(`/subjects/${encodeURIComponent('acme/common.proto')}/versions`)).body).toEqual([1])
  })

  it('resolves a well-known import (google/protobuf/timestamp.proto) without a reference', async () => {
    const original = create(Event, { name: 'shipped', at: timestampFromDate(new Date('2024-05-06T07:08:09.123Z')) })
    const bytes = await serializer({ autoRegisterSchemas: true }, events).serialize('pb-event', original)
    const latest = await raw('/subjects/pb-event-value/versions/latest')
    expect(latest.status).toBe(200)
    expect(latest.body).toMatchObject({ version: 1, schemaType: 'PROTOBUF' })
    expect(latest.body).not.toHaveProperty('references')
    expect(latest.body.schema).toContain('import "google/protobuf/timestamp.proto";')
    expect(wireId(bytes)).toBe(latest.body.id)
    // The served descriptor keeps the import, so a reader resolves the Timestamp type.
    const served = fromBinary(FileDescriptorProtoSchema, Buffer.from((await raw(`/schemas/ids/${latest.body.id}?format=serialized`)).body.schema, 'base64'))
    expect(served.dependency).toEqual(['google/protobuf/timestamp.proto'])
    expect(await deserializer().deserialize('pb-event', bytes)).toEqual(original)
    // The same schema registered as text by another client is the same content.
    expect(await newClient(srv.url).register('pb-event-value', { schemaType: 'PROTOBUF', schema: EVENT_TEXT })).toBe(latest.body.id)
  })
})
