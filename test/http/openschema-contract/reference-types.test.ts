// docs/API.md §5 register and compatibility test (row 11): a reference must name a schema of the
// referrer's type, else the schema is invalid (42201), as in the Confluent dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const jsonTarget = { type: 'object', properties: { x: { type: 'string' } } }
const jsonReferrer = (subject: string) => ({
  serialization: 'JSON',
  schemaDefinition: { type: 'object', properties: { r: { $ref: 'x.json' } } },
  references: [{ name: 'x.json', subject, version: 1 }],
})
const expectTypeMismatch = (res: Parameters<typeof expectError>[0], type: string) => {
  expectError(res, 422, 42201)
  expect(res.json().errorMessage).toContain(`holds a schema of type ${type}`)
}

describe('references of another schema type', () => {
  it('registers a JSON Schema whose reference names a JSON subject', async () => {
    await reg(t, 'rt-json', { serialization: 'JSON', schemaDefinition: jsonTarget })
    await reg(t, 'rt-json-top', jsonReferrer('rt-json'))
  })

  it('refuses a JSON Schema whose reference names an Avro subject with 422/42201', async () => {
    await reg(t, 'rt-avro', avroBody('RtAvro'))
    expectTypeMismatch(await t.os('POST', '/subjects/rt-avro-top/versions', jsonReferrer('rt-avro')), 'AVRO')
    expectError(await t.os('GET', '/subjects/rt-avro-top'), 404, 40402)
  })

  it('answers the compatibility test of such a schema with 422/42201', async () => {
    await reg(t, 'rt-cmp-avro', avroBody('RtCmp'))
    await reg(t, 'rt-cmp', { serialization: 'JSON', schemaDefinition: jsonTarget })
    expectTypeMismatch(await t.os('POST', '/compatibility/subjects/rt-cmp/versions/latest', jsonReferrer('rt-cmp-avro')), 'AVRO')
  })
})
