import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, OPENSCHEMA, type TestApp } from '../support/test-app.js'
import { avro, orderNoDefault, orderV1, orderV2 } from '../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const register = async (subject: string, body: unknown) => {
  const res = await t.os('POST', `/subjects/${subject}/versions`, body)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { id: string }
}

describe('OpenSchema dialect', () => {
  it('is the default dialect and answers with its media type and string ids', async () => {
    const res = await t.os('POST', '/subjects/os-orders/versions', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderV1) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain(OPENSCHEMA)
    expect(res.json()).toEqual({ id: expect.stringMatching(/^\d+$/) })
  })

  it('serves the Schema object by id and its aliases with every key', async () => {
    const definition = JSON.parse(avro('OsById'))
    const { id } = await register('os-by-id', { serialization: 'AVRO', schemaDefinition: definition, name: 'order', comment: 'first' })
    for (const path of [`/schemas/ids/${id}`, `/schemas/${id}`, `/schema/${id}`, `/schemas/ids/${id}/`]) {
      const body = (await t.os('GET', path)).json()
      expect(body, path).toEqual({
        id,
        subject: 'os-by-id',
        version: 1,
        name: 'order',
        comment: 'first',
        serialization: 'AVRO',
        schemaType: 'AVRO',
        schemaDefinition: definition,
        validator: null,
        locator: null,
      })
    }
    expect((await t.os('GET', `/schemas/ids/${id}/subjects`)).json()).toEqual({ subject: 'os-by-id', version: 1 })
    expect((await t.os('GET', `/schemas/${id}/subject`)).json()).toEqual({ subject: 'os-by-id', version: 1 })
  })

  it('accepts the wrapped and the Confluent-style register bodies', async () => {
    const wrapped = await register('os-bodies', { schema: { serialization: 'avro', schema_definition: orderV1 } })
    const confluentStyle = await register('os-bodies', { schema: orderV1, schemaType: 'AVRO' })
    expect(confluentStyle.id).toBe(wrapped.id)
    const contradicting = await t.os('POST', '/subjects/os-bodies/versions', { serialization: 'JSON', schemaType: 'AVRO', schemaDefinition: JSON.parse(orderV1) })
    expect(contradicting.json()).toMatchObject({ errorCode: 42201 })
  })

  it('upserts a subject with attributes and answers the Subject object', async () => {
    const res = await t.os('POST', '/subjects/os-upsert/', { tenant: 'acme', app: 'billing', description: 'orders', compatibility: 'full' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ subject: 'os-upsert', tenant: 'acme', app: 'billing', description: 'orders', compatibility: 'FULL', format: 'NONE', namespace: null })
    expect(body.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/)
    expect((await t.os('GET', '/subjects/os-upsert/versions')).json()).toEqual([])
    const cleared = (await t.os('POST', '/subjects/os-upsert', { app: null })).json()
    expect(cleared).toMatchObject({ app: null, tenant: 'acme' })
    expect((await t.os('GET', '/subjects')).json()).toContain('os-upsert')
    expect((await t.os('POST', '/subjects/os-upsert', { schema: orderV1 })).json().errorCode).toBe(42201)
  })

  it('answers SubjectWithSchema for a version', async () => {
    await register('os-sws', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderV1) })
    const body = (await t.os('GET', '/subjects/os-sws/versions/latest/schema')).json()
    expect(body).toMatchObject({ subject: 'os-sws', format: 'AVRO', compatibility: 'BACKWARD', schema: { version: 1, serialization: 'AVRO', subject: 'os-sws' } })
  })

  it('tests compatibility with isCompatible and 40402 for an unknown subject', async () => {
    await register('os-compat', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderV1) })
    const ok = await t.os('POST', '/compatibility/subjects/os-compat/versions/latest', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderV2) })
    expect(ok.json()).toEqual({ isCompatible: true })
    const bad = await t.os('POST', '/compatibility/subjects/os-compat/versions/1?verbose=true', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderNoDefault) })
    expect(bad.json().isCompatible).toBe(false)
    expect(bad.json().messages.length).toBeGreaterThan(0)
    const unknown = await t.os('POST', '/compatibility/subjects/nope/versions/latest', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderV2) })
    expect(unknown.json().errorCode).toBe(40402)
    const missingVersion = await t.os('POST', '/compatibility/subjects/os-compat/versions/9', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderV2) })
    expect(missingVersion.json().errorCode).toBe(40403)
  })

  it('gets, puts and deletes the effective level on /compatibility and /config', async () => {
    await register('os-level', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderV1) })
    expect((await t.os('GET', '/compatibility/os-level')).json()).toEqual({ compatibility: 'BACKWARD' })
    expect((await t.os('PUT', '/compatibility/os-level', { compatibility: 'FULL' })).json()).toEqual({ compatibility: 'FULL' })
    expect((await t.os('GET', '/config/os-level')).json()).toEqual({ compatibility: 'FULL' })
    expect((await t.os('PUT', '/config/os-level', {})).json()).toEqual({ compatibility: 'FULL' })
    expect((await t.os('DELETE', '/compatibility/os-level')).json()).toEqual({ compatibility: 'BACKWARD' })
    expect((await t.os('GET', '/compatibility/unknown-subject')).json().errorCode).toBe(40402)
    expect((await t.os('PUT', '/compatibility/os-level', { compatibility: 'WRONG' })).json().errorCode).toBe(42204)
  })

  it('deletes permanently: versions, then the subject, with 40402/40403 on repeat', async () => {
    const del1 = JSON.stringify({ type: 'record', name: 'Del', fields: [{ name: 'id', type: 'string' }] })
    const del2 = JSON.stringify({
      type: 'record',
      name: 'Del',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'n', type: 'int', default: 1 },
      ],
    })
    const { id } = await register('os-del', { serialization: 'AVRO', schemaDefinition: JSON.parse(del1) })
    await register('os-del', { serialization: 'AVRO', schemaDefinition: JSON.parse(del2) })
    expect((await t.os('DELETE', '/subjects/os-del/versions/2')).json()).toBe(2)
    expect((await t.os('DELETE', '/subjects/os-del/versions/2')).json().errorCode).toBe(40403)
    expect((await t.os('DELETE', '/subjects/os-del')).json()).toEqual([1])
    expect((await t.os('DELETE', '/subjects/os-del')).json().errorCode).toBe(40402)
    expect((await t.os('GET', `/schemas/ids/${id}`)).json().errorCode).toBe(40401)
    const again = await register('os-del', { serialization: 'AVRO', schemaDefinition: JSON.parse(orderNoDefault) })
    expect(again.id).toBeDefined()
    expect((await t.os('GET', '/subjects/os-del/versions')).json()).toEqual([1])
  })

  it('answers 42203 for an invalid version and 40401 for an id that is not a number', async () => {
    expect((await t.os('GET', '/subjects/x/versions/abc/schema')).json().errorCode).toBe(42203)
    expect((await t.os('GET', '/schemas/ids/abc')).json()).toMatchObject({ errorCode: 40401 })
    expect((await t.os('GET', '/schemas/ids/999999')).json()).toMatchObject({ errorCode: 40401 })
  })

  it('uses PB for Protobuf and embeds its text as schemaDefinition', async () => {
    const proto = 'syntax = "proto3";\nmessage Ping { string id = 1; }\n'
    const { id } = await register('os-pb', { serialization: 'PB', schemaDefinition: proto })
    const body = (await t.os('GET', `/schemas/ids/${id}`)).json()
    expect(body).toMatchObject({ serialization: 'PB', schemaType: 'PROTOBUF' })
    expect(typeof body.schemaDefinition).toBe('string')
    expect(body.schemaDefinition).toContain('message Ping')
  })
})
