import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { avro, orderNoDefault, orderV1 } from '../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('Confluent dialect: config', () => {
  it('answers the global config with compatibilityLevel and echoes PUT with compatibility', async () => {
    expect((await t.cf('GET', '/config')).json()).toEqual({ compatibilityLevel: 'BACKWARD' })
    const put = await t.cf('PUT', '/config', { compatibility: 'full' })
    expect(put.json()).toEqual({ compatibility: 'FULL' })
    expect((await t.cf('GET', '/config')).json()).toEqual({ compatibilityLevel: 'FULL' })
    expect((await t.cf('DELETE', '/config')).json()).toEqual({ compatibilityLevel: 'FULL' })
    expect((await t.cf('GET', '/config')).json()).toEqual({ compatibilityLevel: 'BACKWARD' })
  })

  it('answers 40408 for a subject without its own config unless defaultToGlobal', async () => {
    expect((await t.cf('GET', '/config/unset')).json().error_code).toBe(40408)
    expect((await t.cf('GET', '/config/unset?defaultToGlobal=true')).json()).toEqual({ compatibilityLevel: 'BACKWARD' })
    expect((await t.cf('DELETE', '/config/unset')).json().error_code).toBe(40401)
  })

  it('stores a subject config for a subject that does not exist yet and enforces it', async () => {
    expect((await t.cf('PUT', '/config/strict-sub', { compatibility: 'NONE' })).json()).toEqual({ compatibility: 'NONE' })
    await t.cf('POST', '/subjects/strict-sub/versions', { schema: orderV1 })
    const anything = await t.cf('POST', '/subjects/strict-sub/versions', { schema: orderNoDefault })
    expect(anything.statusCode).toBe(200)
    expect((await t.cf('DELETE', '/config/strict-sub')).json()).toEqual({ compatibilityLevel: 'NONE' })
  })

  it('merges PUT fields: left out keeps, null clears, {} changes nothing', async () => {
    await t.cf('PUT', '/config/merge', { compatibility: 'FORWARD', normalize: true, compatibilityGroup: 'major' })
    expect((await t.cf('PUT', '/config/merge', { compatibility: 'FULL' })).json()).toEqual({ compatibility: 'FULL', normalize: true, compatibilityGroup: 'major' })
    expect((await t.cf('PUT', '/config/merge', { normalize: null })).json()).toEqual({ compatibility: 'FULL', compatibilityGroup: 'major' })
    expect((await t.cf('PUT', '/config/merge', {})).json()).toEqual({ compatibility: 'FULL', compatibilityGroup: 'major' })
    expect((await t.cf('GET', '/config/merge')).json()).toEqual({ compatibilityLevel: 'FULL', compatibilityGroup: 'major' })
  })

  it('serves a subject with an alias config from the aliased subject', async () => {
    const { id } = (await t.cf('POST', '/subjects/real-subject/versions', { schema: orderV1 })).json()
    await t.cf('PUT', '/config/nickname', { alias: 'real-subject' })
    expect((await t.cf('GET', '/subjects/nickname/versions/latest')).json()).toMatchObject({ id, version: 1, subject: 'real-subject' })
    expect((await t.cf('GET', '/subjects/nickname/versions')).json()).toEqual([1])
    expect((await t.cf('POST', '/subjects/nickname', { schema: orderV1 })).json()).toMatchObject({ id })
    expect((await t.cf('POST', '/subjects/nickname/versions', { schema: orderV1 })).json()).toMatchObject({ id, version: 1 })
    expect((await t.cf('POST', '/compatibility/subjects/nickname/versions/latest', { schema: orderNoDefault })).json()).toEqual({ is_compatible: false })
    // the alias itself stays configurable under its own name
    expect((await t.cf('GET', '/config/nickname')).json()).toEqual({ alias: 'real-subject' })
  })

  it('rejects an invalid level with 42203', async () => {
    const res = await t.cf('PUT', '/config', { compatibility: 'SIDEWAYS' })
    expect(res.statusCode).toBe(422)
    expect(res.json().error_code).toBe(42203)
  })

  it('checks only versions of the same compatibilityGroup', async () => {
    await t.cf('PUT', '/config/grouped', { compatibility: 'BACKWARD', compatibilityGroup: 'major' })
    await t.cf('POST', '/subjects/grouped/versions', { schema: orderV1, metadata: { properties: { major: '1' } } })
    const otherGroup = await t.cf('POST', '/subjects/grouped/versions', { schema: orderNoDefault, metadata: { properties: { major: '2' } } })
    expect(otherGroup.statusCode).toBe(200)
    const sameGroup = await t.cf('POST', '/subjects/grouped/versions', { schema: avro('Other'), metadata: { properties: { major: '2' } } })
    expect(sameGroup.statusCode).toBe(409)
  })
})

describe('Confluent dialect: modes', () => {
  it('answers READWRITE by default and 40409 for a subject without a mode', async () => {
    expect((await t.cf('GET', '/mode')).json()).toEqual({ mode: 'READWRITE' })
    expect((await t.cf('GET', '/mode/no-mode')).json().error_code).toBe(40409)
    expect((await t.cf('GET', '/mode/no-mode?defaultToGlobal=true')).json()).toEqual({ mode: 'READWRITE' })
  })

  it('blocks new versions in READONLY but still answers an existing schema', async () => {
    const { id } = (await t.cf('POST', '/subjects/ro/versions', { schema: orderV1 })).json()
    expect((await t.cf('PUT', '/mode/ro', { mode: 'readonly' })).json()).toEqual({ mode: 'READONLY' })
    const again = await t.cf('POST', '/subjects/ro/versions', { schema: orderV1 })
    expect(again.json()).toMatchObject({ id, version: 1 })
    const blocked = await t.cf('POST', '/subjects/ro/versions', { schema: avro('New') })
    expect(blocked.json().error_code).toBe(42205)
    expect((await t.cf('DELETE', '/subjects/ro')).json().error_code).toBe(42205)
    expect((await t.cf('PUT', '/config/ro', { compatibility: 'NONE' })).json().error_code).toBe(42205)
    expect((await t.cf('DELETE', '/mode/ro')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('POST', '/subjects/ro/versions', { schema: avro('New') })).statusCode).toBe(409)
  })

  it('lets a global READONLY_OVERRIDE beat a subject-level READWRITE', async () => {
    await t.cf('PUT', '/mode/override-me', { mode: 'READWRITE' })
    await t.cf('PUT', '/mode', { mode: 'READONLY_OVERRIDE' })
    expect((await t.cf('POST', '/subjects/override-me/versions', { schema: avro('Override') })).json().error_code).toBe(42205)
    // a plain global READONLY does not override the subject's own READWRITE
    await t.cf('PUT', '/mode', { mode: 'READONLY' })
    expect((await t.cf('POST', '/subjects/override-me/versions', { schema: avro('Override') })).statusCode).toBe(200)
    await t.cf('DELETE', '/mode')
    await t.cf('DELETE', '/mode/override-me')
  })

  it('rejects an invalid mode with 42204 and FORWARD below the global level', async () => {
    expect((await t.cf('PUT', '/mode', { mode: 'SIDEWAYS' })).json().error_code).toBe(42204)
    expect((await t.cf('PUT', '/mode/x', { mode: 'FORWARD' })).json().error_code).toBe(42204)
  })

  it('imports explicit ids and versions in IMPORT mode', async () => {
    await t.cf('PUT', '/mode/imported', { mode: 'IMPORT' })
    const noId = await t.cf('POST', '/subjects/imported/versions', { schema: avro('Imp') })
    expect(noId.json().error_code).toBe(42205)
    const res = await t.cf('POST', '/subjects/imported/versions', { schema: avro('Imp'), id: 777, version: 5 })
    expect(res.json()).toMatchObject({ id: 777, version: 5 })
    const other = await t.cf('POST', '/subjects/imported/versions', { schema: avro('Imp2'), id: 777, version: 6 })
    expect(other.json()).toMatchObject({ error_code: 42205, message: 'Overwrite new schema with id 777 in context . is not permitted.' })
    await t.cf('DELETE', '/mode/imported')
    const next = (await t.cf('POST', '/subjects/fresh-after-import/versions', { schema: avro('AfterImport') })).json()
    expect(next.id).toBeGreaterThan(777)
    expect((await t.cf('GET', '/subjects/imported/versions')).json()).toEqual([5])
  })

  it('refuses IMPORT on a scope with live subjects unless forced', async () => {
    await t.cf('POST', '/subjects/has-data/versions', { schema: avro('HasData') })
    expect((await t.cf('PUT', '/mode/has-data', { mode: 'IMPORT' })).json()).toMatchObject({ error_code: 42205, message: 'Cannot import since found existing subjects' })
    expect((await t.cf('PUT', '/mode/has-data?force=true', { mode: 'IMPORT' })).json()).toEqual({ mode: 'IMPORT' })
    await t.cf('DELETE', '/mode/has-data')
  })

  it('removes soft-deleted subjects of the scope when it switches to IMPORT', async () => {
    await t.cf('POST', '/subjects/:.imp:old/versions', { schema: avro('Old') })
    await t.cf('DELETE', '/subjects/:.imp:old')
    expect((await t.cf('GET', '/subjects?deleted=true&subjectPrefix=:.imp:')).json()).toEqual([':.imp:old'])
    expect((await t.cf('PUT', '/mode/:.imp:', { mode: 'IMPORT' })).json()).toEqual({ mode: 'IMPORT' })
    expect((await t.cf('GET', '/subjects?deleted=true&subjectPrefix=:.imp:')).json()).toEqual([])
    const imported = await t.cf('POST', '/subjects/:.imp:old/versions', { schema: avro('Imported'), id: 42, version: 1 })
    expect(imported.json()).toMatchObject({ id: 42, version: 1 })
  })
})
