// docs/API.md §5 "Deletes are permanent in this dialect", §3 Versions (numbering after permanent deletes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('permanent deletes', () => {
  it('DELETE /subjects/{s} removes versions, attributes and level; the re-created subject starts at 1 with the default level', async () => {
    await t.os('POST', '/subjects/dl-a', { app: 'a', tenant: 't', compatibility: 'NONE' })
    await reg(t, 'dl-a', avroBody('DlA'))
    await reg(t, 'dl-a', { serialization: 'AVRO', schemaDefinition: { type: 'record', name: 'DlA', fields: [{ name: 'z', type: 'long' }] } })
    await reg(t, 'dl-a', avroBody('DlA', ['q']))
    expect((await t.os('DELETE', '/subjects/dl-a')).json()).toEqual([1, 2, 3])
    expectError(await t.os('GET', '/subjects/dl-a'), 404, 40402)
    expectError(await t.os('GET', '/subjects/dl-a/versions'), 404, 40402)
    expectError(await t.os('GET', '/compatibility/dl-a'), 404, 40402)
    expect((await t.os('GET', '/subjects')).json()).not.toContain('dl-a')
    await reg(t, 'dl-a', avroBody('DlA', ['new']))
    expect((await t.os('GET', '/subjects/dl-a/versions')).json()).toEqual([1])
    expect((await t.os('GET', '/subjects/dl-a')).json()).toMatchObject({ app: null, tenant: null, compatibility: 'BACKWARD' })
    // the Confluent view of the same store sees no soft-deleted leftovers
    expect((await t.cf('GET', '/subjects/dl-a/versions?deleted=true')).json()).toEqual([1])
  })

  it('DELETE /subjects/{s} of an upserted subject without versions answers [] and removes it', async () => {
    await t.os('POST', '/subjects/dl-empty', { app: 'x' })
    const res = await t.os('DELETE', '/subjects/dl-empty')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual([])
    expectError(await t.os('GET', '/subjects/dl-empty'), 404, 40402)
  })

  it('?permanent=true is accepted on both deletes and changes nothing', async () => {
    await reg(t, 'dl-p', avroBody('DlP'))
    await reg(t, 'dl-p', avroBody('DlP', ['x']))
    expect((await t.os('DELETE', '/subjects/dl-p/versions/2?permanent=true')).json()).toBe(2)
    expect((await t.os('DELETE', '/subjects/dl-p?permanent=true')).json()).toEqual([1])
    expectError(await t.os('GET', '/subjects/dl-p'), 404, 40402)
  })

  it('a version delete is permanent: the freed highest number is reused, a lower one is not', async () => {
    await reg(t, 'dl-v', avroBody('DlV'))
    await reg(t, 'dl-v', avroBody('DlV', ['a']))
    await reg(t, 'dl-v', avroBody('DlV', ['a', 'b']))
    expect((await t.os('DELETE', '/subjects/dl-v/versions/3')).json()).toBe(3)
    await reg(t, 'dl-v', avroBody('DlV', ['a', 'c']))
    expect((await t.os('GET', '/subjects/dl-v/versions')).json()).toEqual([1, 2, 3])
    expect((await t.os('DELETE', '/subjects/dl-v/versions/1')).json()).toBe(1)
    await reg(t, 'dl-v', avroBody('DlV', ['a', 'c', 'd']))
    expect((await t.os('GET', '/subjects/dl-v/versions')).json()).toEqual([2, 3, 4])
    expect((await t.cf('GET', '/subjects/dl-v/versions?deleted=true')).json()).toEqual([2, 3, 4])
  })

  it('after deleting the last version the subject still exists (versions [], format NONE) until deleted', async () => {
    await reg(t, 'dl-last', avroBody('DlLast'))
    expect((await t.os('DELETE', '/subjects/dl-last/versions/1')).json()).toBe(1)
    expect((await t.os('GET', '/subjects/dl-last')).json()).toMatchObject({ subject: 'dl-last', format: 'NONE' })
    expect((await t.os('GET', '/subjects/dl-last/versions')).json()).toEqual([])
    await reg(t, 'dl-last', avroBody('DlLast', ['x']))
    expect((await t.os('GET', '/subjects/dl-last/versions')).json()).toEqual([1])
  })

  it('deleting the last version keeps the level of the subject, which still exists', async () => {
    await t.os('POST', '/subjects/dl-level', { compatibility: 'NONE' })
    await reg(t, 'dl-level', avroBody('DlLevel'))
    expect((await t.os('DELETE', '/subjects/dl-level/versions/1')).json()).toBe(1)
    expect((await t.os('GET', '/subjects/dl-level')).json()).toMatchObject({ compatibility: 'NONE' })
  })

  it('an id stays readable while registered under another subject, then 40401 on every id route', async () => {
    const id = await reg(t, 'dl-id1', avroBody('DlId'))
    expect(await reg(t, 'dl-id2', avroBody('DlId'))).toBe(id)
    await t.os('DELETE', '/subjects/dl-id1')
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ id, subject: 'dl-id2', version: 1 })
    expect((await t.os('GET', `/schemas/ids/${id}/subjects`)).json()).toEqual({ subject: 'dl-id2', version: 1 })
    expect((await t.os('DELETE', '/subjects/dl-id2/versions/1')).json()).toBe(1)
    for (const p of [
      `/schemas/ids/${id}`,
      `/schemas/${id}`,
      `/schema/${id}`,
      `/schemas/ids/${id}/subjects`,
      `/schemas/${id}/subject`,
      `/schemas/ids/${id}/schema`,
      `/schemas/ids/${id}/versions`,
    ]) {
      expectError(await t.os('GET', p), 404, 40401)
    }
  })

  it('a second delete is 40402 (subject) or 40403 (version); a version delete on an unknown subject is 40402', async () => {
    await reg(t, 'dl-twice', avroBody('DlTwice'))
    await reg(t, 'dl-twice', avroBody('DlTwice', ['x']))
    expect((await t.os('DELETE', '/subjects/dl-twice/versions/1')).json()).toBe(1)
    expectError(await t.os('DELETE', '/subjects/dl-twice/versions/1'), 404, 40403)
    expectError(await t.os('DELETE', '/subjects/dl-twice/versions/9'), 404, 40403)
    expect((await t.os('DELETE', '/subjects/dl-twice')).json()).toEqual([2])
    expectError(await t.os('DELETE', '/subjects/dl-twice'), 404, 40402)
    expectError(await t.os('DELETE', '/subjects/dl-twice/versions/2'), 404, 40402)
    expectError(await t.os('DELETE', '/subjects/dl-never/versions/latest'), 404, 40402)
    expectError(await t.os('DELETE', '/subjects/dl-never?permanent=true'), 404, 40402)
  })

  // docs/API.md §5 "A subject exists from its first upsert or registration until deleted"; "A
  // second delete is 40402 (subject) or 40403 (version)"; seed row 10 lists 40402 and 40403. The
  // subject exists, so the missing version is 40403.
  it('DELETE .../versions/{latest,1} on an existing subject without versions is 40403', async () => {
    await t.os('POST', '/subjects/dl-nov', {})
    expectError(await t.os('DELETE', '/subjects/dl-nov/versions/1'), 404, 40403)
    expectError(await t.os('DELETE', '/subjects/dl-nov/versions/latest'), 404, 40403)
  })

  it('a delete blocked by a referrer is 422/42206', async () => {
    await reg(t, 'dl-base', { serialization: 'AVRO', schemaDefinition: { type: 'record', name: 'DlBase', namespace: 'dl', fields: [{ name: 'id', type: 'string' }] } })
    await reg(t, 'dl-user', {
      serialization: 'AVRO',
      schemaDefinition: { type: 'record', name: 'DlUser', namespace: 'dl', fields: [{ name: 'b', type: 'dl.DlBase' }] },
      references: [{ name: 'dl.DlBase', subject: 'dl-base', version: 1 }],
    })
    expectError(await t.os('DELETE', '/subjects/dl-base'), 422, 42206)
    expectError(await t.os('DELETE', '/subjects/dl-base/versions/1'), 422, 42206)
  })
})
