/**
 * A set of .proto files published in one call (docs/EXTENSIONS.md §9) is laid out as
 * `@confluentinc/schemaregistry`'s Protobuf serializer lays out what it registers itself (each import
 * under a subject named by its path, referenced by that path), so the client finds the published
 * schemas without registering anything and its deserializer reads the messages through the references.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { create, createMutableRegistry, type DescMessage } from '@bufbuild/protobuf'
import { ProtobufDeserializer, ProtobufSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { CONFLUENT } from '../support/test-app.js'
import { COMMON_TEXT, INVOICE_TEXT, commonFile, invoiceFile, registryOf } from './protobuf-descriptors.js'

const billing = registryOf(commonFile(), invoiceFile())
const msg = (typeName: string): DescMessage => {
  const desc = billing.registry.getMessage(typeName)
  if (!desc) throw new Error(`no message ${typeName}`)
  return desc
}
const Invoice = msg('acme.billing.v1.Invoice')
const Money = msg('acme.common.v1.Money')

describe('@confluentinc/schemaregistry reads a published set of .proto files', () => {
  let srv: ClientServer
  beforeAll(async () => {
    srv = await startClientServer({ dialect: 'openschema' })
  })
  afterAll(() => srv?.close())

  const newClient = () => new SchemaRegistryClient({ baseURLs: [srv.url], maxRetries: 0 })
  const versionsOf = async (subject: string) => (await fetch(`${srv.url}/subjects/${encodeURIComponent(subject)}/versions`, { headers: { accept: CONFLUENT } })).json()

  it('serializes with the published ids without registering, and deserializes through the references', async () => {
    const res = await fetch(`${srv.url}/subjects/published-invoices-value/versions`, {
      method: 'POST',
      headers: { 'content-type': CONFLUENT, accept: CONFLUENT },
      body: JSON.stringify({ schemaType: 'PROTOBUF', files: { 'acme/invoice.proto': INVOICE_TEXT, 'acme/common.proto': COMMON_TEXT }, root: 'acme/invoice.proto' }),
    })
    expect(res.status).toBe(200)
    const published = (await res.json()) as { id: number }
    const original = create(Invoice, { number: 'inv-9', total: create(Money, { currency: 'EUR', units: 99n }) })
    for (const conf of [{ autoRegisterSchemas: false }, { autoRegisterSchemas: false, useLatestVersion: true }]) {
      const serializer = new ProtobufSerializer(newClient(), SerdeType.VALUE, { ...conf, registry: createMutableRegistry(billing.registry) })
      const bytes = await serializer.serialize('published-invoices', original)
      expect(wireId(bytes)).toBe(published.id)
      expect(await new ProtobufDeserializer(newClient(), SerdeType.VALUE, {}).deserialize('published-invoices', bytes)).toEqual(original)
    }
    // the client found what was published: nothing new was registered
    expect(await versionsOf('acme/common.proto')).toEqual([1])
    expect(await versionsOf('published-invoices-value')).toEqual([1])
  })
})
