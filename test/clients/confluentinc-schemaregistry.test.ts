/**
 * `@confluentinc/schemaregistry` (1.10.1) against the real server on a real socket.
 *
 * Dialect (docs/API.md §1): this client's RestService (axios) sets
 * `Content-Type: application/vnd.schemaregistry.v1+json` as a common header, and axios sends it on
 * every request, GETs and DELETEs included (Accept is axios' `application/json, text/plain, *\/*`).
 * So every request it makes is answered in the Confluent dialect by rule 2, whatever API_DIALECT says;
 * the whole suite runs twice to prove it: once with the server default `confluent` and once with the
 * default `openschema`. No request of this client arrives without the Confluent media type, so it
 * needs no `API_DIALECT=confluent` (that is only for clients that send none, docs/API.md §1 rule 4).
 *
 * The serializers also probe `GET /associations/resources/-/{topic}` (the default subject name
 * strategy is ASSOCIATED with a TOPIC fallback): the server answers `[]`, so subjects are
 * `{topic}-value`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AvroDeserializer, AvroSerializer, Compatibility, JsonDeserializer, JsonSerializer, RestError, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { CONFLUENT, OPENSCHEMA } from '../support/test-app.js'
import { orderNoDefault, orderV1, orderV2 } from '../support/schemas.js'

/** A fresh client each time, so nothing is answered from another client's cache. */
const newClient = (url: string) => new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 })

describe.each(['confluent', 'openschema'] as const)('@confluentinc/schemaregistry (server default dialect %s)', (dialect) => {
  let srv: ClientServer
  let client: SchemaRegistryClient
  beforeAll(async () => {
    srv = await startClientServer({ dialect })
    client = newClient(srv.url)
  })
  afterAll(async () => {
    await client?.close()
    await srv?.close()
  })

  /** What the registry itself says, read without any client library (Confluent media type). */
  const raw = async (path: string) => {
    const res = await fetch(srv.url + path, { headers: { accept: CONFLUENT } })
    return { status: res.status, body: (await res.json()) as any }
  }

  it(`answers a request without a media type in the server default (${dialect}), and one with this client's headers in Confluent`, async () => {
    const bare = await fetch(`${srv.url}/subjects`)
    expect(bare.headers.get('content-type')).toContain(dialect === 'confluent' ? CONFLUENT : OPENSCHEMA)
    // The headers axios sends for this client on a GET (see the comment at the top).
    const asClient = await fetch(`${srv.url}/subjects`, {
      headers: { 'content-type': CONFLUENT, accept: 'application/json, text/plain, */*' },
    })
    expect(asClient.headers.get('content-type')).toContain(CONFLUENT)
  })

  describe('client calls', () => {
    it('registers a schema and reads it back by id, by content, as latest and as a version number', async () => {
      const id = await client.register('calls-value', { schemaType: 'AVRO', schema: orderV1 })
      expect(id).toBeGreaterThan(0)
      const other = newClient(srv.url)
      try {
        const byId = await other.getBySubjectAndId('calls-value', id)
        expect(JSON.parse(byId.schema)).toEqual(JSON.parse(orderV1))
        expect(byId.schemaType ?? 'AVRO').toBe('AVRO')
        expect(await other.getId('calls-value', { schemaType: 'AVRO', schema: orderV1 })).toBe(id)
        const latest = await other.getLatestSchemaMetadata('calls-value')
        expect(latest).toMatchObject({ id, version: 1, subject: 'calls-value' })
        expect(JSON.parse(latest.schema)).toEqual(JSON.parse(orderV1))
        expect(await other.getVersion('calls-value', { schemaType: 'AVRO', schema: orderV1 })).toBe(1)
        const v1 = await other.getSchemaMetadata('calls-value', 1)
        expect(v1).toMatchObject({ id, version: 1, subject: 'calls-value' })
      } finally {
        await other.close()
      }
    })

    it('answers the same id when the same schema is registered again, with whitespace changed', async () => {
      const a = await client.register('again-value', { schemaType: 'AVRO', schema: orderV1 })
      const b = await newClient(srv.url).register('again-value', { schemaType: 'AVRO', schema: JSON.stringify(JSON.parse(orderV1), null, 2) })
      expect(b).toBe(a)
      expect(await newClient(srv.url).getAllVersions('again-value')).toEqual([1])
    })

    it('registers a new version and lists subjects and versions', async () => {
      const full1 = await client.registerFullResponse('list-value', { schemaType: 'AVRO', schema: orderV1 })
      const full2 = await client.registerFullResponse('list-value', { schemaType: 'AVRO', schema: orderV2 })
      expect(full1).toMatchObject({ id: expect.any(Number), version: 1 })
      expect(full2).toMatchObject({ id: expect.any(Number), version: 2 })
      expect(full2.id).not.toBe(full1.id)
      expect(await client.getAllVersions('list-value')).toEqual([1, 2])
      const subjects = await client.getAllSubjects()
      expect(subjects).toContain('list-value')
      expect(subjects).toEqual([...subjects].sort())
    })

    it('tests compatibility against the latest and a given version, and rejects an incompatible registration with 409/40901', async () => {
      await client.register('compat-value', { schemaType: 'AVRO', schema: orderV1 })
      expect(await client.testSubjectCompatibility('compat-value', { schemaType: 'AVRO', schema: orderV2 })).toBe(true)
      expect(await client.testSubjectCompatibility('compat-value', { schemaType: 'AVRO', schema: orderNoDefault })).toBe(false)
      expect(await client.testCompatibility('compat-value', 1, { schemaType: 'AVRO', schema: orderNoDefault })).toBe(false)
      const err = await client.register('compat-value', { schemaType: 'AVRO', schema: orderNoDefault }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RestError)
      expect(err).toMatchObject({ status: 409, errorCode: 40901 })
      expect(await client.getAllVersions('compat-value')).toEqual([1])
    })

    it('sets a subject level with updateConfig and updateCompatibility, reads it back, and honours it', async () => {
      await client.register('level-value', { schemaType: 'AVRO', schema: orderV1 })
      const missing = await client.getCompatibility('level-value').catch((e: unknown) => e)
      expect(missing).toMatchObject({ status: 404, errorCode: 40408 })
      const updated = await client.updateConfig('level-value', { compatibility: Compatibility.NONE })
      expect(updated.compatibility).toBe(Compatibility.NONE)
      expect(await client.getCompatibility('level-value')).toBe(Compatibility.NONE)
      expect((await client.getConfig('level-value')).compatibilityLevel).toBe(Compatibility.NONE)
      // NONE lets the schema BACKWARD would refuse through.
      const id = await client.register('level-value', { schemaType: 'AVRO', schema: orderNoDefault })
      expect(id).toBeGreaterThan(0)
      expect(await client.getAllVersions('level-value')).toEqual([1, 2])
      expect(await client.updateCompatibility('level-value', Compatibility.FULL_TRANSITIVE)).toBe(Compatibility.FULL_TRANSITIVE)
      expect(await newClient(srv.url).getCompatibility('level-value')).toBe(Compatibility.FULL_TRANSITIVE)
      expect(await client.getDefaultCompatibility()).toBe(Compatibility.BACKWARD)
    })

    it('soft-deletes a subject (ids stay readable), then deletes it permanently', async () => {
      const id1 = await client.register('gone-value', { schemaType: 'AVRO', schema: orderV1 })
      await client.register('gone-value', { schemaType: 'AVRO', schema: orderV2 })
      expect(await client.deleteSubject('gone-value')).toEqual([1, 2])
      expect(await client.getAllSubjects()).not.toContain('gone-value')
      const other = newClient(srv.url)
      try {
        expect(await other.getLatestSchemaMetadata('gone-value').catch((e: unknown) => e)).toMatchObject({ status: 404, errorCode: 40401 })
        expect(await other.getAllVersions('gone-value').catch((e: unknown) => e)).toMatchObject({ status: 404, errorCode: 40401 })
        // Old data can still be decoded: the id keeps its content after a soft delete.
        expect(JSON.parse((await other.getBySubjectAndId('gone-value', id1)).schema)).toEqual(JSON.parse(orderV1))
        expect(await other.deleteSubject('gone-value', true)).toEqual([1, 2])
        expect((await raw('/subjects?deleted=true')).body).not.toContain('gone-value')
        // A permanent delete restarts the versions at 1.
        const again = await other.registerFullResponse('gone-value', { schemaType: 'AVRO', schema: orderV2 })
        expect(again.version).toBe(1)
      } finally {
        await other.close()
      }
    })

    it('surfaces an unknown id as a RestError 404/40403', async () => {
      const err = await client.getBySubjectAndId('calls-value', 987654).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RestError)
      expect(err).toMatchObject({ status: 404, errorCode: 40403 })
    })
  })

  describe('Avro serializer and deserializer', () => {
    const order = { id: 'o-1', amount: 12.5 }

    it('auto-registers the schema on serialize, frames the message with magic byte 0 and the id, and decodes it', async () => {
      const ser = new AvroSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: true })
      const bytes = await ser.serialize('avro-auto', order)
      expect(bytes[0]).toBe(0)
      const latest = await raw('/subjects/avro-auto-value/versions/latest')
      expect(latest.status).toBe(200)
      expect(latest.body).toMatchObject({ version: 1, schemaType: 'AVRO' })
      expect(wireId(bytes)).toBe(latest.body.id)
      // The serializer registers the schema it derives from the message (a record named Record1).
      expect(JSON.parse(latest.body.schema)).toMatchObject({ type: 'record', name: 'Record1' })
      const de = new AvroDeserializer(newClient(srv.url), SerdeType.VALUE, {})
      expect(await de.deserialize('avro-auto', bytes)).toEqual(order)
      // Serializing again (a new client, so no cache) reuses the id and writes no new version.
      const again = await new AvroSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: true }).serialize('avro-auto', order)
      expect(wireId(again)).toBe(latest.body.id)
      expect((await raw('/subjects/avro-auto-value/versions')).body).toEqual([1])
    })

    it('without auto-registration, uses the latest version registered beforehand (useLatestVersion)', async () => {
      const id = await client.register('avro-latest-value', { schemaType: 'AVRO', schema: orderV2 })
      const ser = new AvroSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true })
      const bytes = await ser.serialize('avro-latest', order)
      expect(bytes[0]).toBe(0)
      expect(wireId(bytes)).toBe(id)
      const de = new AvroDeserializer(newClient(srv.url), SerdeType.VALUE, {})
      expect(await de.deserialize('avro-latest', bytes)).toEqual(order)
      expect((await raw('/subjects/avro-latest-value/versions')).body).toEqual([1])
    })

    it('without auto-registration, looks the derived schema up by content and uses its id', async () => {
      const derived = JSON.stringify(AvroSerializer.messageToSchema(order))
      const id = await client.register('avro-lookup-value', { schemaType: 'AVRO', schema: derived })
      const ser = new AvroSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: false })
      const bytes = await ser.serialize('avro-lookup', order)
      expect(bytes[0]).toBe(0)
      expect(wireId(bytes)).toBe(id)
      expect(await new AvroDeserializer(newClient(srv.url), SerdeType.VALUE, {}).deserialize('avro-lookup', bytes)).toEqual(order)
    })

    it('without auto-registration, refuses to serialize with a schema the subject does not hold', async () => {
      await client.register('avro-refuse-value', { schemaType: 'AVRO', schema: orderV1 })
      const ser = new AvroSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: false })
      const err = await ser.serialize('avro-refuse', { other: 1 }).catch((e: unknown) => e)
      expect(err).toMatchObject({ status: 404, errorCode: 40403 })
      expect((await raw('/subjects/avro-refuse-value/versions')).body).toEqual([1])
    })

    it('decodes data written with an older version after the subject evolved', async () => {
      const ser = new AvroSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true })
      const id1 = await client.register('avro-evolve-value', { schemaType: 'AVRO', schema: orderV1 })
      const old = await ser.serialize('avro-evolve', { id: 'old' })
      const id2 = await client.register('avro-evolve-value', { schemaType: 'AVRO', schema: orderV2 })
      expect(id2).not.toBe(id1)
      ser.client.clearLatestCaches()
      const current = await ser.serialize('avro-evolve', { id: 'new', amount: 2 })
      expect(wireId(old)).toBe(id1)
      expect(wireId(current)).toBe(id2)
      const de = new AvroDeserializer(newClient(srv.url), SerdeType.VALUE, {})
      expect(await de.deserialize('avro-evolve', old)).toEqual({ id: 'old' })
      expect(await de.deserialize('avro-evolve', current)).toEqual({ id: 'new', amount: 2 })
    })
  })

  describe('JSON Schema serializer and deserializer', () => {
    const person = { name: 'Ada', age: 36 }
    const personSchema = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer' } },
      required: ['name', 'age'],
      additionalProperties: false,
    })

    it('auto-registers the derived JSON schema on serialize and round-trips the message', async () => {
      const ser = new JsonSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: true, validate: true })
      const bytes = await ser.serialize('json-auto', person)
      expect(bytes[0]).toBe(0)
      const latest = await raw('/subjects/json-auto-value/versions/latest')
      expect(latest.status).toBe(200)
      expect(latest.body).toMatchObject({ version: 1, schemaType: 'JSON' })
      expect(wireId(bytes)).toBe(latest.body.id)
      expect(JSON.parse(bytes.subarray(5).toString())).toEqual(person)
      const de = new JsonDeserializer(newClient(srv.url), SerdeType.VALUE, { validate: true })
      expect(await de.deserialize('json-auto', bytes)).toEqual(person)
    })

    it('without auto-registration, serializes with the latest registered JSON schema and validates against it', async () => {
      const id = await client.register('json-latest-value', { schemaType: 'JSON', schema: personSchema })
      const ser = new JsonSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true, validate: true })
      const bytes = await ser.serialize('json-latest', person)
      expect(bytes[0]).toBe(0)
      expect(wireId(bytes)).toBe(id)
      const de = new JsonDeserializer(newClient(srv.url), SerdeType.VALUE, { validate: true })
      expect(await de.deserialize('json-latest', bytes)).toEqual(person)
      // The schema the registry serves is the one registered: it rejects a message missing `age`.
      await expect(ser.serialize('json-latest', { name: 'Bob' })).rejects.toThrow(/Invalid message/)
    })

    it('without auto-registration, looks the derived JSON schema up by content and uses its id', async () => {
      const derived = JSON.stringify(JsonSerializer.messageToSchema(person))
      const id = await client.register('json-lookup-value', { schemaType: 'JSON', schema: derived })
      const ser = new JsonSerializer(newClient(srv.url), SerdeType.VALUE, { autoRegisterSchemas: false })
      const bytes = await ser.serialize('json-lookup', person)
      expect(wireId(bytes)).toBe(id)
      expect(await new JsonDeserializer(newClient(srv.url), SerdeType.VALUE, {}).deserialize('json-lookup', bytes)).toEqual(person)
    })
  })
})
