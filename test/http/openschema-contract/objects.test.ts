// docs/API.md §5 Schema object / Subject object, §6 "carry every key, null when unset (format NONE)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg, rec, SCHEMA_KEYS, sleep, SUBJECT_KEYS, TIME } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const subjectOf = async (s: string) => {
  const res = await t.os('GET', `/subjects/${s}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('Schema object', () => {
  it('has exactly the nine keys and the locator, null when unset, id a string and version an integer', async () => {
    const id = await reg(t, 'ob-plain', avroBody('ObPlain'))
    const body = (await t.os('GET', `/schemas/ids/${id}`)).json()
    expect(Object.keys(body).sort()).toEqual(SCHEMA_KEYS)
    expect(body).toEqual({
      id,
      subject: 'ob-plain',
      version: 1,
      name: null,
      comment: null,
      validator: null,
      serialization: 'AVRO',
      schemaType: 'AVRO',
      schemaDefinition: rec('ObPlain'),
      // this test app keeps no files
      locator: null,
    })
  })

  it('takes subject/version/name/comment/validator from the earliest live registration; after that one is deleted, from the next', async () => {
    const id = await reg(t, 'ob-e1', avroBody('ObE', [], { name: 'n1', comment: 'c1', validator: 'v1.groovy' }))
    expect(await reg(t, 'ob-e2', avroBody('ObE', [], { name: 'n2', comment: 'c2', validator: 'v2.groovy' }))).toBe(id)
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ subject: 'ob-e1', version: 1, name: 'n1', comment: 'c1', validator: 'v1.groovy' })
    // SubjectWithSchema uses that subject-version's own annotations
    expect((await t.os('GET', '/subjects/ob-e2/versions/1/schema')).json().schema).toMatchObject({ id, subject: 'ob-e2', name: 'n2', comment: 'c2', validator: 'v2.groovy' })
    await t.os('DELETE', '/subjects/ob-e1')
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ subject: 'ob-e2', version: 1, name: 'n2', comment: 'c2', validator: 'v2.groovy' })
    expect((await t.os('GET', `/schemas/${id}/subject`)).json()).toEqual({ subject: 'ob-e2', version: 1 })
  })

  it('JSON Schema: serialization JSON and schemaDefinition embedded as JSON', async () => {
    const def = { type: 'object', properties: { a: { type: 'string' } } }
    const id = await reg(t, 'ob-json', { serialization: 'json', schemaDefinition: def })
    const body = (await t.os('GET', `/schemas/ids/${id}`)).json()
    expect(body).toMatchObject({ serialization: 'JSON', schemaType: 'JSON' })
    expect(body.schemaDefinition).toEqual(def)
  })
})

describe('Subject object', () => {
  it('a subject created by registration has exactly the eleven keys, attributes null, format AVRO, effective level', async () => {
    await reg(t, 'ob-sub', avroBody('ObSub'))
    const body = await subjectOf('ob-sub')
    expect(Object.keys(body).sort()).toEqual(SUBJECT_KEYS)
    expect(body).toMatchObject({
      subject: 'ob-sub',
      tenant: null,
      namespace: null,
      app: null,
      description: null,
      status: null,
      coordinate: null,
      compatibility: 'BACKWARD',
      format: 'AVRO',
    })
    expect(body.createdTime).toMatch(TIME)
    expect(body.lastModifiedTime).toMatch(TIME)
  })

  it('an upserted subject without versions has format NONE and every key', async () => {
    const res = await t.os('POST', '/subjects/ob-empty', {})
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(Object.keys(body).sort()).toEqual(SUBJECT_KEYS)
    expect(body).toMatchObject({ format: 'NONE', tenant: null, app: null, compatibility: 'BACKWARD' })
  })

  it('times are UTC in the form 2021-09-14T02:26:09.018 close to now', async () => {
    const before = Date.now()
    await reg(t, 'ob-time', avroBody('ObTime'))
    const body = await subjectOf('ob-time')
    const created = Date.parse(body.createdTime + 'Z')
    expect(created).toBeGreaterThanOrEqual(before - 1000)
    expect(created).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('format is PB for Protobuf and JSON for JSON Schema; it follows the latest live version', async () => {
    await reg(t, 'ob-fmt', { serialization: 'PB', schemaDefinition: 'syntax = "proto3";\nmessage A { string id = 1; }\n' })
    expect((await subjectOf('ob-fmt')).format).toBe('PB')
    await t.os('PUT', '/compatibility/ob-fmt', { compatibility: 'NONE' })
    await reg(t, 'ob-fmt', { serialization: 'JSON', schemaDefinition: { type: 'object' } })
    expect((await subjectOf('ob-fmt')).format).toBe('JSON')
    await t.os('DELETE', '/subjects/ob-fmt/versions/2')
    expect((await subjectOf('ob-fmt')).format).toBe('PB')
    await t.os('DELETE', '/subjects/ob-fmt/versions/1')
    expect((await subjectOf('ob-fmt')).format).toBe('NONE')
  })

  it('compatibility is the effective level (subject level, else default)', async () => {
    await reg(t, 'ob-lvl', avroBody('ObLvl'))
    await t.os('PUT', '/compatibility/ob-lvl', { compatibility: 'FULL_TRANSITIVE' })
    expect((await subjectOf('ob-lvl')).compatibility).toBe('FULL_TRANSITIVE')
    await t.os('DELETE', '/compatibility/ob-lvl')
    expect((await subjectOf('ob-lvl')).compatibility).toBe('BACKWARD')
  })
})

describe('createdTime / lastModifiedTime update rules (§5)', () => {
  it('createdTime is set by the first upsert and never changes; lastModifiedTime moves on every upsert', async () => {
    const first = (await t.os('POST', '/subjects/ob-t1', { app: 'a' })).json()
    expect(first.createdTime).toMatch(TIME)
    expect(first.lastModifiedTime).toMatch(TIME)
    await sleep(15)
    const second = (await t.os('POST', '/subjects/ob-t1', { app: 'b' })).json()
    expect(second.createdTime).toBe(first.createdTime)
    expect(second.lastModifiedTime > first.lastModifiedTime).toBe(true)
  })

  it('createdTime is set by the first registration; a registration of a new version moves lastModifiedTime only', async () => {
    await reg(t, 'ob-t2', avroBody('ObT2'))
    const a = await subjectOf('ob-t2')
    await sleep(15)
    await reg(t, 'ob-t2', avroBody('ObT2', ['x']))
    const b = await subjectOf('ob-t2')
    expect(b.createdTime).toBe(a.createdTime)
    expect(b.lastModifiedTime > a.lastModifiedTime).toBe(true)
  })

  it('registration into an upserted subject keeps createdTime and moves lastModifiedTime', async () => {
    const a = (await t.os('POST', '/subjects/ob-t3', {})).json()
    await sleep(15)
    await reg(t, 'ob-t3', avroBody('ObT3'))
    const b = await subjectOf('ob-t3')
    expect(b.createdTime).toBe(a.createdTime)
    expect(b.lastModifiedTime > a.lastModifiedTime).toBe(true)
  })

  it('PUT /compatibility/{s} (a level change) moves lastModifiedTime', async () => {
    await reg(t, 'ob-t4', avroBody('ObT4'))
    const a = await subjectOf('ob-t4')
    await sleep(15)
    await t.os('PUT', '/compatibility/ob-t4', { compatibility: 'FULL' })
    const b = await subjectOf('ob-t4')
    expect(b.createdTime).toBe(a.createdTime)
    expect(b.lastModifiedTime > a.lastModifiedTime).toBe(true)
  })

  it('PUT /config/{s} (alias) moves lastModifiedTime', async () => {
    await reg(t, 'ob-t4b', avroBody('ObT4b'))
    const a = await subjectOf('ob-t4b')
    await sleep(15)
    await t.os('PUT', '/config/ob-t4b', { compatibility: 'FORWARD' })
    const b = await subjectOf('ob-t4b')
    expect(b.lastModifiedTime > a.lastModifiedTime).toBe(true)
  })

  // docs/API.md §5 Subject object: "lastModifiedTime [is set] by every upsert, level change,
  // registration and delete"; DELETE /compatibility/{s} removes the subject's level (§5 Levels), a
  // level change.
  it('DELETE /compatibility/{s} (a level change) moves lastModifiedTime', async () => {
    await reg(t, 'ob-t5', avroBody('ObT5'))
    await t.os('PUT', '/compatibility/ob-t5', { compatibility: 'FULL' })
    const a = await subjectOf('ob-t5')
    await sleep(15)
    await t.os('DELETE', '/compatibility/ob-t5')
    const b = await subjectOf('ob-t5')
    expect(b.lastModifiedTime > a.lastModifiedTime).toBe(true)
  })

  it('DELETE of a version moves lastModifiedTime', async () => {
    await reg(t, 'ob-t6', avroBody('ObT6'))
    await reg(t, 'ob-t6', avroBody('ObT6', ['x']))
    const a = await subjectOf('ob-t6')
    await sleep(15)
    await t.os('DELETE', '/subjects/ob-t6/versions/2')
    const b = await subjectOf('ob-t6')
    expect(b.createdTime).toBe(a.createdTime)
    expect(b.lastModifiedTime > a.lastModifiedTime).toBe(true)
  })

  it('re-registering existing content (even with another name/comment) changes nothing, lastModifiedTime included', async () => {
    const id = await reg(t, 'ob-t7', avroBody('ObT7', [], { name: 'orig', comment: 'orig' }))
    const a = await subjectOf('ob-t7')
    await sleep(15)
    expect(await reg(t, 'ob-t7', avroBody('ObT7', [], { name: 'other', comment: 'other', validator: 'x' }))).toBe(id)
    const b = await subjectOf('ob-t7')
    expect(b).toEqual(a)
    expect((await t.os('GET', '/subjects/ob-t7/versions')).json()).toEqual([1])
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ name: 'orig', comment: 'orig', validator: null })
  })

  it('a subject deleted and re-created gets a new createdTime and cleared attributes', async () => {
    const a = (await t.os('POST', '/subjects/ob-t8', { app: 'a', compatibility: 'NONE' })).json()
    await reg(t, 'ob-t8', avroBody('ObT8'))
    await t.os('DELETE', '/subjects/ob-t8')
    expectError(await t.os('GET', '/subjects/ob-t8'), 404, 40402)
    await sleep(15)
    await reg(t, 'ob-t8', avroBody('ObT8b'))
    const b = await subjectOf('ob-t8')
    expect(b.createdTime > a.createdTime).toBe(true)
    expect(b).toMatchObject({ app: null, compatibility: 'BACKWARD' })
  })
})
