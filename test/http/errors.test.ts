import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'
import { avro } from '../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ bodyLimit: 64 * 1024 })
})
afterAll(() => t.close())

const expectError = (res: { statusCode: number; json(): any; headers: Record<string, unknown> }, status: number, code: number, dialect: 'cf' | 'os') => {
  expect(res.statusCode).toBe(status)
  const body = res.json()
  if (dialect === 'cf') {
    expect(body).toEqual({ error_code: code, message: expect.any(String) })
    expect(String(res.headers['content-type'])).toContain('application/vnd.schemaregistry.v1+json')
  } else {
    expect(body).toEqual({ errorCode: code, errorMessage: expect.any(String) })
    expect(String(res.headers['content-type'])).toContain('application/vnd.openschema.v1+json')
  }
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
}

describe('error catalogue: bad input', () => {
  it('answers malformed JSON with 400/400 in both dialects', async () => {
    expectError(await t.cf('POST', '/subjects/s/versions', '{"schema": '), 400, 400, 'cf')
    expectError(await t.os('POST', '/subjects/s/versions', '{"schema": '), 400, 400, 'os')
  })

  it('answers a missing body with 422/422', async () => {
    expectError(await t.cf('POST', '/subjects/s/versions'), 422, 422, 'cf')
    expectError(await t.os('POST', '/subjects/s/versions'), 422, 422, 'os')
  })

  it('answers wrong JSON types with 422/422 naming the field', async () => {
    const res = await t.cf('POST', '/subjects/s/versions', { schema: 42 })
    expectError(res, 422, 422, 'cf')
    expect(res.json().message).toContain('schema')
    expectError(await t.cf('POST', '/subjects/s/versions', { schema: avro('A'), references: 'x' }), 422, 422, 'cf')
    expectError(await t.os('POST', '/subjects/s/versions', [1, 2]), 422, 422, 'os')
  })

  it('answers a body over the limit with 413', async () => {
    const huge = { schema: JSON.stringify({ type: 'record', name: 'Big', doc: 'x'.repeat(100 * 1024), fields: [] }) }
    expectError(await t.cf('POST', '/subjects/s/versions', huge), 413, 413, 'cf')
    expectError(await t.os('POST', '/subjects/s/versions', huge), 413, 413, 'os')
  })

  it('answers an unsupported media type with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/subjects/s/versions', headers: { 'content-type': 'text/xml', accept: CONFLUENT }, payload: '<a/>' })
    expectError(res, 415, 415, 'cf')
  })

  it('parses a body without a content type and with application/octet-stream as JSON', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/subjects/no-ct/versions', payload: JSON.stringify({ schema: avro('NoCt') }) })
    expect(none.statusCode, none.body).toBe(200)
    const octet = await t.app.inject({
      method: 'POST',
      url: '/subjects/octet/versions',
      headers: { 'content-type': 'application/octet-stream' },
      payload: JSON.stringify({ schema: avro('Octet') }),
    })
    expect(octet.statusCode, octet.body).toBe(200)
  })

  it('answers an invalid schema with 42201 and an unknown schema type with 42201', async () => {
    expectError(await t.cf('POST', '/subjects/s/versions', { schema: '{"type":"record","name":"X"}' }), 422, 42201, 'cf')
    expectError(await t.cf('POST', '/subjects/s/versions', { schema: 'not json' }), 422, 42201, 'cf')
    expectError(await t.cf('POST', '/subjects/s/versions', { schema: avro('A'), schemaType: 'avro' }), 422, 42201, 'cf')
    expectError(await t.cf('POST', '/subjects/s/versions', { schema: avro('A'), schemaType: 'XML' }), 422, 42201, 'cf')
    expectError(await t.os('POST', '/subjects/s/versions', { serialization: 'XML', schemaDefinition: {} }), 422, 42201, 'os')
  })

  it('answers invalid subject names with 42208 (Confluent) and 42202 (OpenSchema)', async () => {
    expectError(await t.cf('POST', '/subjects/__GLOBAL/versions', { schema: avro('A') }), 422, 42208, 'cf')
    expectError(await t.os('POST', '/subjects/__EMPTY/versions', { schema: avro('A') }), 422, 42202, 'os')
    expectError(await t.cf('GET', `/subjects/${'a'.repeat(1025)}/versions`), 422, 42208, 'cf')
    expectError(await t.cf('GET', '/subjects/bad%01name/versions'), 422, 42208, 'cf')
  })

  it('routes a subject name of 1,024 characters and one with %2F', async () => {
    const long = 'a'.repeat(1024)
    expect((await t.cf('POST', `/subjects/${long}/versions`, { schema: avro('Long') })).statusCode).toBe(200)
    expect((await t.cf('POST', '/subjects/team%2Forders/versions', { schema: avro('Slash') })).statusCode).toBe(200)
    expect((await t.cf('GET', '/subjects')).json()).toContain('team/orders')
  })

  it('answers ids of the wrong type with 404/404 (Confluent) and 40403 for 0', async () => {
    expectError(await t.cf('GET', '/schemas/ids/abc'), 404, 404, 'cf')
    expectError(await t.cf('GET', `/schemas/ids/${2 ** 31}`), 404, 404, 'cf')
    expectError(await t.cf('GET', '/schemas/ids/0'), 404, 40403, 'cf')
    expectError(await t.cf('GET', '/schemas/ids/12345/schema'), 404, 40403, 'cf')
    expectError(await t.cf('GET', '/subjects?limit=x'), 404, 404, 'cf')
  })

  it('answers unknown routes with a JSON 404 in the dialect', async () => {
    expectError(await t.cf('GET', '/no/such/route'), 404, 404, 'cf')
    expectError(await t.os('GET', '/no/such/route'), 404, 404, 'os')
    expectError(await t.cf('GET', '/subjects/x'), 404, 404, 'cf')
  })

  it('answers a known path with an unsupported method with 405 in the dialect', async () => {
    const res = await t.cf('PUT', '/schemas/types')
    expectError(res, 405, 405, 'cf')
    expect(res.headers.allow).toContain('GET')
    expectError(await t.os('PATCH', '/subjects'), 405, 405, 'os')
  })

  it('answers bad percent-encoding with a JSON 4xx', async () => {
    const res = await t.cf('GET', '/subjects/%E0%A4%A/versions')
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expect(res.json()).toHaveProperty('error_code')
  })

  it('answers an invalid compatibility level with 42203/42204 and an invalid mode with 42204/42220', async () => {
    expectError(await t.cf('PUT', '/config', { compatibility: 'X' }), 422, 42203, 'cf')
    expectError(await t.os('PUT', '/config', { compatibility: 'X' }), 422, 42204, 'os')
    expectError(await t.cf('PUT', '/mode', { mode: 'X' }), 422, 42204, 'cf')
    expectError(await t.os('PUT', '/mode', { mode: 'X' }), 422, 42220, 'os')
  })

  it('answers a blocked delete with 42206 while another subject refers to the version', async () => {
    const base = JSON.stringify({ type: 'record', name: 'Base', namespace: 'acme', fields: [{ name: 'id', type: 'string' }] })
    await t.cf('POST', '/subjects/ref-base/versions', { schema: base })
    const user = JSON.stringify({ type: 'record', name: 'User', namespace: 'acme', fields: [{ name: 'base', type: 'acme.Base' }] })
    const reg = await t.cf('POST', '/subjects/ref-user/versions', { schema: user, references: [{ name: 'acme.Base', subject: 'ref-base', version: 1 }] })
    expect(reg.statusCode, reg.body).toBe(200)
    expect(reg.json().references).toEqual([{ name: 'acme.Base', subject: 'ref-base', version: 1 }])
    expect((await t.cf('GET', '/subjects/ref-base/versions/1/referencedby')).json()).toEqual([reg.json().id])
    expectError(await t.cf('DELETE', '/subjects/ref-base/versions/1'), 422, 42206, 'cf')
    expectError(await t.cf('DELETE', '/subjects/ref-base'), 422, 42206, 'cf')
    expectError(await t.os('DELETE', '/subjects/ref-base'), 422, 42206, 'os')
  })

  it('answers malformed metadata and rule sets with 42210', async () => {
    expectError(await t.cf('POST', '/subjects/rules/versions', { schema: avro('Rules'), metadata: { properties: { owner: 5 } } }), 422, 42210, 'cf')
    const dupe = {
      domainRules: [
        { name: 'r', kind: 'CONDITION', mode: 'WRITE', type: 'CEL' },
        { name: 'r', kind: 'CONDITION', mode: 'READ', type: 'CEL' },
      ],
    }
    expectError(await t.cf('POST', '/subjects/rules/versions', { schema: avro('Rules'), ruleSet: dupe }), 422, 42210, 'cf')
    const wrongMode = { migrationRules: [{ name: 'up', kind: 'TRANSFORM', mode: 'WRITE', type: 'JSONATA' }] }
    expectError(await t.cf('POST', '/subjects/rules/versions', { schema: avro('Rules'), ruleSet: wrongMode }), 422, 42210, 'cf')
    expectError(await t.cf('PUT', '/config/rules', { defaultRuleSet: { domainRules: [{ name: 'x', kind: 'SOMETIMES' }] } }), 422, 42210, 'cf')
    const ok = await t.cf('POST', '/subjects/rules/versions', {
      schema: avro('Rules'),
      ruleSet: { domainRules: [{ name: 'checkId', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'message.f != ""' }] },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().ruleSet.domainRules[0].name).toBe('checkId')
    expect((await t.cf('GET', '/subjects/rules/versions')).json()).toEqual([1])
  })

  it('answers OpenSchema mode errors with its codes', async () => {
    expectError(await t.os('GET', '/mode/no-mode-here'), 404, 40409, 'os')
    await t.os('POST', '/subjects/os-ro/versions', { serialization: 'AVRO', schemaDefinition: JSON.parse(avro('OsRo')) })
    await t.os('PUT', '/mode/os-ro', { mode: 'READONLY' })
    expectError(await t.os('POST', '/subjects/os-ro/versions', { serialization: 'AVRO', schemaDefinition: JSON.parse(avro('OsRo2')) }), 422, 42205, 'os')
    await t.os('DELETE', '/mode/os-ro')
  })

  it('answers a reference to a missing version with 42201', async () => {
    const user = JSON.stringify({ type: 'record', name: 'U2', fields: [{ name: 'b', type: 'acme.Missing' }] })
    expectError(await t.cf('POST', '/subjects/ref-missing/versions', { schema: user, references: [{ name: 'acme.Missing', subject: 'nope', version: 1 }] }), 422, 42201, 'cf')
  })
})
