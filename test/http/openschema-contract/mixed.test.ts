// docs/API.md §5 Schema object "from the earliest live registration" and §3 Deletes (Confluent soft
// deletes over the same store), subject names (§3), register body without a definition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avroBody, expectError, reg } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('OpenSchema reads over Confluent soft deletes', () => {
  it('Schema object and /subjects row 2 skip a soft-deleted earlier registration', async () => {
    const id = await reg(t, 'mx-a', avroBody('MxA', [], { name: 'from-a' }))
    expect(await reg(t, 'mx-b', avroBody('MxA', [], { name: 'from-b' }))).toBe(id)
    expect((await t.cf('DELETE', '/subjects/mx-a')).statusCode).toBe(200)
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ id, subject: 'mx-b', version: 1, name: 'from-b' })
    expect((await t.os('GET', `/schemas/ids/${id}/subjects`)).json()).toEqual({ subject: 'mx-b', version: 1 })
  })

  it('a subject soft-deleted through Confluent is not listed nor readable in OpenSchema', async () => {
    await reg(t, 'mx-soft', avroBody('MxSoft'))
    await t.cf('DELETE', '/subjects/mx-soft')
    expect((await t.os('GET', '/subjects')).json()).not.toContain('mx-soft')
    expectError(await t.os('GET', '/subjects/mx-soft/versions/1/schema'), 404, 40402)
  })
})

describe('subject names', () => {
  it('%2F in a segment is a / inside the subject name', async () => {
    await reg(t, 'mx%2Fslash', avroBody('MxSlash'))
    expect((await t.os('GET', '/subjects')).json()).toContain('mx/slash')
    expect((await t.os('GET', '/subjects/mx%2Fslash')).json()).toMatchObject({ subject: 'mx/slash' })
  })
})

describe('register body without a definition', () => {
  it('a body with no schemaDefinition/schema_definition/schema for a new subject is 42201 (or 422) and creates nothing', async () => {
    const res = await t.os('POST', '/subjects/mx-nodef/versions', { serialization: 'AVRO', name: 'n' })
    expect(res.statusCode).toBe(422)
    expect([42201, 422]).toContain(res.json().errorCode)
    expectError(await t.os('GET', '/subjects/mx-nodef'), 404, 40402)
  })
})
