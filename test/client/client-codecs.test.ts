/**
 * The client's `encode`/`decode` (Confluent's wire format) for Avro, JSON Schema and Protobuf against
 * the real server: round trips, references resolved through the registry, message indexes, and
 * values that do not fit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRegistryClient, type RegistryClient } from '../../src/client/index.js'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { orderV2 } from '../support/schemas.js'
import { COMMON_TEXT, EVENT_TEXT, INVOICE_TEXT, ORDERS_TEXT } from '../clients/protobuf-descriptors.js'

const money = JSON.stringify({
  type: 'record',
  name: 'Money',
  namespace: 'com.acme',
  fields: [
    { name: 'currency', type: 'string' },
    { name: 'units', type: 'long' },
  ],
})
const payment = JSON.stringify({
  type: 'record',
  name: 'Payment',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'total', type: 'com.acme.Money' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
})
const addressJson = JSON.stringify({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] })
const personJson = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, home: { $ref: 'address.json' }, email: { type: 'string', format: 'email' } },
  required: ['name'],
})

/** Magic byte 0 and the id, big-endian. */
const header = (id: number): number[] => [0, (id >>> 24) & 255, (id >>> 16) & 255, (id >>> 8) & 255, id & 255]

describe('client encode and decode', () => {
  let srv: ClientServer
  let c: RegistryClient
  beforeAll(async () => {
    srv = await startClientServer({ dialect: 'openschema' })
    c = createRegistryClient({ url: srv.url })
  })
  afterAll(async () => {
    await c?.close()
    await srv?.close()
  })

  describe('Avro', () => {
    it('writes magic byte 0, the latest id and avsc binary, and reads it back', async () => {
      const { id } = await c.register('avro-rt-value', { schema: orderV2 })
      const value = { id: 'o-1', amount: 12.5 }
      const bytes = await c.encode('avro-rt-value', value)
      expect(bytes[0]).toBe(0)
      expect(wireId(Buffer.from(bytes))).toBe(id)
      // Avro binary: a string is its zigzag length then UTF-8, a double 8 little-endian bytes
      expect([...bytes.subarray(5, 9)]).toEqual([6, ...Buffer.from('o-1')])
      expect(bytes.length).toBe(5 + 4 + 8)
      expect(await c.decode(bytes)).toEqual(value)
    })

    it('resolves a named type of another subject through its reference', async () => {
      await c.register('com.acme.Money', { schema: money })
      const { id } = await c.register('payment-value', { schema: payment, references: [{ name: 'com.acme.Money', subject: 'com.acme.Money', version: 1 }] })
      const value = { id: 'p-1', total: { currency: 'EUR', units: 1234 }, note: 'paid' }
      const bytes = await c.encode('payment-value', value)
      expect(wireId(Buffer.from(bytes))).toBe(id)
      expect(await createRegistryClient({ url: srv.url }).decode(bytes)).toEqual(value)
    })

    it('refuses a value that does not fit, naming where', async () => {
      await c.register('avro-bad-value', { schema: orderV2 })
      await expect(c.encode('avro-bad-value', { id: 7, amount: 1 })).rejects.toThrow(/\/id: 7 is not a valid string/)
    })

    it('refuses bytes that are not in the wire format or not of the schema', async () => {
      const { id } = await c.register('avro-garbage-value', { schema: orderV2 })
      await expect(c.decode(Uint8Array.of(1, 0, 0, 0, 1, 2))).rejects.toThrow(/wire format/)
      await expect(c.decode(Uint8Array.from([...header(id), 0xff, 0xff]))).rejects.toThrow()
    })
  })

  describe('JSON Schema', () => {
    it('writes the UTF-8 JSON text after the header, validated with the $ref resolved through its reference', async () => {
      await c.register('address.json', { schema: addressJson, schemaType: 'JSON' })
      const { id } = await c.register('person-value', {
        schema: personJson,
        schemaType: 'JSON',
        references: [{ name: 'address.json', subject: 'address.json', version: 1 }],
      })
      const value = { name: 'Ada', age: 36, home: { city: 'London' }, email: 'ada@example.com' }
      const bytes = await c.encode('person-value', value)
      expect(wireId(Buffer.from(bytes))).toBe(id)
      expect(JSON.parse(Buffer.from(bytes.subarray(5)).toString('utf8'))).toEqual(value)
      expect(await c.decode(bytes)).toEqual(value)
    })

    it('refuses to write or read a value the schema forbids (a referenced schema and a format included)', async () => {
      await expect(c.encode('person-value', { name: 'Ada', home: {} })).rejects.toThrow(/\/home must have required property 'city'/)
      await expect(c.encode('person-value', { name: 'Ada', email: 'not an address' })).rejects.toThrow(/\/email must match format "email"/)
      const { id } = await c.latest('person-value')
      const forged = Uint8Array.from([...header(id), ...Buffer.from('{"age": -1}')])
      await expect(c.decode(forged)).rejects.toThrow(/must have required property 'name'/)
    })
  })

  describe('Protobuf', () => {
    it('writes the first message with message index [0] as one 0 byte, and reads it back', async () => {
      const { id } = await c.register('pb-orders-value', { schema: ORDERS_TEXT, schemaType: 'PROTOBUF' })
      const value = { id: 'o-1', cents: '1250', tags: ['gift', 'express'], item: { sku: 'sku-9', qty: 3 } }
      const bytes = await c.encode('pb-orders-value', value)
      expect(wireId(Buffer.from(bytes))).toBe(id)
      expect(bytes[5]).toBe(0)
      expect(await c.decode(bytes)).toEqual(value)
      // int64 given as a bigint (as generated code holds it) is read back as its decimal string
      expect(await c.decode(await c.encode('pb-orders-value', { ...value, cents: 9007199254740993n }))).toEqual({ ...value, cents: '9007199254740993' })
    })

    it('writes another message by name with its index path, which decode follows', async () => {
      await c.register('pb-orders-value', { schema: ORDERS_TEXT, schemaType: 'PROTOBUF' })
      const bytes = await c.encode('pb-orders-value', { sku: 'only-item', qty: 7 }, { message: 'acme.orders.v1.Item' })
      // indexes [1]: a zigzag count 1 (byte 2), then the index 1 (byte 2)
      expect([...bytes.subarray(5, 7)]).toEqual([2, 2])
      expect(await c.decode(bytes)).toEqual({ sku: 'only-item', qty: 7 })
      await expect(c.encode('pb-orders-value', {}, { message: 'acme.orders.v1.Nope' })).rejects.toThrow(/no message acme.orders.v1.Nope/)
    })

    it('resolves an import through its reference, and a well-known import without one', async () => {
      await c.register('acme/common.proto', { schema: COMMON_TEXT, schemaType: 'PROTOBUF' })
      await c.register('pb-invoice-value', {
        schema: INVOICE_TEXT,
        schemaType: 'PROTOBUF',
        references: [{ name: 'acme/common.proto', subject: 'acme/common.proto', version: 1 }],
      })
      const invoice = { number: 'inv-1', total: { currency: 'EUR', units: '42' } }
      expect(await createRegistryClient({ url: srv.url }).decode(await c.encode('pb-invoice-value', invoice))).toEqual(invoice)
      await c.register('pb-event-value', { schema: EVENT_TEXT, schemaType: 'PROTOBUF' })
      const event = { name: 'shipped', at: { seconds: '1714979289', nanos: 123000000 } }
      expect(await c.decode(await c.encode('pb-event-value', event))).toEqual(event)
    })

    it('refuses a record whose message index path the schema does not have', async () => {
      const { id } = await c.register('pb-orders-value', { schema: ORDERS_TEXT, schemaType: 'PROTOBUF' })
      await expect(c.decode(Uint8Array.from([...header(id), 2, 10]))).rejects.toThrow(/no message at index path \[5\]/)
    })
  })
})
