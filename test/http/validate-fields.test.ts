// validateFields with the `confluent:reserved` metadata property (Confluent 8.1+), in both dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const record = (...fields: string[]) => JSON.stringify({ type: 'record', name: 'Person', fields: fields.map((name) => ({ name, type: 'string', default: '' })) })
const reserving = (names: string) => ({ properties: { 'confluent:reserved': names } })
const conflict = (f: string) => `The new schema has field that conflicts with the reserved field ${f}.`
const removed = (f: string) => `The new schema has reserved field ${f} removed from its metadata which is present in the old schema's metadata.`

/** A subject with validateFields on (subject config) and v1 reserving `ssn`. */
const subjectReservingSsn = async (subject: string, compatibility = 'BACKWARD') => {
  await t.cf('PUT', `/config/${subject}`, { compatibility, validateFields: true })
  await t.registered(subject, record('id'), { metadata: reserving('ssn') })
}

describe('Confluent: validateFields and confluent:reserved', () => {
  it('rejects a schema with a top-level field the metadata reserves (inherited from the latest version) with 409/40901', async () => {
    await subjectReservingSsn('vf-conflict')
    const res = await t.cf('POST', '/subjects/vf-conflict/versions', { schema: record('id', 'ssn') })
    expect(res.statusCode).toBe(409)
    expect(res.json().error_code).toBe(40901)
    expect(res.json().message).toBe(
      `Schema being registered is incompatible with an earlier schema for subject "vf-conflict", details: [${conflict('ssn')}, {validateFields: 'true', compatibility: 'BACKWARD'}]`,
    )
  })

  it('rejects a schema whose metadata drops a name the previous version reserved', async () => {
    await subjectReservingSsn('vf-removed')
    const res = await t.cf('POST', '/subjects/vf-removed/versions', { schema: record('id', 'name'), metadata: reserving('tax') })
    expect(res.statusCode).toBe(409)
    expect(res.json().message).toContain(`details: [${removed('ssn')}, {validateFields: 'true', compatibility: 'BACKWARD'}]`)
  })

  it('accepts added reserved names and fields that use no reserved name', async () => {
    await subjectReservingSsn('vf-ok')
    expect((await t.cf('POST', '/subjects/vf-ok/versions', { schema: record('id', 'name'), metadata: reserving('ssn, tax') })).statusCode).toBe(200)
    expect((await t.cf('POST', '/subjects/vf-ok/versions', { schema: record('id', 'name', 'email') })).statusCode).toBe(200)
  })

  it('applies under NONE too, and to the first version of a subject', async () => {
    await subjectReservingSsn('vf-none', 'NONE')
    expect((await t.cf('POST', '/subjects/vf-none/versions', { schema: record('ssn') })).statusCode).toBe(409)
    await t.cf('PUT', '/config/vf-first', { validateFields: true })
    const first = await t.cf('POST', '/subjects/vf-first/versions', { schema: record('id', 'ssn'), metadata: reserving('ssn') })
    expect(first.statusCode).toBe(409)
    expect(first.json().message).toContain(conflict('ssn'))
  })

  it('lists reserved-field findings before the compatibility differences', async () => {
    await subjectReservingSsn('vf-both')
    const noDefault = JSON.stringify({
      type: 'record',
      name: 'Person',
      fields: [
        { name: 'id', type: 'string', default: '' },
        { name: 'ssn', type: 'string' },
      ],
    })
    const res = await t.cf('POST', '/compatibility/subjects/vf-both/versions/latest?verbose=true', { schema: noDefault })
    const { messages } = res.json()
    expect(messages[0]).toBe(conflict('ssn'))
    expect(messages[1]).toContain("errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'")
    expect(messages.slice(2)).toEqual(['{oldSchemaVersion: 1}', `{oldSchema: '${record('id')}'}`, "{validateFields: 'true', compatibility: 'BACKWARD'}"])
  })

  it('answers is_compatible false on the compatibility test, with the Confluent messages when verbose', async () => {
    await subjectReservingSsn('vf-test')
    const url = '/compatibility/subjects/vf-test/versions/latest'
    expect((await t.cf('POST', url, { schema: record('id', 'ssn') })).json()).toEqual({ is_compatible: false })
    expect((await t.cf('POST', `${url}?verbose=true`, { schema: record('id', 'ssn') })).json()).toEqual({
      is_compatible: false,
      messages: [conflict('ssn'), "{validateFields: 'true', compatibility: 'BACKWARD'}"],
    })
    expect((await t.cf('POST', '/compatibility/subjects/vf-test/versions?verbose=true', { schema: record('id'), metadata: { properties: {} } })).json()).toEqual({
      is_compatible: false,
      messages: [removed('ssn'), "{validateFields: 'true', compatibility: 'BACKWARD'}"],
    })
  })

  it('checks nothing when validateFields is off, and a subject false overrides a global true', async () => {
    await t.registered('vf-off', record('id'), { metadata: reserving('ssn') })
    expect((await t.cf('POST', '/subjects/vf-off/versions', { schema: record('id', 'ssn') })).statusCode).toBe(200)
    const g = await createTestApp()
    try {
      await g.cf('PUT', '/config', { validateFields: true })
      await g.cf('PUT', '/config/vf-local', { validateFields: false })
      await g.registered('vf-local', record('id'), { metadata: reserving('ssn') })
      expect((await g.cf('POST', '/subjects/vf-local/versions', { schema: record('id', 'ssn') })).statusCode).toBe(200)
      await g.registered('vf-global', record('id'), { metadata: reserving('ssn') })
      expect((await g.cf('POST', '/subjects/vf-global/versions', { schema: record('id', 'ssn') })).statusCode).toBe(409)
    } finally {
      await g.close()
    }
  })

  it('reads JSON Schema properties and Protobuf message fields', async () => {
    await t.cf('PUT', '/config/vf-json', { validateFields: true })
    const json = (props: string[]) => JSON.stringify({ type: 'object', properties: Object.fromEntries(props.map((p) => [p, { type: 'string' }])) })
    await t.registered('vf-json', json(['id']), { schemaType: 'JSON', metadata: reserving('ssn') })
    expect((await t.cf('POST', '/subjects/vf-json/versions', { schemaType: 'JSON', schema: json(['id', 'ssn']) })).json().message).toContain(conflict('ssn'))
    await t.cf('PUT', '/config/vf-proto', { validateFields: true })
    await t.registered('vf-proto', 'syntax = "proto3";\nmessage P { string id = 1; }', { schemaType: 'PROTOBUF', metadata: reserving('ssn') })
    const proto = await t.cf('POST', '/subjects/vf-proto/versions', {
      schemaType: 'PROTOBUF',
      schema: 'syntax = "proto3";\nmessage P { string id = 1; oneof k { string ssn = 2; } }',
    })
    expect(proto.statusCode).toBe(409)
    expect(proto.json().message).toContain(conflict('ssn'))
  })
})

describe('OpenSchema: validateFields and confluent:reserved', () => {
  const body = (...fields: string[]) => ({ serialization: 'AVRO', schemaDefinition: JSON.parse(record(...fields)) })

  it('rejects a registration using a reserved name with 409/40901 and a plain message', async () => {
    await subjectReservingSsn('vf-os')
    const res = await t.os('POST', '/subjects/vf-os/versions', body('id', 'ssn'))
    expect(res.statusCode).toBe(409)
    expect(res.json().errorCode).toBe(40901)
    expect(res.json().errorMessage).toBe(
      `The schema is incompatible with subject "vf-os" under BACKWARD: Reserved field check failed: FIELD_CONFLICTS_WITH_RESERVED_FIELD: ${conflict('ssn')}`,
    )
  })

  it('answers isCompatible false with its own messages on the compatibility test', async () => {
    await subjectReservingSsn('vf-os-test')
    const res = (await t.os('POST', '/compatibility/subjects/vf-os-test/versions/latest?verbose=true', body('id', 'ssn'))).json()
    expect(res).toEqual({ isCompatible: false, messages: [`Reserved field check failed: FIELD_CONFLICTS_WITH_RESERVED_FIELD: ${conflict('ssn')}`] })
    expect((await t.os('POST', '/compatibility/subjects/vf-os-test/versions/latest?verbose=true', body('id', 'name'))).json()).toEqual({ isCompatible: true, messages: [] })
  })
})
