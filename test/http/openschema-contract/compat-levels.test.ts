// docs/API.md §5 Compatibility test (row 11) and Levels (rows 12, 13), §6 direction rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await reg(t, 'cl-s', avroBody('ClS'))
  await reg(t, 'cl-s', avroBody('ClS', ['a']))
})
afterAll(() => t.close())

const addRequired = {
  serialization: 'AVRO',
  schemaDefinition: {
    type: 'record',
    name: 'ClS',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'req', type: 'string' },
    ],
  },
}
const test = (s: string, v: string, body: unknown, q = '') => t.os('POST', `/compatibility/subjects/${s}/versions/${v}${q}`, body)

describe('compatibility test (row 11)', () => {
  it('an unknown subject is 404/40402 for every {v}: 1, 5, latest, LATEST, -1', async () => {
    for (const v of ['1', '5', 'latest', 'LATEST', '-1']) expectError(await test('cl-unknown', v, avroBody('ClS')), 404, 40402)
  })

  it('a missing version is 404/40403', async () => {
    expectError(await test('cl-s', '3', avroBody('ClS')), 404, 40403)
    expectError(await test('cl-s', '2147483647', avroBody('ClS')), 404, 40403)
  })

  // §5 "A subject exists from its first upsert"; row 11 "a missing version 404/40403"
  // (seed row 11: 40402 subject / 40403 version).
  it('an existing (upserted) subject without versions is 40403 for latest and for 1', async () => {
    await t.os('POST', '/subjects/cl-nov', {})
    expectError(await test('cl-nov', 'latest', avroBody('ClS')), 404, 40403)
    expectError(await test('cl-nov', '1', avroBody('ClS')), 404, 40403)
  })

  it('an invalid schema is 422/42201, with and without verbose', async () => {
    const bad = { serialization: 'AVRO', schemaDefinition: { type: 'nope' } }
    expectError(await test('cl-s', 'latest', bad), 422, 42201)
    expectError(await test('cl-s', 'latest', bad, '?verbose=true'), 422, 42201)
    expectError(await test('cl-s', '1', { serialization: 'XML', schemaDefinition: { type: 'string' } }), 422, 42201)
  })

  it('an incompatible schema is 200 {isCompatible: false}, never 40901', async () => {
    const res = await test('cl-s', 'latest', addRequired)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ isCompatible: false })
  })

  it('verbose adds messages (present, an array, also when compatible)', async () => {
    const ok = (await test('cl-s', '1', avroBody('ClS', ['a', 'b']), '?verbose=true')).json()
    expect(ok).toEqual({ isCompatible: true, messages: expect.any(Array) })
    const bad = (await test('cl-s', '1', addRequired, '?verbose=TRUE')).json()
    expect(bad.isCompatible).toBe(false)
    expect(bad.messages.length).toBeGreaterThan(0)
  })

  it('accepts the three register body forms (§6)', async () => {
    const text = JSON.stringify(avroBody('ClS', ['a', 'z']).schemaDefinition)
    for (const b of [
      { serialization: 'avro', schema_definition: text },
      { schema: { serialization: 'AVRO', schemaDefinition: JSON.parse(text) } },
      { schema: text, schemaType: 'AVRO' },
    ]) {
      const res = await test('cl-s', 'latest', b)
      expect(res.statusCode, JSON.stringify(b)).toBe(200)
      expect(res.json()).toEqual({ isCompatible: true })
    }
  })

  it('compares against that one version in the level direction; NONE always compatible (§6)', async () => {
    await reg(t, 'cl-dir', avroBody('ClDir'))
    // dropping a field with no default: BACKWARD ok, FORWARD not
    const dropped = { serialization: 'AVRO', schemaDefinition: { type: 'record', name: 'ClDir', fields: [] } }
    expect((await test('cl-dir', '1', dropped)).json()).toEqual({ isCompatible: true })
    await t.os('PUT', '/compatibility/cl-dir', { compatibility: 'FORWARD' })
    expect((await test('cl-dir', '1', dropped)).json()).toEqual({ isCompatible: false })
    await t.os('PUT', '/compatibility/cl-dir', { compatibility: 'NONE' })
    expect((await test('cl-dir', '1', { serialization: 'AVRO', schemaDefinition: { type: 'string' } })).json()).toEqual({ isCompatible: true })
  })

  it('the test writes nothing', async () => {
    await test('cl-s', 'latest', avroBody('ClS', ['a', 'w']))
    expect((await t.os('GET', '/subjects/cl-s/versions')).json()).toEqual([1, 2])
  })
})

describe('levels (rows 12, 13) on /compatibility/{s} and /config/{s}', () => {
  for (const base of ['/compatibility', '/config']) {
    it(`${base}: GET effective, PUT any case, PUT {} / no compatibility echoes, DELETE answers effective after`, async () => {
      const s = `cl-lv${base.replace('/', '-')}`
      await reg(t, s, avroBody('ClLv'))
      expect((await t.os('GET', `${base}/${s}`)).json()).toEqual({ compatibility: 'BACKWARD' })
      const put = await t.os('PUT', `${base}/${s}`, { compatibility: 'full_transitive' })
      expect(put.statusCode).toBe(200)
      expect(put.json()).toEqual({ compatibility: 'FULL_TRANSITIVE' })
      expect((await t.os('PUT', `${base}/${s}`, {})).json()).toEqual({ compatibility: 'FULL_TRANSITIVE' })
      expect((await t.os('PUT', `${base}/${s}`, { normalize: true })).json()).toEqual({ compatibility: 'FULL_TRANSITIVE' })
      expect((await t.os('GET', `${base}/${s}`)).json()).toEqual({ compatibility: 'FULL_TRANSITIVE' })
      expect((await t.os('GET', `/subjects/${s}`)).json().compatibility).toBe('FULL_TRANSITIVE')
      const del = await t.os('DELETE', `${base}/${s}`)
      expect(del.statusCode).toBe(200)
      expect(del.json()).toEqual({ compatibility: 'BACKWARD' })
      // DELETE when no own level is set: answers the effective level, no error
      expect((await t.os('DELETE', `${base}/${s}`)).json()).toEqual({ compatibility: 'BACKWARD' })
    })

    it(`${base}: unknown subject is 404/40402 on GET, PUT and DELETE`, async () => {
      expectError(await t.os('GET', `${base}/cl-missing`), 404, 40402)
      expectError(await t.os('PUT', `${base}/cl-missing`, { compatibility: 'FULL' }), 404, 40402)
      expectError(await t.os('PUT', `${base}/cl-missing`, {}), 404, 40402)
      expectError(await t.os('DELETE', `${base}/cl-missing`), 404, 40402)
      expectError(await t.os('GET', `/subjects/cl-missing`), 404, 40402)
    })

    it(`${base}: an invalid value is 422/42204 and changes nothing`, async () => {
      const s = `cl-inv${base.replace('/', '-')}`
      await reg(t, s, avroBody('ClInv'))
      await t.os('PUT', `${base}/${s}`, { compatibility: 'FORWARD' })
      expectError(await t.os('PUT', `${base}/${s}`, { compatibility: 'SIDEWAYS' }), 422, 42204)
      expectError(await t.os('PUT', `${base}/${s}`, { compatibility: 42 }), 422, 42204)
      expect((await t.os('GET', `${base}/${s}`)).json()).toEqual({ compatibility: 'FORWARD' })
    })

    it(`${base}: works on an upserted subject without versions`, async () => {
      const s = `cl-up${base.replace('/', '-')}`
      await t.os('POST', `/subjects/${s}`, {})
      expect((await t.os('PUT', `${base}/${s}`, { compatibility: 'NONE' })).json()).toEqual({ compatibility: 'NONE' })
      expect((await t.os('GET', `${base}/${s}`)).json()).toEqual({ compatibility: 'NONE' })
    })
  }

  it('a subject level set by PUT is enforced on registration', async () => {
    await reg(t, 'cl-enf', avroBody('ClEnf'))
    await t.os('PUT', '/compatibility/cl-enf', { compatibility: 'FORWARD' })
    const dropped = { serialization: 'AVRO', schemaDefinition: { type: 'record', name: 'ClEnf', fields: [] } }
    expectError(await t.os('POST', '/subjects/cl-enf/versions', dropped), 409, 40901)
  })
})

describe('effective level follows the global config (separate app)', () => {
  it('GET /compatibility/{s} and Subject.compatibility answer the global level when the subject has none', async () => {
    const g = await createTestApp()
    try {
      await reg(g, 'gl-s', avroBody('GlS'))
      const put = await g.os('PUT', '/config', { compatibility: 'FULL' })
      expect(put.statusCode, put.body).toBe(200)
      expect((await g.os('GET', '/compatibility/gl-s')).json()).toEqual({ compatibility: 'FULL' })
      expect((await g.os('GET', '/subjects/gl-s')).json().compatibility).toBe('FULL')
      await g.os('PUT', '/compatibility/gl-s', { compatibility: 'NONE' })
      expect((await g.os('DELETE', '/compatibility/gl-s')).json()).toEqual({ compatibility: 'FULL' })
    } finally {
      await g.close()
    }
  })
})
