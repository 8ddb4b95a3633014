// compatibilityPolicy LOGICAL (Confluent): Avro changes a table column cannot follow are incompatible.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const rec = (...names: string[]) => JSON.stringify({ type: 'record', name: 'L', fields: names.map((name) => ({ name, type: 'int' })) })
const deleted = `{errorType:"FIELD_DELETED", description:"The field 'b' at path '/fields/1' in the old schema is missing in the new schema"}`

const subject = async (name: string, compatibilityPolicy: string) => {
  await t.cf('PUT', `/config/${name}`, { compatibility: 'BACKWARD', compatibilityPolicy })
  await t.registered(name, rec('a', 'b'))
}

describe('Confluent: compatibilityPolicy LOGICAL', () => {
  it('rejects dropping a field under LOGICAL, which STRICT accepts', async () => {
    await subject('lg-strict', 'STRICT')
    expect((await t.cf('POST', '/subjects/lg-strict/versions', { schema: rec('a') })).statusCode).toBe(200)
    await subject('lg-logical', 'LOGICAL')
    const res = await t.cf('POST', '/subjects/lg-logical/versions', { schema: rec('a') })
    expect(res.statusCode).toBe(409)
    expect(res.json().error_code).toBe(40901)
    expect(res.json().message).toContain(deleted)
  })

  it('answers the compatibility test with the finding and the usual trailer', async () => {
    await subject('lg-test', 'LOGICAL')
    const res = (await t.cf('POST', '/compatibility/subjects/lg-test/versions/latest?verbose=true', { schema: rec('a') })).json()
    expect(res).toEqual({
      is_compatible: false,
      messages: [deleted, '{oldSchemaVersion: 1}', `{oldSchema: '${rec('a', 'b')}'}`, "{validateFields: 'false', compatibility: 'BACKWARD'}"],
    })
    const nullableAdded = JSON.stringify({
      type: 'record',
      name: 'L',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
        { name: 'c', type: ['null', 'int'], default: null },
      ],
    })
    expect((await t.cf('POST', '/compatibility/subjects/lg-test/versions/latest', { schema: nullableAdded })).json()).toEqual({ is_compatible: true })
  })
})

describe('Confluent: compatibilityPolicy LOGICAL for JSON Schema and Protobuf', () => {
  const logicalSubject = async (name: string, schemaType: string, schema: string) => {
    await t.cf('PUT', `/config/${name}`, { compatibility: 'BACKWARD', compatibilityPolicy: 'LOGICAL' })
    await t.registered(name, schema, { schemaType })
  }
  const rejects = async (name: string, schemaType: string, schema: string, message: string) => {
    const res = await t.cf('POST', `/subjects/${name}/versions`, { schemaType, schema })
    expect([res.statusCode, res.json().error_code]).toEqual([409, 40901])
    expect(res.json().message).toContain(message)
    const test = (await t.cf('POST', `/compatibility/subjects/${name}/versions?verbose=true`, { schemaType, schema })).json()
    expect(test.is_compatible).toBe(false)
    expect(test.messages).toContain(message)
  }

  it('JSON Schema: rejects a property dropped from an open model, which STRICT accepts', async () => {
    const obj = (...names: string[]) => JSON.stringify({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'integer' }])) })
    await t.cf('PUT', '/config/lg-json-strict', { compatibility: 'BACKWARD' })
    await t.registered('lg-json-strict', obj('a', 'b'), { schemaType: 'JSON' })
    expect((await t.cf('POST', '/subjects/lg-json-strict/versions', { schemaType: 'JSON', schema: obj('a') })).statusCode).toBe(200)
    await logicalSubject('lg-json', 'JSON', obj('a', 'b'))
    const deletedB = `{errorType:"FIELD_DELETED", description:"The field 'b' at path '#/properties/b' in the old schema is missing in the new schema"}`
    await rejects('lg-json', 'JSON', obj('a'), deletedB)
  })

  it('Protobuf: rejects int32 changed to uint32, which the wire rules accept', async () => {
    const proto = (type: string) => `syntax = "proto3";\nmessage L {\n  int32 a = 1;\n  ${type} b = 2;\n}\n`
    await t.cf('PUT', '/config/lg-pb-strict', { compatibility: 'BACKWARD' })
    await t.registered('lg-pb-strict', proto('int32'), { schemaType: 'PROTOBUF' })
    expect((await t.cf('POST', '/subjects/lg-pb-strict/versions', { schemaType: 'PROTOBUF', schema: proto('uint32') })).statusCode).toBe(200)
    await logicalSubject('lg-pb', 'PROTOBUF', proto('int32'))
    const changed = `{errorType:"FIELD_TYPE_CHANGED", description:"The type at path '#/L/2' is int32 in the old schema and uint32 in the new schema, which is not a promotion a table column can follow"}`
    await rejects('lg-pb', 'PROTOBUF', proto('uint32'), changed)
    expect((await t.cf('POST', '/compatibility/subjects/lg-pb/versions/latest', { schemaType: 'PROTOBUF', schema: proto('int64') })).json()).toEqual({ is_compatible: true })
  })
})

describe('LOGICAL with a forward level', () => {
  it('is refused on the config with 422/42203 (Confluent) and 422/42204 (OpenSchema), whichever field the request sets', async () => {
    const both = await t.cf('PUT', '/config/lg-fwd', { compatibility: 'FORWARD', compatibilityPolicy: 'LOGICAL' })
    expect(both.statusCode).toBe(422)
    expect(both.json()).toEqual({
      error_code: 42203,
      message: 'compatibilityPolicy=LOGICAL cannot be combined with compatibilityLevel=FORWARD: Iceberg only supports backward-compatible schema evolution',
    })
    expect((await t.cf('PUT', '/config/lg-fwd', { compatibilityPolicy: 'LOGICAL' })).statusCode).toBe(200)
    expect((await t.cf('PUT', '/config/lg-fwd', { compatibility: 'FORWARD_TRANSITIVE' })).json().error_code).toBe(42203)
    expect((await t.cf('PUT', '/config/lg-fwd', { compatibility: 'FULL' })).statusCode).toBe(200)
    const os = await t.os('PUT', '/config', { compatibility: 'FORWARD', compatibilityPolicy: 'LOGICAL' })
    expect([os.statusCode, os.json().errorCode]).toEqual([422, 42204])
  })
})

describe('OpenSchema: compatibilityPolicy LOGICAL', () => {
  it('rejects dropping a field with 409/40901, and says why in its own words on the compatibility test', async () => {
    await subject('lg-os', 'LOGICAL')
    const body = { serialization: 'AVRO', schemaDefinition: JSON.parse(rec('a')) }
    const res = await t.os('POST', '/subjects/lg-os/versions', body)
    expect(res.statusCode).toBe(409)
    expect(res.json().errorCode).toBe(40901)
    expect((await t.os('POST', '/compatibility/subjects/lg-os/versions/latest?verbose=true', body)).json()).toEqual({
      isCompatible: false,
      messages: ["BACKWARD check against version 1 failed: FIELD_DELETED at /fields/1: The field 'b' at path '/fields/1' in the old schema is missing in the new schema"],
    })
  })
})
