// Contract tests (Confluent dialect): config merge semantics and modes.
// Sources: docs/API.md §3/§4 and confluentinc/schema-registry
// AbstractRestApiTest.java and AbstractRestApiModeTest.java (method names cited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avro, orderNoDefault, orderV1 } from '../../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const reg = (subject: string, body: Record<string, unknown>) => t.cf('POST', `/subjects/${subject}/versions`, body)
const schemaA = JSON.stringify({ type: 'record', name: 'myrecord', fields: [{ type: 'string', name: 'f1' }] })
const schemaB = JSON.stringify({ type: 'record', name: 'myrecord', fields: [{ type: 'int', name: 'f1' }] })

describe('Confluent contract: config merge and resolution', () => {
  // docs/API.md §3 "A subject-level config is merged field by field over the levels below it"
  it('enforces the global level for a subject whose own config sets only other fields', async () => {
    await t.cf('PUT', '/config', { compatibility: 'FORWARD' })
    try {
      await t.cf('PUT', '/config/merge-level', { normalize: true })
      expect((await reg('merge-level', { schema: orderV1 })).statusCode).toBe(200)
      // orderNoDefault is FORWARD-compatible (old reader ignores the new field) but not BACKWARD-compatible
      expect((await reg('merge-level', { schema: orderNoDefault })).statusCode).toBe(200)
      expect((await t.cf('GET', '/config/merge-level?defaultToGlobal=true')).json()).toEqual({ compatibilityLevel: 'FORWARD', normalize: true })
    } finally {
      await t.cf('DELETE', '/config')
    }
  })

  // docs/API.md §3 resolution order subject → context → __GLOBAL → default
  it('enforces the context level for a subject of that context with a partial config', async () => {
    await t.cf('PUT', '/config/:.cfgctx:', { compatibility: 'NONE' })
    await t.cf('PUT', '/config/:.cfgctx:m', { compatibilityGroup: 'g' })
    expect((await reg(':.cfgctx:m', { schema: orderV1 })).statusCode).toBe(200)
    expect((await reg(':.cfgctx:m', { schema: avro('Unrelated') })).statusCode).toBe(200)
    expect((await t.cf('GET', '/config/:.cfgctx:m?defaultToGlobal=true')).json()).toEqual({ compatibilityLevel: 'NONE', compatibilityGroup: 'g' })
  })

  // AbstractRestApiTest.testDefaultContextConfigAndMode: :.: names the default context
  it('treats /config/:.: and /mode/:.: as the default-context (global) config and mode', async () => {
    expect((await t.cf('PUT', '/config/:.:', { compatibility: 'FORWARD_TRANSITIVE' })).json()).toEqual({ compatibility: 'FORWARD_TRANSITIVE' })
    expect((await t.cf('GET', '/config')).json()).toEqual({ compatibilityLevel: 'FORWARD_TRANSITIVE' })
    await t.cf('DELETE', '/config/:.:')
    expect((await t.cf('GET', '/config')).json()).toEqual({ compatibilityLevel: 'BACKWARD' })
    await t.cf('PUT', '/mode/:.:', { mode: 'READONLY' })
    expect((await t.cf('GET', '/mode')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('DELETE', '/mode/:.:')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('GET', '/mode')).json()).toEqual({ mode: 'READWRITE' })
  })

  // AbstractRestApiTest.testGlobalConfigChange / testSubjectConfigChange
  it('reverts a deleted subject config to the global level under defaultToGlobal', async () => {
    await t.cf('PUT', '/config', { compatibility: 'NONE' })
    try {
      await t.cf('PUT', '/config/cfg-revert', { compatibility: 'FORWARD' })
      expect((await t.cf('GET', '/config/cfg-revert')).json()).toEqual({ compatibilityLevel: 'FORWARD' })
      expect((await t.cf('DELETE', '/config/cfg-revert')).json()).toEqual({ compatibilityLevel: 'FORWARD' })
      expect((await t.cf('GET', '/config/cfg-revert?defaultToGlobal=true')).json()).toEqual({ compatibilityLevel: 'NONE' })
      expect((await t.cf('GET', '/config/cfg-revert')).json().error_code).toBe(40408)
    } finally {
      await t.cf('DELETE', '/config')
    }
  })
})

describe('Confluent contract: modes', () => {
  // docs/API.md §4 "READONLY and READONLY_OVERRIDE block new versions, deletes and PUT/DELETE of config (42205); mode changes stay allowed"
  it('blocks deletes and config writes under a global READONLY_OVERRIDE but allows mode changes', async () => {
    expect((await reg('ro-ovr', { schema: avro('RoOvr') })).statusCode).toBe(200)
    await t.cf('PUT', '/mode', { mode: 'READONLY_OVERRIDE' })
    try {
      await t.cf('PUT', '/mode/ro-ovr', { mode: 'READWRITE' })
      expect((await t.cf('DELETE', '/subjects/ro-ovr/versions/1')).json().error_code).toBe(42205)
      expect((await t.cf('DELETE', '/subjects/ro-ovr')).json().error_code).toBe(42205)
      expect((await t.cf('PUT', '/config/ro-ovr', { compatibility: 'NONE' })).json().error_code).toBe(42205)
      expect((await t.cf('PUT', '/config', { compatibility: 'NONE' })).json().error_code).toBe(42205)
      expect((await t.cf('DELETE', '/config')).json().error_code).toBe(42205)
      // re-registering existing content still answers its id (docs/API.md §3 Registering)
      expect((await reg('ro-ovr', { schema: avro('RoOvr') })).json()).toMatchObject({ version: 1 })
    } finally {
      expect((await t.cf('DELETE', '/mode')).json()).toEqual({ mode: 'READONLY_OVERRIDE' })
      await t.cf('DELETE', '/mode/ro-ovr')
    }
  })

  // AbstractRestApiModeTest.testGlobalContextWithReadOnlyMode
  it('applies a READONLY mode of :.__GLOBAL: to every subject', async () => {
    expect((await t.cf('PUT', '/mode/:.__GLOBAL:', { mode: 'READONLY' })).json()).toEqual({ mode: 'READONLY' })
    try {
      expect((await t.cf('GET', '/mode/gl-ro?defaultToGlobal=true')).json()).toEqual({ mode: 'READONLY' })
      expect((await reg('gl-ro', { schema: avro('GlRo') })).json().error_code).toBe(42205)
    } finally {
      await t.cf('DELETE', '/mode/:.__GLOBAL:')
    }
  })

  // AbstractRestApiModeTest.testDeleteGlobalMode / testDeleteSubjectModeAfterGlobalMode
  it('deletes the global and a subject mode, answering the old mode', async () => {
    await t.cf('PUT', '/mode', { mode: 'READONLY' })
    await t.cf('PUT', '/mode/mode-del', { mode: 'READWRITE' })
    expect((await t.cf('GET', '/mode/mode-del')).json()).toEqual({ mode: 'READWRITE' })
    expect((await t.cf('DELETE', '/mode/mode-del')).json()).toEqual({ mode: 'READWRITE' })
    expect((await t.cf('GET', '/mode/mode-del?defaultToGlobal=true')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('DELETE', '/mode')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('GET', '/mode')).json()).toEqual({ mode: 'READWRITE' })
  })

  // RestApiModeTest.testSetForwardMode asserts the message 'Forward mode only supported on global level' (42204);
  // docs/API.md §4 'FORWARD at global level only (elsewhere 42204)' and §2 'Messages follow Confluent texts'
  it('accepts FORWARD globally and rejects it for a subject with 42204', async () => {
    const sub = await t.cf('PUT', '/mode/fwd-sub', { mode: 'FORWARD' })
    expect(sub.statusCode).toBe(422)
    expect(sub.json()).toEqual({ error_code: 42204, message: expect.stringContaining('Forward mode only supported on global level') })
    expect((await t.cf('PUT', '/mode', { mode: 'FORWARD' })).json()).toEqual({ mode: 'FORWARD' })
    await t.cf('DELETE', '/mode')
  })

  // AbstractRestApiModeTest.testNonRecursiveDeleteContextModeDoesNotAffectSubjects
  it('keeps subject modes when a context mode is deleted without recursive', async () => {
    await t.cf('PUT', '/mode/:.nrc:', { mode: 'READONLY' })
    await t.cf('PUT', '/mode/:.nrc:s1', { mode: 'READONLY' })
    expect((await t.cf('DELETE', '/mode/:.nrc:')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('GET', '/mode/:.nrc:')).json().error_code).toBe(40409)
    expect((await t.cf('GET', '/mode/:.nrc:s1')).json()).toEqual({ mode: 'READONLY' })
  })

  // AbstractRestApiModeTest.testRecursiveDeleteContextMode / testRecursiveDeleteMixedContextAndSubjects /
  // testRecursiveDeleteDoesNotAffectOtherContexts; docs/API.md §4 "DELETE takes ?recursive"
  it('deletes the modes of the subjects of a context with recursive=true, and no other context', async () => {
    await t.cf('PUT', '/mode/:.rc1:', { mode: 'IMPORT' })
    await t.cf('PUT', '/mode/:.rc1:s1', { mode: 'READONLY' })
    await t.cf('PUT', '/mode/:.rc1:s2', { mode: 'READWRITE' })
    await t.cf('PUT', '/mode/:.rc2:s1', { mode: 'READONLY' })
    expect((await t.cf('DELETE', '/mode/:.rc1:?recursive=true')).json()).toEqual({ mode: 'IMPORT' })
    expect((await t.cf('GET', '/mode/:.rc1:')).json().error_code).toBe(40409)
    expect((await t.cf('GET', '/mode/:.rc2:s1')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('GET', '/mode/:.rc1:s1')).json().error_code).toBe(40409)
    expect((await t.cf('GET', '/mode/:.rc1:s2')).json().error_code).toBe(40409)
  })

  // AbstractRestApiModeTest.testRecursiveDeleteGlobalMode
  it('deletes the modes of default-context subjects with DELETE /mode?recursive=true', async () => {
    await t.cf('PUT', '/mode', { mode: 'READONLY' })
    await t.cf('PUT', '/mode/rg-s1', { mode: 'READONLY' })
    expect((await t.cf('DELETE', '/mode?recursive=true')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('GET', '/mode')).json()).toEqual({ mode: 'READWRITE' })
    const sub = await t.cf('GET', '/mode/rg-s1')
    await t.cf('DELETE', '/mode/rg-s1')
    expect(sub.json().error_code).toBe(40409)
  })

  // AbstractRestApiModeTest.testRecursiveDeleteContextModeWhenContextModeNotSet: succeeds, answers a null mode,
  // and removes the subject modes; docs/API.md §2 "DELETE /mode/{s}?recursive=true does not fail"
  it('answers no mode for a recursive delete of an unset context mode and still clears its subjects', async () => {
    await t.cf('PUT', '/mode/:.rc3:s1', { mode: 'READONLY' })
    const res = await t.cf('DELETE', '/mode/:.rc3:?recursive=true')
    expect(res.statusCode).toBe(200)
    expect(res.json().mode ?? null).toBeNull()
    expect((await t.cf('GET', '/mode/:.rc3:s1')).json().error_code).toBe(40409)
  })

  // AbstractRestApiModeTest.testClearMode: PUT /mode {"mode": null} answers a null mode and GET /mode is READWRITE again
  it('clears the global mode with PUT /mode {"mode": null}', async () => {
    await t.cf('PUT', '/mode', { mode: 'READONLY' })
    const res = await t.cf('PUT', '/mode', { mode: null })
    const after = (await t.cf('GET', '/mode')).json()
    await t.cf('DELETE', '/mode')
    expect(res.statusCode).toBe(200)
    expect(res.json().mode ?? null).toBeNull()
    expect(after).toEqual({ mode: 'READWRITE' })
  })
})

describe('Confluent contract: IMPORT mode', () => {
  // AbstractRestApiModeTest.testInvalidImportMode (global level; the subject level is covered in test/http)
  it('refuses a global IMPORT while live subjects exist unless forced', async () => {
    await reg('imp-live', { schema: avro('ImpLive') })
    const res = await t.cf('PUT', '/mode', { mode: 'IMPORT' })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toEqual({ error_code: 42205, message: 'Cannot import since found existing subjects' })
    expect((await t.cf('PUT', '/mode?force=true', { mode: 'IMPORT' })).json()).toEqual({ mode: 'IMPORT' })
    await t.cf('DELETE', '/mode')
  })

  // AbstractRestApiModeTest.testRegisterSchemaWithNoIdAfterImport; docs/API.md §4 "(without one it is 42205, unless the schema already exists under the subject)"
  it('answers an imported schema re-registered without an id', async () => {
    await t.cf('PUT', '/mode/:.imp1:', { mode: 'IMPORT' })
    expect((await reg(':.imp1:s', { schema: schemaA, id: 1, version: 1 })).json()).toMatchObject({ id: 1, version: 1 })
    expect((await reg(':.imp1:s', { schema: schemaA })).json()).toMatchObject({ id: 1, version: 1 })
  })

  // AbstractRestApiModeTest.testRegisterIncompatibleSchemaDuringImport; docs/API.md §4 "skips compatibility checks"
  it('imports an incompatible schema and overwrites an existing version number', async () => {
    await t.cf('PUT', '/mode/:.imp2:', { mode: 'IMPORT' })
    await reg(':.imp2:s', { schema: schemaA, id: 1, version: 1 })
    expect((await reg(':.imp2:s', { schema: schemaB, id: 2, version: 2 })).json()).toMatchObject({ id: 2, version: 2 })
    expect((await reg(':.imp2:s', { schema: avro('Over'), id: 3, version: 2 })).json()).toMatchObject({ id: 3, version: 2 })
    expect((await t.cf('GET', '/subjects/:.imp2:s/versions/2')).json()).toMatchObject({ id: 3, schema: avro('Over') })
    expect((await reg(':.imp2:s', { schema: avro('Gap'), id: 4, version: 7 })).json()).toMatchObject({ id: 4, version: 7 })
    expect((await t.cf('GET', '/subjects/:.imp2:s/versions')).json()).toEqual([1, 2, 7])
  })

  // AbstractRestApiModeTest.testImportModeWithSameSchemaDifferentIdAndSubject; docs/API.md §4 "the same content imported under another id gets that id too"
  it('imports the same content under two ids in two subjects', async () => {
    await t.cf('PUT', '/mode/:.imp3:', { mode: 'IMPORT' })
    expect((await reg(':.imp3:a', { schema: schemaA, id: 100, version: 1 })).json()).toMatchObject({ id: 100 })
    expect((await reg(':.imp3:b', { schema: schemaA, id: 200, version: 1 })).json()).toMatchObject({ id: 200 })
    expect((await t.cf('POST', '/subjects/:.imp3:a', { schema: schemaA })).json()).toMatchObject({ version: 1 })
    expect((await t.cf('POST', '/subjects/:.imp3:b', { schema: schemaA })).json()).toMatchObject({ version: 1 })
    expect(JSON.parse((await t.cf('GET', '/schemas/ids/100?subject=:.imp3:a')).json().schema)).toEqual(JSON.parse(schemaA))
    expect(JSON.parse((await t.cf('GET', '/schemas/ids/200?subject=:.imp3:b')).json().schema)).toEqual(JSON.parse(schemaA))
  })

  // AbstractRestApiModeTest.testRegisterSchemaWithSameIdAfterImport (second half): a soft-deleted version 1 is
  // overwritten by an import of version 1 and is then readable; docs/API.md §4 IMPORT "an existing number is overwritten",
  // §3 Registering (only a *live* registration short-circuits)
  it('makes a re-import of a soft-deleted version live again', async () => {
    await t.cf('PUT', '/mode/:.imp4:', { mode: 'IMPORT' })
    expect((await reg(':.imp4:s', { schema: schemaA, id: 1, version: 1 })).statusCode).toBe(200)
    expect((await t.cf('DELETE', '/subjects/:.imp4:s')).json()).toEqual([1])
    expect((await reg(':.imp4:s', { schema: schemaA, id: 1, version: 1 })).json()).toMatchObject({ id: 1, version: 1 })
    expect((await t.cf('GET', '/subjects/:.imp4:s/versions')).json()).toEqual([1])
    expect((await t.cf('GET', '/subjects/:.imp4:s/versions/1')).json()).toMatchObject({ id: 1, version: 1, deleted: false })
  })

  // AbstractRestApiModeTest.testRegisterSchemaWithDifferentIdAfterImport
  it('imports a soft-deleted schema under a new id after switching the context to IMPORT', async () => {
    const first = (await reg(':.imp5:s', { schema: schemaA })).json()
    await t.cf('DELETE', '/subjects/:.imp5:s')
    expect((await t.cf('PUT', '/mode/:.imp5:', { mode: 'IMPORT' })).json()).toEqual({ mode: 'IMPORT' })
    const again = await reg(':.imp5:s', { schema: schemaA, id: first.id + 50, version: 1 })
    expect(again.json()).toMatchObject({ id: first.id + 50, version: 1 })
  })

  // docs/API.md §3 Ids: "a context imported from another registry keeps that registry's ids without colliding with other contexts"
  it('imports an id into a context that the default context already uses for other content', async () => {
    const dflt = (await reg('imp-collide', { schema: avro('DefaultOwner') })).json()
    await t.cf('PUT', '/mode/:.imp6:', { mode: 'IMPORT' })
    expect((await reg(':.imp6:x', { schema: avro('ImportedOwner'), id: dflt.id, version: 1 })).json()).toMatchObject({ id: dflt.id })
    expect((await t.cf('GET', `/schemas/ids/${dflt.id}`)).json().schema).toBe(avro('DefaultOwner'))
    expect((await t.cf('GET', `/schemas/ids/${dflt.id}?subject=:.imp6:x`)).json().schema).toBe(avro('ImportedOwner'))
    expect((await t.cf('GET', `/contexts/.imp6/schemas/ids/${dflt.id}`)).json().schema).toBe(avro('ImportedOwner'))
    const clash = await reg(':.imp6:y', { schema: avro('Third'), id: dflt.id, version: 1 })
    expect(clash.json()).toEqual({ error_code: 42205, message: `Overwrite new schema with id ${dflt.id} in context .imp6 is not permitted.` })
  })
})
