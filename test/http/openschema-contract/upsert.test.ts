// docs/API.md §5 Upsert (row 9) and §6 (upsert with compatibility sets the subject's config).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg, SUBJECT_KEYS } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const up = async (s: string, body?: unknown) => {
  const res = await t.os('POST', `/subjects/${s}`, body)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('upsert', () => {
  it('sets every writable attribute and answers the Subject object', async () => {
    const body = await up('up-all', { tenant: 't', namespace: 'n', app: 'a', description: 'd', status: 'released', coordinate: 'g:a:1', compatibility: 'forward_transitive' })
    expect(Object.keys(body).sort()).toEqual(SUBJECT_KEYS)
    expect(body).toMatchObject({
      subject: 'up-all',
      tenant: 't',
      namespace: 'n',
      app: 'a',
      description: 'd',
      status: 'released',
      coordinate: 'g:a:1',
      compatibility: 'FORWARD_TRANSITIVE',
      format: 'NONE',
    })
    expect((await t.os('GET', '/subjects/up-all')).json()).toEqual(body)
    expect((await t.os('GET', '/compatibility/up-all')).json()).toEqual({ compatibility: 'FORWARD_TRANSITIVE' })
  })

  it('no field is required: no body and {} create the subject', async () => {
    expect(await up('up-nobody')).toMatchObject({ subject: 'up-nobody', format: 'NONE' })
    expect(await up('up-empty', {})).toMatchObject({ subject: 'up-empty' })
    expect((await t.os('GET', '/subjects/up-nobody/versions')).json()).toEqual([])
  })

  it('fields left out keep their value; explicit null clears one', async () => {
    await up('up-keep', { tenant: 't', app: 'a', description: 'd', status: 's', coordinate: 'c', namespace: 'n' })
    expect(await up('up-keep', { app: 'a2' })).toMatchObject({ tenant: 't', app: 'a2', description: 'd', status: 's', coordinate: 'c', namespace: 'n' })
    expect(await up('up-keep', { tenant: null, description: null, status: null, coordinate: null, namespace: null })).toMatchObject({
      tenant: null,
      app: 'a2',
      description: null,
      status: null,
      coordinate: null,
      namespace: null,
    })
  })

  it('compatibility null clears the subject level (effective level again)', async () => {
    await up('up-lvl', { compatibility: 'NONE' })
    expect(await up('up-lvl', { app: 'x' })).toMatchObject({ compatibility: 'NONE' })
    expect(await up('up-lvl', { compatibility: null })).toMatchObject({ compatibility: 'BACKWARD' })
    expect((await t.os('GET', '/config/up-lvl')).json()).toEqual({ compatibility: 'BACKWARD' })
  })

  it('compatibility set by upsert is enforced on registration (becomes the subject level)', async () => {
    await reg(t, 'up-enf', avroBody('UpEnf'))
    const breaking = { serialization: 'AVRO', schemaDefinition: { type: 'record', name: 'UpEnf', fields: [{ name: 'other', type: 'long' }] } }
    expectError(await t.os('POST', '/subjects/up-enf/versions', breaking), 409, 40901)
    await up('up-enf', { compatibility: 'none' })
    await reg(t, 'up-enf', breaking)
  })

  it('an invalid compatibility is 422/42204 and changes nothing (no subject created)', async () => {
    expectError(await t.os('POST', '/subjects/up-bad', { compatibility: 'SIDEWAYS', app: 'x' }), 422, 42204)
    expectError(await t.os('GET', '/subjects/up-bad'), 404, 40402)
    expect((await t.os('GET', '/subjects')).json()).not.toContain('up-bad')
    await up('up-bad2', { app: 'keep' })
    expectError(await t.os('POST', '/subjects/up-bad2', { compatibility: 'SIDEWAYS', app: 'changed' }), 422, 42204)
    expect((await t.os('GET', '/subjects/up-bad2')).json()).toMatchObject({ app: 'keep', compatibility: 'BACKWARD' })
  })

  it('a body subject is ignored: the path names the subject', async () => {
    expect(await up('up-path', { subject: 'up-elsewhere', app: 'p' })).toMatchObject({ subject: 'up-path', app: 'p' })
    expectError(await t.os('GET', '/subjects/up-elsewhere'), 404, 40402)
  })

  it('format and the times in the body are ignored', async () => {
    const first = await up('up-ign', { app: 'a' })
    const second = await up('up-ign', { format: 'JSON', createdTime: '2000-01-01T00:00:00.000', lastModifiedTime: '2000-01-01T00:00:00.000' })
    expect(second.format).toBe('NONE')
    expect(second.createdTime).toBe(first.createdTime)
    expect(second.lastModifiedTime).not.toBe('2000-01-01T00:00:00.000')
  })

  it('a body whose only known key is a string schema is 42201 and creates no subject', async () => {
    expectError(await t.os('POST', '/subjects/up-lookup', { schema: JSON.stringify({ type: 'string' }) }), 422, 42201)
    expectError(await t.os('POST', '/subjects/up-lookup', { schema: JSON.stringify({ type: 'string' }), schemaType: 'AVRO', references: [] }), 422, 42201)
    expectError(await t.os('GET', '/subjects/up-lookup'), 404, 40402)
  })

  it('a string schema next to a known attribute is an upsert', async () => {
    expect(await up('up-mixed', { schema: 'x', app: 'm' })).toMatchObject({ app: 'm' })
  })

  it('an invalid subject name is 42202 (seed row 9)', async () => {
    expectError(await t.os('POST', '/subjects/__EMPTY', { app: 'x' }), 422, 42202)
  })

  it('an upsert on a registered subject keeps its versions and format', async () => {
    await reg(t, 'up-reg', avroBody('UpReg'))
    expect(await up('up-reg', { app: 'r' })).toMatchObject({ format: 'AVRO', app: 'r' })
    expect((await t.os('GET', '/subjects/up-reg/versions')).json()).toEqual([1])
  })

  it('an upserted subject is listed and readable at /compatibility; its versions are []', async () => {
    await up('up-listed', {})
    expect((await t.os('GET', '/subjects')).json()).toContain('up-listed')
    expect((await t.os('GET', '/compatibility/up-listed')).json()).toEqual({ compatibility: 'BACKWARD' })
    expect((await t.os('GET', '/subjects/up-listed/versions')).json()).toEqual([])
  })

  // docs/API.md §5 "A subject exists from its first upsert or registration until deleted", and
  // row 7's errors (seed API row 7: 40402 subject / 40403 version; §2 "version not found" = 40403).
  // The subject exists, so a version it lacks is 40403.
  it('row 7 on an upserted subject without versions: latest and 1 are 404/40403 (the subject exists)', async () => {
    await up('up-nover', { app: 'x' })
    expectError(await t.os('GET', '/subjects/up-nover/versions/latest/schema'), 404, 40403)
    expectError(await t.os('GET', '/subjects/up-nover/versions/1/schema'), 404, 40403)
  })
})
