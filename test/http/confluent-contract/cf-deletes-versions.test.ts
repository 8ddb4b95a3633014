// Contract tests (Confluent dialect): register / lookup / versions / soft and permanent deletes.
// Sources: docs/API.md (§2, §3, §4) and confluentinc/schema-registry
// core/src/test/java/io/confluent/kafka/schemaregistry/rest/AbstractRestApiTest.java (method names cited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avro, orderV1, orderV2 } from '../../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const reg = (subject: string, schema: string, extra: Record<string, unknown> = {}) => t.registered(subject, schema, extra)
const rec = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'myrecord', fields })

describe('Confluent contract: error texts of docs/API.md §2', () => {
  // docs/API.md §2 "Messages follow Confluent's texts"
  it('answers Subject, Version, Schema not found and 42202 with the exact Confluent texts', async () => {
    await reg('texts', avro('Texts'))
    expect((await t.cf('GET', '/subjects/texts-missing/versions/1')).json()).toEqual({ error_code: 40401, message: "Subject 'texts-missing' not found." })
    expect((await t.cf('GET', '/subjects/texts/versions/3')).json()).toEqual({ error_code: 40402, message: 'Version 3 not found.' })
    expect((await t.cf('GET', '/schemas/ids/7777')).json()).toEqual({ error_code: 40403, message: 'Schema 7777 not found' })
    expect((await t.cf('GET', '/schemas/ids/7777/schema')).json()).toEqual({ error_code: 40403, message: 'Schema 7777 not found' })
    expect((await t.cf('GET', '/subjects/texts/versions/x')).json()).toEqual({
      error_code: 42202,
      message: `The specified version 'x' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    })
  })

  // docs/API.md §3 Versions: trimmed decimal integers, latest any case, -1
  it('parses +1 and 007 as versions 1 and 7, LATEST and -1 as the newest live version', async () => {
    await t.cf('PUT', '/config/vparse', { compatibility: 'NONE' })
    await reg('vparse', avro('V1'))
    await reg('vparse', avro('V2'))
    expect((await t.cf('GET', '/subjects/vparse/versions/%2B1')).json().version).toBe(1)
    expect((await t.cf('GET', '/subjects/vparse/versions/007')).json()).toEqual({ error_code: 40402, message: 'Version 7 not found.' })
    expect((await t.cf('GET', '/subjects/vparse/versions/LATEST')).json().version).toBe(2)
    expect((await t.cf('GET', '/subjects/vparse/versions/-1')).json().version).toBe(2)
  })
})

describe('Confluent contract: soft-deleted data reads as absent', () => {
  // docs/API.md §2 "a soft-deleted version is 'version not found' if the subject still has a live version, else 'subject not found'"
  // AbstractRestApiTest.testDeleteLatestVersion / testDeleteSubjectBasic
  it('answers 40401 for reads of a subject whose every version is soft-deleted, 200 with a flag', async () => {
    await reg('allsoft', orderV1)
    await reg('allsoft', orderV2)
    expect((await t.cf('DELETE', '/subjects/allsoft')).json()).toEqual([1, 2])
    expect((await t.cf('GET', '/subjects/allsoft/versions/latest')).json().error_code).toBe(40401)
    expect((await t.cf('GET', '/subjects/allsoft/versions/1')).json().error_code).toBe(40401)
    expect((await t.cf('GET', '/subjects/allsoft/versions/2/schema')).json().error_code).toBe(40401)
    expect((await t.cf('POST', '/subjects/allsoft', { schema: orderV1 })).json().error_code).toBe(40401)
    expect((await t.cf('GET', '/subjects/allsoft/versions?deletedOnly=true')).json()).toEqual([1, 2])
    expect((await t.cf('GET', '/subjects/allsoft/versions?deletedAsNegative=true')).json()).toEqual([-1, -2])
    expect((await t.cf('GET', '/subjects/allsoft/versions/2?deleted=true')).json()).toMatchObject({ version: 2, deleted: true })
    const lookup = await t.cf('POST', '/subjects/allsoft?deleted=true', { schema: orderV1 })
    expect(lookup.json()).toMatchObject({ subject: 'allsoft', version: 1, deleted: true })
  })

  // AbstractRestApiTest.testDeleteWithLookup
  it('looks up a soft-deleted version only with deleted=true (40403 otherwise)', async () => {
    await t.cf('PUT', '/config/lookdel', { compatibility: 'NONE' })
    await reg('lookdel', avro('L1'))
    await reg('lookdel', avro('L2'))
    expect((await t.cf('DELETE', '/subjects/lookdel/versions/1')).json()).toBe(1)
    expect((await t.cf('POST', '/subjects/lookdel', { schema: avro('L1') })).json()).toEqual({ error_code: 40403, message: 'Schema not found' })
    expect((await t.cf('POST', '/subjects/lookdel?deleted=true', { schema: avro('L1') })).json().version).toBe(1)
    await reg('lookdel', avro('L1'))
    expect((await t.cf('POST', '/subjects/lookdel?deleted=true', { schema: avro('L1') })).json().version).toBe(3)
    expect((await t.cf('POST', '/subjects/lookdel', { schema: avro('L1') })).json().version).toBe(3)
  })

  // docs/API.md §4 GET /subjects: deletedOnly wins over deleted; AbstractRestApiTest.testListSoftDeletedSubjectsAndSchemas
  it('lists deleted-only subjects and versions, deletedOnly winning over deleted', async () => {
    await t.cf('PUT', '/config/lsd-a', { compatibility: 'NONE' })
    await reg('lsd-a', avro('LA1'))
    await reg('lsd-a', avro('LA2'))
    await reg('lsd-b', avro('LB1'))
    await t.cf('DELETE', '/subjects/lsd-a/versions/1')
    await t.cf('DELETE', '/subjects/lsd-b/versions/1')
    expect((await t.cf('GET', '/subjects/lsd-a/versions')).json()).toEqual([2])
    expect((await t.cf('GET', '/subjects/lsd-a/versions?deleted=true')).json()).toEqual([1, 2])
    expect((await t.cf('GET', '/subjects/lsd-a/versions?deletedOnly=true')).json()).toEqual([1])
    expect((await t.cf('GET', '/subjects/lsd-a/versions?deleted=true&deletedOnly=true')).json()).toEqual([1])
    expect((await t.cf('GET', '/subjects?subjectPrefix=lsd-')).json()).toEqual(['lsd-a'])
    expect((await t.cf('GET', '/subjects?subjectPrefix=lsd-&deleted=true')).json()).toEqual(['lsd-a', 'lsd-b'])
    expect((await t.cf('GET', '/subjects?subjectPrefix=lsd-&deletedOnly=true&deleted=true')).json()).toEqual(['lsd-b'])
  })
})

describe('Confluent contract: version numbering after deletes', () => {
  // docs/API.md §3 Versions; AbstractRestApiTest.testDeleteSchemaVersionBasic
  it('re-registers after both versions are soft-deleted as version 3', async () => {
    await t.cf('PUT', '/config/vb', { compatibility: 'NONE' })
    await reg('vb', avro('VB1'))
    await reg('vb', avro('VB2'))
    expect((await t.cf('DELETE', '/subjects/vb/versions/2')).json()).toBe(2)
    expect((await t.cf('DELETE', '/subjects/vb/versions/latest')).json()).toBe(1)
    expect((await t.cf('GET', '/subjects/vb/versions')).json().error_code).toBe(40401)
    for (let i = 0; i < 2; i++) {
      expect((await reg('vb', avro('VB1'))).version).toBe(3)
      expect((await t.cf('GET', '/subjects/vb/versions')).json()).toEqual([3])
    }
  })

  // docs/API.md §3 "a permanent delete of the highest version frees its number"; AbstractRestApiTest.testDeleteSchemaVersionPermanent
  it('frees a permanently deleted highest version: the next registration is version 2', async () => {
    await t.cf('PUT', '/config/vp', { compatibility: 'NONE' })
    const first = await reg('vp', avro('VP1'))
    await reg('vp', avro('VP2'))
    expect((await t.cf('DELETE', '/subjects/vp/versions/2?permanent=true')).json().error_code).toBe(40407)
    await t.cf('DELETE', '/subjects/vp/versions/2')
    expect((await t.cf('GET', '/subjects/vp/versions?limit=1&deleted=true')).json()).toEqual([1])
    expect((await t.cf('DELETE', '/subjects/vp/versions/2')).json().error_code).toBe(40406)
    expect((await t.cf('DELETE', '/subjects/vp/versions/2?permanent=true')).json()).toBe(2)
    expect((await t.cf('GET', '/subjects/vp/versions/2?deleted=true')).json().error_code).toBe(40402)
    expect((await t.cf('DELETE', '/subjects/vp/versions/2?permanent=true')).json().error_code).toBe(40402)
    expect((await t.cf('DELETE', '/subjects/vp/versions/latest')).json()).toBe(1)
    const again = await reg('vp', avro('VP1'))
    expect(again).toMatchObject({ id: first.id, version: 2 })
    expect((await t.cf('GET', '/subjects/vp/versions')).json()).toEqual([2])
  })

  // AbstractRestApiTest.testDeleteSubjectAndRegister
  it('re-registers a soft-deleted subject as versions 3 and 4, version 1 then 40402', async () => {
    await t.cf('PUT', '/config/dsr', { compatibility: 'NONE' })
    await reg('dsr', avro('D1'))
    await reg('dsr', avro('D2'))
    await t.cf('DELETE', '/subjects/dsr')
    // Confluent 8.1+: the soft delete keeps the subject's own config, which still applies on revival
    expect((await t.cf('GET', '/config/dsr')).json()).toEqual({ compatibilityLevel: 'NONE' })
    await reg('dsr', avro('D1'))
    await reg('dsr', avro('D2'))
    expect((await t.cf('GET', '/subjects/dsr/versions')).json()).toEqual([3, 4])
    expect((await t.cf('GET', '/subjects/dsr/versions/1')).json().error_code).toBe(40402)
  })

  // docs/API.md §2: 40401 when deleting a version of a missing subject; AbstractRestApiTest.testDeleteSchemaVersionInvalidSubject / testDeleteInvalidVersion
  it('answers 40401 and 40402 for deletes of a missing subject and a missing version', async () => {
    expect((await t.cf('DELETE', '/subjects/del-missing/versions/1')).json().error_code).toBe(40401)
    expect((await t.cf('DELETE', '/subjects/del-missing')).json().error_code).toBe(40401)
    await reg('del-one', avro('DelOne'))
    expect((await t.cf('DELETE', '/subjects/del-one/versions/2')).json()).toEqual({ error_code: 40402, message: 'Version 2 not found.' })
  })

  // docs/API.md §4 "latest there resolves to the newest live version, so a soft-deleted version can only be deleted permanently by its number"
  it('targets the newest live version with DELETE .../latest?permanent=true (40407)', async () => {
    await t.cf('PUT', '/config/latperm', { compatibility: 'NONE' })
    await reg('latperm', avro('LP1'))
    await reg('latperm', avro('LP2'))
    await t.cf('DELETE', '/subjects/latperm/versions/2')
    const res = await t.cf('DELETE', '/subjects/latperm/versions/latest?permanent=true')
    expect(res.json().error_code).toBe(40407)
    expect(res.json().message).toContain('Version 1')
  })

  // docs/API.md §4 "GET /schemas/ids/{id}/subjects ... soft-deleted registrations are left out unless deleted=true";
  // AbstractRestApiTest.testGetSubjectsAssociatedWithSchemaId / testGetVersionsAssociatedWithSchemaId (with pagination)
  it('pages the subjects and versions of an id, soft-deleted ones only with deleted=true', async () => {
    const { id } = await reg('assoc1', avro('Assoc'))
    await reg('assoc2', avro('Assoc'))
    expect((await t.cf('GET', `/schemas/ids/${id}/subjects`)).json()).toEqual(['assoc1', 'assoc2'])
    expect((await t.cf('DELETE', '/subjects/assoc2/versions/1')).json()).toBe(1)
    expect((await t.cf('GET', `/schemas/ids/${id}/subjects`)).json()).toEqual(['assoc1'])
    expect((await t.cf('GET', `/schemas/ids/${id}/subjects?offset=1&limit=1`)).json()).toEqual([])
    expect((await t.cf('GET', `/schemas/ids/${id}/subjects?deleted=true`)).json()).toEqual(['assoc1', 'assoc2'])
    expect((await t.cf('GET', `/schemas/ids/${id}/subjects?deleted=true&offset=0&limit=1`)).json()).toEqual(['assoc1'])
    expect((await t.cf('GET', `/schemas/ids/${id}/versions`)).json()).toEqual([{ subject: 'assoc1', version: 1 }])
    expect((await t.cf('GET', `/schemas/ids/${id}/versions?deleted=true&offset=1&limit=1`)).json()).toEqual([{ subject: 'assoc2', version: 1 }])
  })
})

describe('Confluent contract: registration edge cases', () => {
  // docs/API.md §4 "-1 means compare with the latest only"; AbstractRestApiTest.testConfluentVersion (version -1 re-register)
  it('answers the existing version for a re-registration with version -1', async () => {
    const first = await reg('vminus', avro('VMinus'))
    expect(await reg('vminus', avro('VMinus'), { version: -1 })).toMatchObject({ id: first.id, version: 1 })
    expect((await t.cf('GET', '/subjects/vminus/versions')).json()).toEqual([1])
  })

  // docs/API.md §4 "Metadata and rule set not given are inherited from the previous live version"; AbstractRestApiTest.testRegisterWithAndWithoutMetadata
  it('gives the same id to a schema re-registered without the metadata it was registered with', async () => {
    const withMeta = await reg('meta-inherit', avro('Meta'), { metadata: { properties: { 'application.version': '2' } } })
    const without = await reg('meta-inherit', avro('Meta'))
    expect(without).toMatchObject({ id: withMeta.id, version: withMeta.version })
  })

  // AbstractRestApiTest.testIncompatibleSchemaLookupBySubjectAfterDelete
  it('checks compatibility only against live versions after the latest is soft-deleted', async () => {
    await t.cf('PUT', '/config/afterdel', { compatibility: 'BACKWARD' })
    const s1 = rec([{ type: 'string', name: 'f' }])
    const wrong2 = rec([
      { type: 'string', name: 'f' },
      { type: 'string', name: 'g', default: 'd' },
    ])
    const correct2 = rec([
      { type: 'string', name: 'f' },
      { type: 'int', name: 'g', default: 0 },
    ])
    await reg('afterdel', s1)
    expect((await t.cf('POST', '/compatibility/subjects/afterdel/versions/latest', { schema: wrong2 })).json()).toEqual({ is_compatible: true })
    await reg('afterdel', wrong2)
    expect((await t.cf('POST', '/compatibility/subjects/afterdel/versions/latest', { schema: correct2 })).json()).toEqual({ is_compatible: false })
    const rejected = await t.cf('POST', '/subjects/afterdel/versions', { schema: correct2 })
    expect(rejected.statusCode).toBe(409)
    expect(rejected.json().error_code).toBe(40901)
    await t.cf('DELETE', '/subjects/afterdel/versions/latest')
    expect((await t.cf('POST', '/compatibility/subjects/afterdel/versions/latest', { schema: correct2 })).json()).toEqual({ is_compatible: true })
    expect((await reg('afterdel', correct2)).version).toBe(3)
  })

  // docs/API.md §3 Schema types: "The Confluent dialect takes the exact upper-case names (avro is 42201)"
  it('rejects a lower-case schemaType with 42201', async () => {
    const res = await t.cf('POST', '/subjects/lowertype/versions', { schema: avro('Low'), schemaType: 'avro' })
    expect(res.statusCode).toBe(422)
    expect(res.json().error_code).toBe(42201)
  })

  // docs/API.md §4 POST /subjects/{s}: "40403 ... (and for an empty schema)"
  it('answers a lookup with an empty schema under an existing subject with 40403', async () => {
    await reg('lookup-empty', avro('LookupEmpty'))
    expect((await t.cf('POST', '/subjects/lookup-empty', { schema: '' })).json().error_code).toBe(40403)
  })
})

describe('Confluent contract: subject-level config and mode survive soft deletes (8.1+)', () => {
  // KafkaSchemaRegistry (8.1+): deleteSubject drops config and mode only when permanentDelete;
  // deleteSchemaVersion only after a permanent delete when getAllVersions(INCLUDE_DELETED) is empty.
  // (8.0 dropped them once a soft delete left no live version; AbstractRestApiTest's
  // testSubjectCompatibilityAfterDeletingSubject asserts inside a try without fail(), so it holds either way.)
  const setLevels = async (s: string) => {
    await t.cf('PUT', `/config/${s}`, { compatibility: 'NONE' })
    await t.cf('PUT', `/mode/${s}`, { mode: 'READWRITE' })
  }
  const expectLevels = async (s: string) => {
    expect((await t.cf('GET', `/config/${s}`)).json()).toEqual({ compatibilityLevel: 'NONE' })
    expect((await t.cf('GET', `/mode/${s}`)).json()).toEqual({ mode: 'READWRITE' })
  }
  const expectNoLevels = async (s: string) => {
    expect((await t.cf('GET', `/config/${s}`)).json().error_code).toBe(40408)
    expect((await t.cf('GET', `/mode/${s}`)).json().error_code).toBe(40409)
  }

  it('keeps the subject config and mode after a soft subject delete', async () => {
    await setLevels('keep-subj')
    await reg('keep-subj', avro('KeepSubj'))
    await t.cf('DELETE', '/subjects/keep-subj')
    await expectLevels('keep-subj')
  })

  it('keeps the subject config and mode after soft-deleting the last live version', async () => {
    await setLevels('keep-ver')
    await reg('keep-ver', avro('KeepVer'))
    expect((await t.cf('DELETE', '/subjects/keep-ver/versions/1')).json()).toBe(1)
    await expectLevels('keep-ver')
  })

  it('drops the subject config and mode with a permanent subject delete', async () => {
    await setLevels('drop-subj')
    await reg('drop-subj', avro('DropSubj'))
    await t.cf('DELETE', '/subjects/drop-subj')
    expect((await t.cf('DELETE', '/subjects/drop-subj?permanent=true')).json()).toEqual([1])
    await expectNoLevels('drop-subj')
  })

  it('drops them only when a permanent version delete leaves no version row, soft-deleted included', async () => {
    await setLevels('drop-ver')
    await reg('drop-ver', avro('DropVer1'))
    await reg('drop-ver', avro('DropVer2'))
    await t.cf('DELETE', '/subjects/drop-ver')
    await t.cf('DELETE', '/subjects/drop-ver/versions/1?permanent=true')
    await expectLevels('drop-ver')
    await t.cf('DELETE', '/subjects/drop-ver/versions/2?permanent=true')
    await expectNoLevels('drop-ver')
  })

  it('checks a subject revived after a soft delete at its kept level', async () => {
    await t.cf('PUT', '/config/keep-level', { compatibility: 'NONE' })
    await reg('keep-level', rec([{ name: 'a', type: 'string' }]))
    await reg('keep-level', rec([{ name: 'b', type: 'string' }]))
    await t.cf('DELETE', '/subjects/keep-level/versions/2')
    await t.cf('DELETE', '/subjects/keep-level/versions/1')
    await reg('keep-level', rec([{ name: 'c', type: 'int' }]))
    // NONE still applies: a record with an unrelated required field registers next to the revived one
    const res = await t.cf('POST', '/subjects/keep-level/versions', { schema: rec([{ name: 'd', type: 'long' }]) })
    expect(res.statusCode).toBe(200)
  })
})
