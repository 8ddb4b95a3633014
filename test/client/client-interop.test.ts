/**
 * Our client's wire format against `@confluentinc/schemaregistry` (1.10.1), both ways, for the three
 * formats, through the real server: what our `encode` writes their deserializers read, and what their
 * serializers write our `decode` reads. Their serializers run without auto-registration, with the
 * latest version our client registered (`useLatestVersion`), so both sides use the same schema id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { create, createMutableRegistry, type DescMessage } from '@bufbuild/protobuf'
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry'
import { createRegistryClient, type RegistryClient } from '../../src/client/index.js'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { orderV2 } from '../support/schemas.js'
import { INVOICE_TEXT, COMMON_TEXT, ORDERS_TEXT, commonFile, invoiceFile, ordersFile, registryOf } from '../clients/protobuf-descriptors.js'

const personJson = JSON.stringify({
  type: 'object',
  properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
  required: ['name'],
})

const msg = (reg: { registry: { getMessage(n: string): DescMessage | undefined } }, typeName: string): DescMessage => {
  const desc = reg.registry.getMessage(typeName)
  if (!desc) throw new Error(`no message ${typeName}`)
  return desc
}

describe('client wire format interop with @confluentinc/schemaregistry', () => {
  let srv: ClientServer
  let ours: RegistryClient
  const theirs: SchemaRegistryClient[] = []
  const their = () => {
    const client = new SchemaRegistryClient({ baseURLs: [srv.url], maxRetries: 0 })
    theirs.push(client)
    return client
  }
  const latestOnly = { autoRegisterSchemas: false, useLatestVersion: true }
  beforeAll(async () => {
    srv = await startClientServer({ dialect: 'openschema' })
    ours = createRegistryClient({ url: srv.url })
  })
  afterAll(async () => {
    for (const t of theirs) await t.close()
    await ours?.close()
    await srv?.close()
  })

  describe('Avro', () => {
    const value = { id: 'o-7', amount: 99.25 }
    it('our encode → their AvroDeserializer', async () => {
      await ours.register('ia-avro-value', { schema: orderV2 })
      const bytes = await ours.encode('ia-avro-value', value)
      expect(await new AvroDeserializer(their(), SerdeType.VALUE, {}).deserialize('ia-avro', Buffer.from(bytes))).toEqual(value)
    })
    it('their AvroSerializer → our decode', async () => {
      const { id } = await ours.register('ia-avro-value', { schema: orderV2 })
      const bytes = await new AvroSerializer(their(), SerdeType.VALUE, latestOnly).serialize('ia-avro', value)
      expect(wireId(bytes)).toBe(id)
      expect(await createRegistryClient({ url: srv.url }).decode(bytes)).toEqual(value)
    })
  })

  describe('JSON Schema', () => {
    const value = { name: 'Ada', tags: ['x', 'y'] }
    it('our encode → their JsonDeserializer (validating)', async () => {
      await ours.register('ia-json-value', { schema: personJson, schemaType: 'JSON' })
      const bytes = await ours.encode('ia-json-value', value)
      expect(await new JsonDeserializer(their(), SerdeType.VALUE, { validate: true }).deserialize('ia-json', Buffer.from(bytes))).toEqual(value)
    })
    it('their JsonSerializer → our decode', async () => {
      const { id } = await ours.register('ia-json-value', { schema: personJson, schemaType: 'JSON' })
      const bytes = await new JsonSerializer(their(), SerdeType.VALUE, { ...latestOnly, validate: true }).serialize('ia-json', value)
      expect(wireId(bytes)).toBe(id)
      expect(await createRegistryClient({ url: srv.url }).decode(bytes)).toEqual(value)
    })
  })

  describe('Protobuf', () => {
    const orders = registryOf(ordersFile())
    const billing = registryOf(commonFile(), invoiceFile())
    const Order = msg(orders, 'acme.orders.v1.Order')
    const Item = msg(orders, 'acme.orders.v1.Item')
    const Invoice = msg(billing, 'acme.billing.v1.Invoice')
    const Money = msg(billing, 'acme.common.v1.Money')
    const serializer = (reg: { registry: Parameters<typeof createMutableRegistry>[0] }) =>
      new ProtobufSerializer(their(), SerdeType.VALUE, { ...latestOnly, registry: createMutableRegistry(reg.registry) })
    const deserializer = () => new ProtobufDeserializer(their(), SerdeType.VALUE, {})
    const plainOrder = { id: 'o-1', cents: '1250', tags: ['gift', 'express'], item: { sku: 'sku-9', qty: 3 } }
    const genOrder = () => create(Order, { id: 'o-1', cents: 1250n, tags: ['gift', 'express'], item: create(Item, { sku: 'sku-9', qty: 3 }) })

    it('our encode → their ProtobufDeserializer, first message and a second message by its index', async () => {
      await ours.register('ia-pb-value', { schema: ORDERS_TEXT, schemaType: 'PROTOBUF' })
      expect(await deserializer().deserialize('ia-pb', Buffer.from(await ours.encode('ia-pb-value', plainOrder)))).toEqual(genOrder())
      const item = await ours.encode('ia-pb-value', { sku: 'solo', qty: 2 }, { message: 'acme.orders.v1.Item' })
      const decoded = await deserializer().deserialize('ia-pb', Buffer.from(item))
      expect(decoded.$typeName).toBe('acme.orders.v1.Item')
      expect(decoded).toEqual(create(Item, { sku: 'solo', qty: 2 }))
    })

    it('their ProtobufSerializer → our decode, first message and a second message by its index', async () => {
      const { id } = await ours.register('ia-pb-value', { schema: ORDERS_TEXT, schemaType: 'PROTOBUF' })
      const bytes = await serializer(orders).serialize('ia-pb', genOrder())
      expect(wireId(bytes)).toBe(id)
      expect(await createRegistryClient({ url: srv.url }).decode(bytes)).toEqual(plainOrder)
      const item = await serializer(orders).serialize('ia-pb', create(Item, { sku: 'solo', qty: 2 }))
      expect([...item.subarray(5, 7)]).toEqual([2, 2])
      expect(await ours.decode(item)).toEqual({ sku: 'solo', qty: 2 })
    })

    it('both ways through an imported file registered under its own subject and referenced', async () => {
      await ours.register('acme/common.proto', { schema: COMMON_TEXT, schemaType: 'PROTOBUF' })
      await ours.register('ia-invoice-value', {
        schema: INVOICE_TEXT,
        schemaType: 'PROTOBUF',
        references: [{ name: 'acme/common.proto', subject: 'acme/common.proto', version: 1 }],
      })
      const generated = create(Invoice, { number: 'inv-1', total: create(Money, { currency: 'EUR', units: 42n }) })
      const plain = { number: 'inv-1', total: { currency: 'EUR', units: '42' } }
      expect(await deserializer().deserialize('ia-invoice', Buffer.from(await ours.encode('ia-invoice-value', plain)))).toEqual(generated)
      expect(await createRegistryClient({ url: srv.url }).decode(await serializer(billing).serialize('ia-invoice', generated))).toEqual(plain)
    })
  })
})
