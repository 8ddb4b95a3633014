import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { orderNoDefault, orderV1, orderV2 } from '../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await t.cf('POST', '/subjects/compat/versions', { schema: orderV1 })
})
afterAll(() => t.close())

describe('Confluent dialect: compatibility endpoints', () => {
  it('answers is_compatible, with messages only when verbose', async () => {
    expect((await t.cf('POST', '/compatibility/subjects/compat/versions/latest', { schema: orderV2 })).json()).toEqual({ is_compatible: true })
    const verbose = (await t.cf('POST', '/compatibility/subjects/compat/versions/latest?verbose=true', { schema: orderV2 })).json()
    expect(verbose).toEqual({ is_compatible: true, messages: [] })
    const bad = (await t.cf('POST', '/compatibility/subjects/compat/versions?verbose=true', { schema: orderNoDefault })).json()
    expect(bad.is_compatible).toBe(false)
    expect(bad.messages[0]).toContain("errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'")
    expect(bad.messages).toContain('{oldSchemaVersion: 1}')
  })

  it('treats latest and all versions of a missing subject as compatible', async () => {
    expect((await t.cf('POST', '/compatibility/subjects/missing/versions/latest', { schema: orderV1 })).json()).toEqual({ is_compatible: true })
    expect((await t.cf('POST', '/compatibility/subjects/missing/versions', { schema: orderV1 })).json()).toEqual({ is_compatible: true })
  })

  it('answers 40402 for an explicit missing version, also of a missing subject', async () => {
    expect((await t.cf('POST', '/compatibility/subjects/compat/versions/7', { schema: orderV1 })).json().error_code).toBe(40402)
    expect((await t.cf('POST', '/compatibility/subjects/missing/versions/1', { schema: orderV1 })).json().error_code).toBe(40402)
  })

  it('answers an invalid schema with 42201, or with verbose as incompatible with the parse error', async () => {
    expect((await t.cf('POST', '/compatibility/subjects/compat/versions/latest', { schema: '{"type":"nope"}' })).json().error_code).toBe(42201)
    const verbose = (await t.cf('POST', '/compatibility/subjects/compat/versions/latest?verbose=true', { schema: '{"type":"nope"}' })).json()
    expect(verbose.is_compatible).toBe(false)
    expect(verbose.messages).toHaveLength(1)
  })

  it('compares one pinned version in the level direction even under a transitive level', async () => {
    await t.cf('PUT', '/config/pinned', { compatibility: 'BACKWARD_TRANSITIVE' })
    await t.cf('POST', '/subjects/pinned/versions', { schema: orderV1 })
    await t.cf('POST', '/subjects/pinned/versions', { schema: orderV2 })
    // v1 reads v2-written data? FORWARD would matter; BACKWARD: the new schema (v1 shape) reads v2 data
    expect((await t.cf('POST', '/compatibility/subjects/pinned/versions/1', { schema: orderV2 })).json()).toEqual({ is_compatible: true })
    expect((await t.cf('POST', '/compatibility/subjects/pinned/versions/2', { schema: orderNoDefault })).json()).toEqual({ is_compatible: false })
  })
})
