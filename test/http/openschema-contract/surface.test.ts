// docs/API.md §5 table (thirteen endpoints, aliases, trailing slash, HTTP 200), tenant/namespace query
// parameters, media types (§1, §5) — probed in the OpenSchema dialect (server default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFLUENT, createTestApp, OPENSCHEMA, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg } from './helpers.js'

let t: TestApp
let id1: string
let id2: string
beforeAll(async () => {
  t = await createTestApp()
  id1 = await reg(t, 'sf-a', avroBody('SfA'))
  id2 = await reg(t, 'sf-a', avroBody('SfA', ['x']))
  await reg(t, 'sf-b', avroBody('SfA')) // same content as sf-a v1 registered later elsewhere
})
afterAll(() => t.close())

describe('§5 table rows, aliases and trailing slash', () => {
  it('row 1: /schemas/ids/{id}, /schemas/{id}, /schema/{id} and each with a trailing slash answer 200 with the Schema object', async () => {
    for (const p of [`/schemas/ids/${id1}`, `/schemas/${id1}`, `/schema/${id1}`, `/schemas/ids/${id1}/`, `/schemas/${id1}/`, `/schema/${id1}/`]) {
      const res = await t.os('GET', p)
      expect(res.statusCode, p).toBe(200)
      expect(res.json(), p).toMatchObject({ id: id1, subject: 'sf-a', version: 1 })
    }
  })

  it('row 2: /schemas/ids/{id}/subjects and aliases /schemas/{id}/subject, /schemas/{id}/subjects (and trailing slash) answer exactly {subject, version} of the earliest registration', async () => {
    for (const p of [
      `/schemas/ids/${id1}/subjects`,
      `/schemas/${id1}/subject`,
      `/schemas/${id1}/subjects`,
      `/schemas/ids/${id1}/subjects/`,
      `/schemas/${id1}/subject/`,
      `/schemas/${id1}/subjects/`,
    ]) {
      const res = await t.os('GET', p)
      expect(res.statusCode, p).toBe(200)
      expect(res.json(), p).toEqual({ subject: 'sf-a', version: 1 })
    }
  })

  it('row 2: an unknown id on every alias is 404/40401', async () => {
    for (const p of ['/schemas/ids/98765/subjects', '/schemas/98765/subject', '/schemas/98765/subjects', '/schema/98765', '/schemas/98765']) {
      expectError(await t.os('GET', p), 404, 40401)
    }
  })

  it('row 3: GET /subjects and /subjects/ answer a bare sorted name list', async () => {
    for (const p of ['/subjects', '/subjects/']) {
      const res = await t.os('GET', p)
      expect(res.statusCode, p).toBe(200)
      expect(res.json(), p).toEqual(['sf-a', 'sf-b'])
    }
  })

  it('row 4: GET /subjects/{s}/versions and with trailing slash answer [1, 2]; unknown subject 40402', async () => {
    expect((await t.os('GET', '/subjects/sf-a/versions')).json()).toEqual([1, 2])
    expect((await t.os('GET', '/subjects/sf-a/versions/')).json()).toEqual([1, 2])
    expectError(await t.os('GET', '/subjects/sf-none/versions'), 404, 40402)
  })

  it('row 6: GET /subjects/{s} and /subjects/{s}/ answer the Subject object; unknown subject 40402', async () => {
    for (const p of ['/subjects/sf-a', '/subjects/sf-a/']) {
      const res = await t.os('GET', p)
      expect(res.statusCode, p).toBe(200)
      expect(res.json(), p).toMatchObject({ subject: 'sf-a', format: 'AVRO', compatibility: 'BACKWARD' })
    }
    expectError(await t.os('GET', '/subjects/sf-none'), 404, 40402)
  })

  it('row 7: GET /subjects/{s}/versions/{v}/schema with 1, latest, LATEST, -1 and a trailing slash answer SubjectWithSchema', async () => {
    for (const [v, version, id, slash] of [
      ['1', 1, id1, undefined],
      ['2', 2, id2],
      ['latest', 2, id2],
      ['LATEST', 2, id2],
      ['-1', 2, id2],
      ['2', 2, id2, '/'],
    ] as const) {
      const res = await t.os('GET', `/subjects/sf-a/versions/${v}/schema${slash ?? ''}`)
      expect(res.statusCode, v).toBe(200)
      expect(res.json(), v).toMatchObject({ subject: 'sf-a', format: 'AVRO', schema: { id, version, subject: 'sf-a' } })
    }
    expectError(await t.os('GET', '/subjects/sf-a/versions/7/schema'), 404, 40403)
    expectError(await t.os('GET', '/subjects/sf-none/versions/1/schema'), 404, 40402)
  })

  it('row 7: SubjectWithSchema carries every Subject key plus schema', async () => {
    const body = (await t.os('GET', '/subjects/sf-b/versions/1/schema')).json()
    expect(Object.keys(body).sort()).toEqual(
      ['compatibility', 'coordinate', 'createdTime', 'description', 'format', 'lastModifiedTime', 'namespace', 'schema', 'status', 'subject', 'tenant', 'app'].sort(),
    )
    // "in SubjectWithSchema: from that subject-version" (§5 Schema object)
    expect(body.schema).toMatchObject({ id: id1, subject: 'sf-b', version: 1 })
  })

  it('row 8: POST /subjects/{s}/versions/ (trailing slash) registers and answers exactly {"id": "<decimal>"} with HTTP 200', async () => {
    const res = await t.os('POST', '/subjects/sf-c/versions/', avroBody('SfC'))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: expect.stringMatching(/^\d+$/) })
  })

  it('row 9: POST /subjects/{s}/ and /subjects/{s} both upsert and answer the Subject object with HTTP 200', async () => {
    const a = await t.os('POST', '/subjects/sf-up/', { app: 'a' })
    expect(a.statusCode).toBe(200)
    expect(a.json()).toMatchObject({ subject: 'sf-up', app: 'a' })
    const b = await t.os('POST', '/subjects/sf-up', { app: 'b' })
    expect(b.statusCode).toBe(200)
    expect(b.json()).toMatchObject({ subject: 'sf-up', app: 'b' })
  })

  it('row 5 and row 10 with a trailing slash: DELETE /subjects/{s}/versions/{v}/ answers the number, DELETE /subjects/{s}/ the list', async () => {
    await reg(t, 'sf-del', avroBody('SfDel'))
    await reg(t, 'sf-del', avroBody('SfDel', ['x']))
    const v = await t.os('DELETE', '/subjects/sf-del/versions/2/')
    expect(v.statusCode).toBe(200)
    expect(v.json()).toBe(2)
    const s = await t.os('DELETE', '/subjects/sf-del/')
    expect(s.statusCode).toBe(200)
    expect(s.json()).toEqual([1])
  })

  it('row 10: DELETE .../versions/latest and .../versions/-1 answer the deleted version number', async () => {
    await reg(t, 'sf-del2', avroBody('SfDel2'))
    await reg(t, 'sf-del2', avroBody('SfDel2', ['x']))
    expect((await t.os('DELETE', '/subjects/sf-del2/versions/latest')).json()).toBe(2)
    expect((await t.os('DELETE', '/subjects/sf-del2/versions/-1')).json()).toBe(1)
  })

  it('row 11: POST /compatibility/subjects/{s}/versions/{v}/ (trailing slash) answers exactly {isCompatible}', async () => {
    const res = await t.os('POST', '/compatibility/subjects/sf-a/versions/latest/', avroBody('SfA', ['x', 'y']))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ isCompatible: true })
  })

  it('rows 12/13: GET and PUT /compatibility/{s}/ and /config/{s}/ (trailing slash) answer exactly {compatibility}', async () => {
    expect((await t.os('GET', '/compatibility/sf-a/')).json()).toEqual({ compatibility: 'BACKWARD' })
    expect((await t.os('GET', '/config/sf-a/')).json()).toEqual({ compatibility: 'BACKWARD' })
    expect((await t.os('PUT', '/compatibility/sf-b/', { compatibility: 'forward' })).json()).toEqual({ compatibility: 'FORWARD' })
    expect((await t.os('PUT', '/config/sf-b/', { compatibility: 'FULL' })).json()).toEqual({ compatibility: 'FULL' })
    expect((await t.os('DELETE', '/config/sf-b/')).json()).toEqual({ compatibility: 'BACKWARD' })
  })
})

describe('tenant and namespace query parameters are accepted and ignored (§5)', () => {
  const q = '?tenant=acme&namespace=ns1'
  it('on every read route', async () => {
    expect((await t.os('GET', `/schemas/ids/${id1}${q}`)).json()).toMatchObject({ id: id1 })
    expect((await t.os('GET', `/schemas/${id1}/subject${q}`)).json()).toEqual({ subject: 'sf-a', version: 1 })
    expect((await t.os('GET', `/subjects${q}`)).json()).toContain('sf-a')
    expect((await t.os('GET', `/subjects/sf-a/versions${q}`)).json()).toEqual([1, 2])
    expect((await t.os('GET', `/subjects/sf-a${q}`)).json()).toMatchObject({ subject: 'sf-a' })
    expect((await t.os('GET', `/subjects/sf-a/versions/1/schema${q}`)).json()).toMatchObject({ subject: 'sf-a' })
    expect((await t.os('GET', `/compatibility/sf-a${q}`)).json()).toEqual({ compatibility: 'BACKWARD' })
    expect((await t.os('GET', `/config/sf-a${q}`)).json()).toEqual({ compatibility: 'BACKWARD' })
  })

  it('on every write route', async () => {
    const reg1 = await t.os('POST', `/subjects/sf-q/versions${q}`, avroBody('SfQ'))
    expect(reg1.statusCode, reg1.body).toBe(200)
    expect((await t.os('POST', `/subjects/sf-q${q}`, { app: 'q' })).json()).toMatchObject({ subject: 'sf-q', app: 'q', tenant: null, namespace: null })
    expect((await t.os('POST', `/compatibility/subjects/sf-q/versions/1${q}`, avroBody('SfQ', ['x']))).json()).toEqual({ isCompatible: true })
    expect((await t.os('PUT', `/compatibility/sf-q${q}`, { compatibility: 'NONE' })).json()).toEqual({ compatibility: 'NONE' })
    expect((await t.os('DELETE', `/compatibility/sf-q${q}`)).json()).toEqual({ compatibility: 'BACKWARD' })
    await reg(t, 'sf-q', avroBody('SfQ', ['x']))
    expect((await t.os('DELETE', `/subjects/sf-q/versions/2${q}`)).json()).toBe(2)
    expect((await t.os('DELETE', `/subjects/sf-q${q}`)).json()).toEqual([1])
  })
})

describe('media types (§1, §5)', () => {
  it('answers application/vnd.openschema.v1+json by default, success and error', async () => {
    expect((await t.os('GET', '/subjects')).headers['content-type']).toContain(OPENSCHEMA)
    expect((await t.os('GET', '/subjects/sf-none')).headers['content-type']).toContain(OPENSCHEMA)
  })

  it('answers application/json when Accept names only application/json (also with a parameter)', async () => {
    for (const accept of ['application/json', 'application/json; charset=utf-8']) {
      const res = await t.app.inject({ method: 'GET', url: '/subjects', headers: { accept } })
      expect(res.statusCode).toBe(200)
      expect(String(res.headers['content-type']).split(';')[0], accept).toBe('application/json')
    }
    const post = await t.app.inject({
      method: 'POST',
      url: '/subjects/sf-json/versions',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      payload: JSON.stringify(avroBody('SfJson')),
    })
    expect(post.statusCode).toBe(200)
    expect(String(post.headers['content-type']).split(';')[0]).toBe('application/json')
    expect(post.json()).toEqual({ id: expect.any(String) })
  })

  it('answers the vendor type when Accept names application/json among others', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/subjects', headers: { accept: 'application/json, */*' } })
    expect(res.headers['content-type']).toContain(OPENSCHEMA)
  })

  it('Content-Type application/json on a register still answers OpenSchema with string ids', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/subjects/sf-ct/versions', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(avroBody('SfCt')) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: expect.stringMatching(/^\d+$/) })
    expect(res.headers['content-type']).toContain(OPENSCHEMA)
  })

  it('accepts application/octet-stream and the OpenSchema vendor type as JSON request bodies', async () => {
    for (const ct of ['application/octet-stream', OPENSCHEMA]) {
      const res = await t.app.inject({ method: 'POST', url: '/subjects/sf-oct/versions', headers: { 'content-type': ct }, payload: JSON.stringify(avroBody('SfOct')) })
      expect(res.statusCode, ct).toBe(200)
      expect(res.json(), ct).toEqual({ id: expect.stringMatching(/^\d+$/) })
    }
  })

  it('a Confluent media type switches to Confluent (integer ids), §1 rule 2', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/subjects/sf-a/versions/1`, headers: { accept: CONFLUENT } })
    expect(res.json().id).toBe(Number(id1))
    const res2 = await t.app.inject({ method: 'GET', url: `/subjects/sf-a/versions/1`, headers: { accept: 'application/vnd.schemaregistry+json' } })
    expect(res2.json().id).toBe(Number(id1))
  })

  it('/apis/openschema/v1 prefix and the OpenSchema media type select OpenSchema on a Confluent-default server (§1)', async () => {
    const c = await createTestApp({ dialect: 'confluent' })
    try {
      const r1 = await c.app.inject({ method: 'POST', url: '/apis/openschema/v1/subjects/p/versions', payload: JSON.stringify(avroBody('P')) })
      expect(r1.json()).toEqual({ id: expect.stringMatching(/^\d+$/) })
      expect(r1.headers['content-type']).toContain(OPENSCHEMA)
      const r2 = await c.app.inject({ method: 'GET', url: '/subjects/p', headers: { accept: OPENSCHEMA } })
      expect(r2.statusCode).toBe(200)
      expect(r2.json()).toMatchObject({ subject: 'p', format: 'AVRO' })
      const r3 = await c.app.inject({ method: 'GET', url: '/apis/openschema/v1/subjects/none' })
      expectError(r3, 404, 40402)
      // the default there is Confluent
      const r4 = await c.app.inject({ method: 'GET', url: '/subjects/none/versions' })
      expect(r4.json()).toMatchObject({ error_code: 40401 })
    } finally {
      await c.close()
    }
  })

  it('/apis/ccompat/v7 prefix selects Confluent on the OpenSchema-default server (§1)', async () => {
    const res = await t.os('GET', '/apis/ccompat/v7/subjects/none/versions')
    expect(res.json()).toMatchObject({ error_code: 40401 })
  })
})
