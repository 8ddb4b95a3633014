// docs/API.md §5 version segment rule (42203 on every route), §3 version parsing, §2 error catalogue
// (OpenSchema column), §5 Confluent-only resources with string ids and OpenSchema errors, §6.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, OPENSCHEMA, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg } from './helpers.js'

let t: TestApp
let id: string
beforeAll(async () => {
  t = await createTestApp()
  id = await reg(t, 've-s', avroBody('VeS'))
})
afterAll(() => t.close())

const BAD = ['0', '-2', 'abc', '1.5', '2147483648', '99999999999', 'latestx', '%20', '1e3', '0x1']
const routes = (s: string, v: string): [string, string, unknown?][] => [
  ['GET', `/subjects/${s}/versions/${v}/schema`],
  ['GET', `/subjects/${s}/versions/${v}`],
  ['GET', `/subjects/${s}/versions/${v}/schema/`],
  ['DELETE', `/subjects/${s}/versions/${v}`],
  ['DELETE', `/subjects/${s}/versions/${v}?permanent=true`],
  ['POST', `/compatibility/subjects/${s}/versions/${v}`, avroBody('VeS')],
  ['GET', `/subjects/${s}/versions/${v}/referencedby`],
]

describe('version segment (§5, §3)', () => {
  it('anything but latest (any case), -1 or an integer in [1, 2^31-1] is 422/42203 on every route, existing subject or not', async () => {
    for (const s of ['ve-s', 've-unknown']) {
      for (const v of BAD) {
        for (const [m, url, body] of routes(s, v)) expectError(await t.os(m, url, body), 422, 42203)
      }
    }
  })

  it('42203 is checked before the body of a compatibility test', async () => {
    expectError(await t.os('POST', '/compatibility/subjects/ve-s/versions/abc', { serialization: 'XML' }), 422, 42203)
  })

  it('+1, 007, " 1 " (trimmed), LaTeSt and -1 are valid versions', async () => {
    for (const v of ['+1', '007', '%201%20', 'LaTeSt', '-1']) {
      const res = await t.os('GET', `/subjects/ve-s/versions/${v}/schema`)
      expect(res.statusCode, `${v} ${res.body}`).toBe(v === '007' ? 404 : 200)
    }
    expectError(await t.os('GET', '/subjects/ve-s/versions/007/schema'), 404, 40403)
    expectError(await t.os('GET', '/subjects/ve-s/versions/2147483647/schema'), 404, 40403)
  })
})

describe('error catalogue, OpenSchema column (§2)', () => {
  it('unknown route 404/404 and wrong method 405/405 with OpenSchema body and media type', async () => {
    const r = await t.os('GET', '/nowhere')
    expectError(r, 404, 404)
    expect(r.headers['content-type']).toContain(OPENSCHEMA)
    expectError(await t.os('PATCH', '/subjects'), 405, 405)
    expectError(await t.os('PUT', '/subjects/ve-s/versions'), 405, 405)
  })

  it('malformed JSON 400/400, unsupported media type 415/415, missing body 422/422', async () => {
    expectError(await t.os('PUT', '/compatibility/ve-s', '{nope'), 400, 400)
    const r = await t.app.inject({ method: 'POST', url: '/subjects/ve-s/versions', headers: { 'content-type': 'text/plain' }, payload: 'x' })
    expectError(r, 415, 415)
    expectError(await t.os('POST', '/compatibility/subjects/ve-s/versions/1'), 422, 422)
  })

  it('ids: not a number, 0, negative, above 2^31-1 are 404/40401 on id routes', async () => {
    for (const bad of ['abc', '0', '-1', '2147483648', '1.5']) {
      for (const p of [`/schemas/ids/${bad}`, `/schemas/${bad}`, `/schema/${bad}`, `/schemas/ids/${bad}/subjects`, `/schemas/${bad}/subject`]) {
        expectError(await t.os('GET', p), 404, 40401)
      }
    }
  })

  it('a query parameter of the wrong type is 404/404', async () => {
    expectError(await t.os('GET', '/subjects?limit=x'), 404, 404)
  })

  it('invalid subject 42202 on reads', async () => {
    expectError(await t.os('GET', '/subjects/__GLOBAL'), 422, 42202)
    expectError(await t.os('GET', `/subjects/${'x'.repeat(1025)}/versions`), 422, 42202)
  })

  it('mode errors: 40409 when no subject mode, 42220 for an invalid mode', async () => {
    expectError(await t.os('GET', '/mode/ve-s'), 404, 40409)
    expectError(await t.os('PUT', '/mode/ve-s', { mode: 'SIDEWAYS' }), 422, 42220)
  })

  it('READONLY blocks registration, upsert and deletes with 42205 but an existing schema still answers its id', async () => {
    await t.os('PUT', '/mode/ve-ro', { mode: 'READWRITE' })
    await reg(t, 've-ro', avroBody('VeRo'))
    expect((await t.os('PUT', '/mode/ve-ro', { mode: 'READONLY' })).statusCode).toBe(200)
    expectError(await t.os('POST', '/subjects/ve-ro/versions', avroBody('VeRo', ['x'])), 422, 42205)
    expect((await t.os('POST', '/subjects/ve-ro/versions', avroBody('VeRo'))).statusCode).toBe(200)
    expectError(await t.os('DELETE', '/subjects/ve-ro/versions/1'), 422, 42205)
    expectError(await t.os('DELETE', '/subjects/ve-ro'), 422, 42205)
    expectError(await t.os('POST', '/subjects/ve-ro', { app: 'x' }), 422, 42205)
    expectError(await t.os('PUT', '/compatibility/ve-ro', { compatibility: 'NONE' }), 422, 42205)
  })

  it('a body over the limit is a 4xx OpenSchema error (§6)', async () => {
    const small = await createTestApp({ bodyLimit: 1024 })
    try {
      const res = await small.os('POST', '/subjects/big/versions', { serialization: 'AVRO', schemaDefinition: { type: 'record', name: 'Big', doc: 'x'.repeat(4000), fields: [] } })
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
      expect(res.statusCode).toBeLessThan(500)
      expect(Object.keys(res.json()).sort()).toEqual(['errorCode', 'errorMessage'])
    } finally {
      await small.close()
    }
  })

  it('bad percent-encoding in a path is a 4xx OpenSchema error (§6)', async () => {
    const res = await t.os('GET', '/subjects/%E0%A4%A/versions')
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expect(Object.keys(res.json()).sort()).toEqual(['errorCode', 'errorMessage'])
  })
})

describe('Confluent-only resources in the OpenSchema dialect (§5): Confluent shapes, string ids, OpenSchema errors', () => {
  it('GET /subjects/{s}/versions/{v} has a string id and Confluent keys', async () => {
    const body = (await t.os('GET', '/subjects/ve-s/versions/1')).json()
    expect(body).toMatchObject({ subject: 've-s', id, version: 1, schemaType: 'AVRO', deleted: false })
    expect(typeof body.schema).toBe('string')
    expectError(await t.os('GET', '/subjects/ve-s/versions/9'), 404, 40403)
    expectError(await t.os('GET', '/subjects/ve-unknown/versions/1'), 404, 40402)
  })

  it('GET /schemas/ids/{id}/versions is [{subject, version}]; /schemas/ids/{id}/schema the raw text', async () => {
    expect((await t.os('GET', `/schemas/ids/${id}/versions`)).json()).toEqual([{ subject: 've-s', version: 1 }])
    const raw = await t.os('GET', `/schemas/ids/${id}/schema`)
    expect(raw.statusCode).toBe(200)
    expect(JSON.parse(raw.body)).toMatchObject({ name: 'VeS' })
  })

  it('GET /schemas/guids/{guid}/ids answers string ids; /schemas list string ids', async () => {
    const guid = (await t.os('GET', '/subjects/ve-s/versions/1')).json().guid
    expect((await t.os('GET', `/schemas/guids/${guid}/ids`)).json()).toEqual([{ context: '.', id }])
    expect((await t.os('GET', `/schemas/guids/${guid}`)).json()).toMatchObject({ guid, schemaType: 'AVRO' })
    const listed = (await t.os('GET', '/schemas?subjectPrefix=ve-s')).json()
    expect(listed.every((x: { id: unknown }) => typeof x.id === 'string')).toBe(true)
  })

  it('GET /config, /mode, /schemas/types and / in Confluent shapes', async () => {
    expect((await t.os('GET', '/config')).json()).toEqual({ compatibilityLevel: 'BACKWARD' })
    expect((await t.os('GET', '/mode')).json()).toEqual({ mode: 'READWRITE' })
    expect((await t.os('GET', '/schemas/types')).json()).toEqual(['AVRO', 'JSON', 'PROTOBUF'])
    expect((await t.os('GET', '/')).json()).toEqual({})
    expect((await t.os('GET', '/v1/metadata/version')).json()).toMatchObject({ version: expect.any(String) })
  })

  it('contexts: a context-qualified subject round-trips; the Schema object names it qualified', async () => {
    const cid = await reg(t, ':.ve-ctx:s1', avroBody('VeCtx'))
    expect((await t.os('GET', '/subjects')).json()).toContain(':.ve-ctx:s1')
    expect((await t.os('GET', '/contexts')).json()).toEqual(['.', '.ve-ctx'])
    const viaPrefix = await t.os('GET', `/contexts/.ve-ctx/schemas/ids/${cid}`)
    expect(viaPrefix.json()).toMatchObject({ id: cid, subject: ':.ve-ctx:s1' })
  })
})
