import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const base = { type: 'record', name: 'Base', namespace: 'os', fields: [{ name: 'id', type: 'string' }] }
const user = { type: 'record', name: 'User', namespace: 'os', fields: [{ name: 'base', type: 'os.Base' }] }

// docs/API.md §5: the Confluent-only resources are served in the OpenSchema dialect with Confluent body
// shapes, but every id is a decimal string and errors use OpenSchema's body and codes.
describe('Confluent resources in the OpenSchema dialect', () => {
  it('answers ids as strings in guid, referencedby, schema list and version bodies', async () => {
    const b = (await t.os('POST', '/subjects/os-base/versions', { serialization: 'AVRO', schemaDefinition: base })).json()
    const u = await t.os('POST', '/subjects/os-user/versions', { serialization: 'AVRO', schemaDefinition: user, references: [{ name: 'os.Base', subject: 'os-base', version: 1 }] })
    expect(u.statusCode, u.body).toBe(200)
    expect((await t.os('GET', '/subjects/os-base/versions/1/referencedby')).json()).toEqual([u.json().id])
    const version = (await t.os('GET', '/subjects/os-base/versions/1')).json()
    expect(version).toMatchObject({ id: b.id, subject: 'os-base', version: 1 })
    expect((await t.os('GET', `/schemas/guids/${version.guid}/ids`)).json()).toEqual([{ context: '.', id: b.id }])
    const listed = (await t.os('GET', '/schemas?subjectPrefix=os-')).json()
    expect(listed.map((s: { id: string }) => s.id)).toEqual([b.id, u.json().id])
  })

  it('serves types, modes, contexts and config in Confluent shapes', async () => {
    expect((await t.os('GET', '/schemas/types')).json()).toEqual(['AVRO', 'JSON', 'PROTOBUF'])
    expect((await t.os('GET', '/mode')).json()).toEqual({ mode: 'READWRITE' })
    expect((await t.os('GET', '/contexts')).json()).toEqual(['.'])
    expect((await t.os('GET', '/config')).json()).toEqual({ compatibilityLevel: 'BACKWARD' })
  })

  it('answers errors of those resources with OpenSchema codes', async () => {
    expect((await t.os('GET', '/schemas/guids/00000000-0000-0000-0000-000000000000')).json()).toMatchObject({ errorCode: 40401 })
    expect((await t.os('GET', '/subjects/missing/versions/1/referencedby')).json()).toMatchObject({ errorCode: 40402 })
    await t.os('POST', '/subjects/:.os-ctx:s/versions', { serialization: 'AVRO', schemaDefinition: base })
    expect((await t.os('DELETE', '/contexts/.os-ctx')).json()).toMatchObject({ errorCode: 42211 })
  })
})
