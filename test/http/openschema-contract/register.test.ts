// docs/API.md §5 Register body: three spellings, serialization values and contradictions,
// schema_definition, id/version/subject ignored outside IMPORT, idempotent re-registration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg, rec } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('register body spellings', () => {
  it('flat schemaDefinition (JSON), flat schemaDefinition (text), flat schema_definition, wrapped schemaDefinition, wrapped schema_definition and Confluent-style all give the same id', async () => {
    const def = rec('RgSame')
    const text = JSON.stringify(def)
    const bodies = [
      { serialization: 'AVRO', schemaDefinition: def },
      { serialization: 'AVRO', schemaDefinition: text },
      { serialization: 'AVRO', schema_definition: def },
      { serialization: 'AVRO', schema_definition: text },
      { schema: { serialization: 'AVRO', schemaDefinition: def } },
      { schema: { serialization: 'AVRO', schema_definition: text } },
      { schema: text, schemaType: 'AVRO' },
      { schema: text },
      { schemaDefinition: def },
    ]
    const ids = []
    for (const b of bodies) ids.push(await reg(t, 'rg-same', b))
    expect(new Set(ids).size).toBe(1)
    expect((await t.os('GET', '/subjects/rg-same/versions')).json()).toEqual([1])
  })

  it('Confluent-style body with schemaType in any case (json, Protobuf, pb) registers that type', async () => {
    const j = await reg(t, 'rg-cs-json', { schema: JSON.stringify({ type: 'object' }), schemaType: 'json' })
    expect((await t.os('GET', `/schemas/ids/${j}`)).json()).toMatchObject({ schemaType: 'JSON', serialization: 'JSON' })
    const p = await reg(t, 'rg-cs-pb', { schema: 'syntax = "proto3";\nmessage B { string id = 1; }\n', schemaType: 'Protobuf' })
    expect((await t.os('GET', `/schemas/ids/${p}`)).json()).toMatchObject({ schemaType: 'PROTOBUF', serialization: 'PB' })
    const p2 = await reg(t, 'rg-cs-pb2', { schema: 'syntax = "proto3";\nmessage B2 { string id = 1; }\n', schemaType: 'pb' })
    expect((await t.os('GET', `/schemas/ids/${p2}`)).json()).toMatchObject({ schemaType: 'PROTOBUF' })
  })
})

describe('serialization values', () => {
  it.each([['AVRO'], ['avro'], ['Avro'], [''], [null]])('serialization %j registers AVRO', async (v) => {
    const id = await reg(t, `rg-ser-avro-${String(v) || 'empty'}`, { serialization: v, schemaDefinition: rec('RgSerA') })
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ serialization: 'AVRO', schemaType: 'AVRO' })
  })

  it.each([['JSON'], ['json'], ['Json']])('serialization %j registers JSON', async (v) => {
    const id = await reg(t, `rg-ser-json-${v}`, { serialization: v, schemaDefinition: { type: 'object', title: 'RgSerJ' } })
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ serialization: 'JSON', schemaType: 'JSON' })
  })

  it.each([['PB'], ['pb'], ['PROTOBUF'], ['protobuf']])('serialization %j registers PROTOBUF (PB)', async (v) => {
    const id = await reg(t, `rg-ser-pb-${v}`, { serialization: v, schemaDefinition: 'syntax = "proto3";\nmessage C { string id = 1; }\n' })
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ serialization: 'PB', schemaType: 'PROTOBUF' })
  })

  it.each([['XML'], ['Hessian'], ['USER-DEFINED'], [1], [true], [{}]])('serialization %j is 422/42201', async (v) => {
    expectError(await t.os('POST', '/subjects/rg-ser-bad/versions', { serialization: v, schemaDefinition: rec('RgBad') }), 422, 42201)
  })

  it.each([[{ serialization: 'JSON', schemaType: 'AVRO' }], [{ serialization: 'PB', schemaType: 'JSON' }], [{ serialization: 'avro', schemaType: 'PROTOBUF' }]])(
    'a serialization that contradicts schemaType (%j) is 42201',
    async (types) => {
      expectError(await t.os('POST', '/subjects/rg-contra/versions', { ...types, schemaDefinition: rec('RgContra') }), 422, 42201)
      expectError(await t.os('POST', '/subjects/rg-contra/versions', { schema: { ...types, schemaDefinition: rec('RgContra') } }), 422, 42201)
    },
  )

  it('serialization PB with schemaType PROTOBUF (and PROTOBUF with pb) is no contradiction', async () => {
    await reg(t, 'rg-nocontra', { serialization: 'PB', schemaType: 'PROTOBUF', schemaDefinition: 'syntax = "proto3";\nmessage D { string id = 1; }\n' })
    await reg(t, 'rg-nocontra', { serialization: 'protobuf', schemaType: 'pb', schemaDefinition: 'syntax = "proto3";\nmessage D { string id = 1; }\n' })
  })

  it('an unknown schemaType is 42201', async () => {
    expectError(await t.os('POST', '/subjects/rg-badtype/versions', { schemaType: 'XML', schemaDefinition: rec('RgBadType') }), 422, 42201)
  })
})

describe('body errors', () => {
  it('an unparsable schema is 42201', async () => {
    expectError(await t.os('POST', '/subjects/rg-inv/versions', { serialization: 'AVRO', schemaDefinition: { type: 'nope' } }), 422, 42201)
    expectError(await t.os('POST', '/subjects/rg-inv/versions', { serialization: 'PB', schemaDefinition: 'message {' }), 422, 42201)
    expectError(await t.os('GET', '/subjects/rg-inv'), 404, 40402)
  })

  it('a missing body is 422/422 and malformed JSON 400/400', async () => {
    expectError(await t.os('POST', '/subjects/rg-nobody/versions'), 422, 422)
    expectError(await t.os('POST', '/subjects/rg-nobody/versions', '{"serialization":'), 400, 400)
  })

  it('an incompatible schema is 409/40901', async () => {
    await reg(t, 'rg-incompat', avroBody('RgInc'))
    const bad = {
      serialization: 'AVRO',
      schemaDefinition: {
        type: 'record',
        name: 'RgInc',
        fields: [
          { name: 'id', type: 'string' },
          { name: 'req', type: 'string' },
        ],
      },
    }
    expectError(await t.os('POST', '/subjects/rg-incompat/versions', bad), 409, 40901)
  })

  it('an invalid subject name (reserved, too long) is 422/42202', async () => {
    expectError(await t.os('POST', '/subjects/__GLOBAL/versions', avroBody('RgG')), 422, 42202)
    expectError(await t.os('POST', `/subjects/${'a'.repeat(1025)}/versions`, avroBody('RgL')), 422, 42202)
    // 1,024 characters are fine (§6)
    await reg(t, 'b'.repeat(1024), avroBody('RgOk1024'))
  })
})

describe('id, version and subject ignored outside IMPORT', () => {
  it('a fetched Schema object posted back registers and answers the same id (no new version)', async () => {
    const id = await reg(t, 'rg-back', avroBody('RgBack', [], { name: 'nm', comment: 'cm' }))
    const fetched = (await t.os('GET', `/schemas/ids/${id}`)).json()
    expect(await reg(t, 'rg-back', fetched)).toBe(id)
    expect(await reg(t, 'rg-back', { schema: fetched })).toBe(id)
    expect((await t.os('GET', '/subjects/rg-back/versions')).json()).toEqual([1])
  })

  it('a fetched Schema object posted to another subject registers there at version 1 with the same id', async () => {
    const id = await reg(t, 'rg-back2', avroBody('RgBack2'))
    await reg(t, 'rg-back2', avroBody('RgBack2', ['x']))
    const fetched = (await t.os('GET', '/subjects/rg-back2/versions/2/schema')).json().schema
    expect(fetched.version).toBe(2)
    const id2 = await reg(t, 'rg-back2-copy', fetched)
    expect(id2).toBe(fetched.id)
    expect(id2).not.toBe(id)
    expect((await t.os('GET', '/subjects/rg-back2-copy/versions')).json()).toEqual([1])
    expect((await t.os('GET', '/subjects/rg-back2/versions')).json()).toEqual([1, 2])
  })

  it('an explicit id (string or number, even non-numeric) and version are ignored: a new id is assigned, version 1', async () => {
    for (const [i, extra] of [
      [1, { id: '5000', version: 7 }],
      [2, { id: 6000, version: '9' }],
      [3, { id: 'abc', version: 'x' }],
      [4, { id: '', version: null }],
    ] as const) {
      const res = await t.os('POST', `/subjects/rg-ign-${i}/versions`, avroBody(`RgIgn${i}`, [], extra))
      expect(res.statusCode, `${JSON.stringify(extra)} ${res.body}`).toBe(200)
      expect(res.json().id).not.toBe(String(extra.id))
      expect((await t.os('GET', `/subjects/rg-ign-${i}/versions`)).json()).toEqual([1])
    }
  })

  it('a body subject naming another subject is ignored: the path subject gets the version', async () => {
    await reg(t, 'rg-path', avroBody('RgPath', [], { subject: 'rg-other' }))
    expect((await t.os('GET', '/subjects/rg-path/versions')).json()).toEqual([1])
    expectError(await t.os('GET', '/subjects/rg-other'), 404, 40402)
  })
})

describe('re-registration', () => {
  it('same content with another name/comment/validator keeps the id, adds no version, changes no annotation', async () => {
    const id = await reg(t, 'rg-re', avroBody('RgRe', [], { name: 'a', comment: 'b', validator: 'c' }))
    expect(await reg(t, 'rg-re', avroBody('RgRe', [], { name: 'x', comment: 'y', validator: 'z' }))).toBe(id)
    expect(await reg(t, 'rg-re', avroBody('RgRe', [], { name: null, comment: null }))).toBe(id)
    expect((await t.os('GET', '/subjects/rg-re/versions')).json()).toEqual([1])
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ name: 'a', comment: 'b', validator: 'c' })
    expect((await t.os('GET', '/subjects/rg-re/versions/1/schema')).json().schema).toMatchObject({ name: 'a', comment: 'b', validator: 'c' })
  })

  it('whitespace / key order differences dedupe to the same id', async () => {
    const id = await reg(t, 'rg-canon', { serialization: 'AVRO', schemaDefinition: '{"type":"record","name":"RgCanon","fields":[{"name":"id","type":"string"}]}' })
    expect(await reg(t, 'rg-canon', { serialization: 'AVRO', schemaDefinition: '{ "fields": [ {"type":"string", "name":"id"} ],  "name":"RgCanon", "type":"record" }' })).toBe(id)
  })

  it('registering creates the subject (it is listed)', async () => {
    await reg(t, 'rg-creates', avroBody('RgCreates'))
    expect((await t.os('GET', '/subjects')).json()).toContain('rg-creates')
  })
})

describe('IMPORT mode honours the body id (contrast with "ignored outside IMPORT")', () => {
  it('with a subject in IMPORT, an explicit string id is used', async () => {
    const m = await t.os('PUT', '/mode/rg-imp', { mode: 'IMPORT' })
    expect(m.statusCode, m.body).toBe(200)
    const res = await t.os('POST', '/subjects/rg-imp/versions', avroBody('RgImp', [], { id: '7777', version: 3 }))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ id: '7777' })
    expect((await t.os('GET', '/subjects/rg-imp/versions')).json()).toEqual([3])
  })
})
