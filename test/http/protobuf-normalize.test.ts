import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const declared = 'syntax = "proto3";\npackage acme;\nmessage Order {\n  string b = 2;\n  string a = 1;\n}\n'
const byNumber = 'syntax = "proto3";\npackage acme;\n\n// the same fields, declared in number order\nmessage Order {\n  string a = 1;\n  string b = 2;\n}\n'

describe('normalize', () => {
  it('keeps declaration order without normalize: reordered fields are new content', async () => {
    const a = (await t.cf('POST', '/subjects/plain/versions', { schemaType: 'PROTOBUF', schema: declared })).json()
    const b = (await t.cf('POST', '/subjects/plain/versions', { schemaType: 'PROTOBUF', schema: byNumber })).json()
    expect(b.id).not.toBe(a.id)
  })

  it('finds content registered without normalization when looking up with normalize=true', async () => {
    const { id } = (await t.cf('POST', '/subjects/norm-lookup/versions', { schemaType: 'PROTOBUF', schema: declared })).json()
    expect((await t.cf('POST', '/subjects/norm-lookup', { schemaType: 'PROTOBUF', schema: byNumber })).json().error_code).toBe(40403)
    expect((await t.cf('POST', '/subjects/norm-lookup?normalize=true', { schemaType: 'PROTOBUF', schema: byNumber })).json()).toMatchObject({ id, version: 1 })
  })

  it('dedupes by the normalized form with a subject config normalize: true', async () => {
    await t.cf('PUT', '/config/norm-config', { normalize: true })
    const a = (await t.cf('POST', '/subjects/norm-config/versions', { schemaType: 'PROTOBUF', schema: declared })).json()
    const b = (await t.cf('POST', '/subjects/norm-config/versions', { schemaType: 'PROTOBUF', schema: byNumber })).json()
    expect(b).toMatchObject({ id: a.id, version: 1 })
    const normalizedParam = (await t.cf('POST', '/subjects/norm-param/versions?normalize=true', { schemaType: 'PROTOBUF', schema: byNumber })).json()
    expect(normalizedParam.id).toBe(a.id)
  })
})
