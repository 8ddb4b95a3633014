import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const address = { $schema: 'http://json-schema.org/draft-07/schema#', $id: 'https://acme.example/address.json', type: 'object', properties: { city: { type: 'string' } } }
const customer = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { name: { type: 'string' }, address: { $ref: 'https://acme.example/address.json' } },
  required: ['name'],
}

describe('JSON Schema through HTTP', () => {
  it('registers, dedupes reordered keys and serves the schema by id', async () => {
    const a = (await t.cf('POST', '/subjects/json-a/versions', { schemaType: 'JSON', schema: JSON.stringify(customer.properties.name) })).json()
    const reordered = '{ "type" : "string" }'
    const b = (await t.cf('POST', '/subjects/json-a/versions', { schemaType: 'JSON', schema: reordered })).json()
    expect(b).toMatchObject({ id: a.id, version: 1 })
    const byId = (await t.cf('GET', `/schemas/ids/${a.id}`)).json()
    expect(byId).toMatchObject({ schemaType: 'JSON' })
    expect(JSON.parse(byId.schema)).toEqual({ type: 'string' })
    const os = (await t.os('GET', `/schemas/ids/${a.id}`)).json()
    expect(os).toMatchObject({ serialization: 'JSON', schemaDefinition: { type: 'string' } })
  })

  it('keeps the schema type part of the identity', async () => {
    // the same text is a valid Avro schema and a valid JSON Schema
    const avroString = (await t.cf('POST', '/subjects/type-a/versions', { schema: '{"type":"string"}' })).json()
    const jsonText = (await t.cf('POST', '/subjects/type-j/versions', { schemaType: 'JSON', schema: '{"type":"string"}' })).json()
    expect(jsonText.id).toEqual(expect.any(Number))
    expect(jsonText.id).not.toBe(avroString.id)
  })

  it('resolves a $ref to another subject through references', async () => {
    await t.cf('POST', '/subjects/address/versions', { schemaType: 'JSON', schema: JSON.stringify(address) })
    const res = await t.cf('POST', '/subjects/customer/versions', {
      schemaType: 'JSON',
      schema: JSON.stringify(customer),
      references: [{ name: 'https://acme.example/address.json', subject: 'address', version: 1 }],
    })
    expect(res.statusCode, res.body).toBe(200)
    expect((await t.cf('GET', '/subjects/address/versions/1/referencedby')).json()).toEqual([res.json().id])
    const missing = await t.cf('POST', '/subjects/customer2/versions', { schemaType: 'JSON', schema: JSON.stringify(customer) })
    expect(missing.statusCode).toBe(422)
    expect(missing.json().error_code).toBe(42201)
  })

  it('rejects an invalid JSON Schema with 42201 saying where', async () => {
    const res = await t.cf('POST', '/subjects/bad-json/versions', { schemaType: 'JSON', schema: '{"type":"object","properties":{"a":{"type":"strin"}}}' })
    expect(res.statusCode).toBe(422)
    expect(res.json().error_code).toBe(42201)
    expect(res.json().message).toContain('properties')
  })

  it('rejects absurdly deep nesting quickly with 42201', async () => {
    const deep = '{"type":"array","items":'.repeat(5000) + '{}' + '}'.repeat(5000)
    const res = await t.cf('POST', '/subjects/deep-json/versions', { schemaType: 'JSON', schema: deep })
    expect(res.statusCode).toBe(422)
    expect(res.json().error_code).toBe(42201)
  })
})
