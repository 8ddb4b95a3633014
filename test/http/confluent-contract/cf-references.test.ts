// Contract tests (Confluent dialect): references, referencedby and delete blocking (42206).
// Sources: docs/API.md §4 and confluentinc/schema-registry AbstractRestApiTest.java.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const sub = (ns: string) => JSON.stringify({ type: 'record', name: 'Sub', namespace: ns, fields: [{ name: 'x', type: 'string' }] })
const sub2 = (ns: string) =>
  JSON.stringify({
    type: 'record',
    name: 'Sub',
    namespace: ns,
    fields: [
      { name: 'x', type: 'string' },
      { name: 'y', type: 'int', default: 0 },
    ],
  })
const top = (ns: string) => JSON.stringify({ type: 'record', name: 'Top', namespace: `${ns}.top`, fields: [{ name: 's', type: `${ns}.Sub` }] })
const reg = async (subject: string, body: Record<string, unknown>) => {
  const res = await t.cf('POST', `/subjects/${subject}/versions`, body)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { id: number; version: number; references?: unknown[] }
}

describe('Confluent contract: references', () => {
  // docs/API.md §4 "A reference with version: -1 resolves to the latest version and is stored as that number"
  it('stores a version -1 reference as the latest live version number', async () => {
    await reg('r1-ref', { schema: sub('r1') })
    await reg('r1-ref', { schema: sub2('r1') })
    const res = await reg('r1-top', { schema: top('r1'), references: [{ name: 'r1.Sub', subject: 'r1-ref', version: -1 }] })
    expect(res.references).toEqual([{ name: 'r1.Sub', subject: 'r1-ref', version: 2 }])
    expect((await t.cf('GET', '/subjects/r1-top/versions/1')).json().references).toEqual([{ name: 'r1.Sub', subject: 'r1-ref', version: 2 }])
    expect((await t.cf('GET', '/subjects/r1-ref/versions/2/referencedby')).json()).toEqual([res.id])
  })

  // docs/API.md §4 "-1 resolves to the latest version" (latest = newest live, §3)
  it('resolves a version -1 reference past a soft-deleted latest version', async () => {
    await reg('r2-ref', { schema: sub('r2') })
    await reg('r2-ref', { schema: sub2('r2') })
    await t.cf('DELETE', '/subjects/r2-ref/versions/2')
    const res = await reg('r2-top', { schema: top('r2'), references: [{ name: 'r2.Sub', subject: 'r2-ref', version: -1 }] })
    expect(res.references).toEqual([{ name: 'r2.Sub', subject: 'r2-ref', version: 1 }])
  })

  // docs/API.md §4 "a new schema may not reference a soft-deleted version (42201)";
  // AbstractRestApiTest.testDeleteAndCreateWithDanglingReference / testReviveSchemaWithDanglingReference
  it('refuses a reference to a soft-deleted or permanently deleted version with 42201', async () => {
    await reg('r3-ref', { schema: sub('r3') })
    await t.cf('DELETE', '/subjects/r3-ref/versions/1')
    const soft = await t.cf('POST', '/subjects/r3-top/versions', { schema: top('r3'), references: [{ name: 'r3.Sub', subject: 'r3-ref', version: 1 }] })
    expect(soft.statusCode).toBe(422)
    expect(soft.json().error_code).toBe(42201)
    await t.cf('DELETE', '/subjects/r3-ref/versions/1?permanent=true')
    const hard = await t.cf('POST', '/subjects/r3-top/versions', { schema: top('r3'), references: [{ name: 'r3.Sub', subject: 'r3-ref', version: 1 }] })
    expect(hard.json().error_code).toBe(42201)
  })

  // docs/API.md §4 "A soft delete is blocked (42206) only by live referrers from other subjects; a permanent one also by
  // soft-deleted referrers"; referencedby "also for a soft-deleted target"; AbstractRestApiTest.testSchemaReferencesInContext
  it('blocks soft deletes only while a referrer is live and permanent deletes also by soft-deleted referrers', async () => {
    await reg('r4-ref', { schema: sub('r4') })
    const referrer = await reg('r4-top', { schema: top('r4'), references: [{ name: 'r4.Sub', subject: 'r4-ref', version: 1 }] })
    const blockedVersion = await t.cf('DELETE', '/subjects/r4-ref/versions/1')
    expect(blockedVersion.statusCode).toBe(422)
    expect(blockedVersion.json().error_code).toBe(42206)
    expect((await t.cf('DELETE', '/subjects/r4-ref')).json().error_code).toBe(42206)
    expect((await t.cf('DELETE', '/subjects/r4-top/versions/1')).json()).toBe(1)
    expect((await t.cf('GET', '/subjects/r4-ref/versions/1/referencedby')).json()).toEqual([])
    expect((await t.cf('GET', '/subjects/r4-ref/versions/1/referencedby?deleted=true')).json()).toEqual([referrer.id])
    expect((await t.cf('GET', '/subjects/r4-ref/versions/1/referencedby?offset=0&limit=1')).json()).toEqual([])
    expect((await t.cf('DELETE', '/subjects/r4-ref')).json()).toEqual([1])
    // the soft-deleted target still answers referencedby
    expect((await t.cf('GET', '/subjects/r4-ref/versions/1/referencedby?deleted=true')).json()).toEqual([referrer.id])
    expect((await t.cf('DELETE', '/subjects/r4-ref?permanent=true')).json().error_code).toBe(42206)
    expect((await t.cf('DELETE', '/subjects/r4-ref/versions/1?permanent=true')).json().error_code).toBe(42206)
    // once the referrer is gone for good, the target can go too
    expect((await t.cf('DELETE', '/subjects/r4-top?permanent=true')).json()).toEqual([1])
    expect((await t.cf('DELETE', '/subjects/r4-ref?permanent=true')).json()).toEqual([1])
  })

  // docs/API.md §4: referencedby answers 40401/40402 for a missing subject/version
  it('answers referencedby of a missing subject or version with 40401 / 40402', async () => {
    await reg('r5-ref', { schema: sub('r5') })
    expect((await t.cf('GET', '/subjects/r5-missing/versions/1/referencedby')).json().error_code).toBe(40401)
    expect((await t.cf('GET', '/subjects/r5-ref/versions/9/referencedby')).json().error_code).toBe(40402)
  })

  // AbstractRestApiTest.testSchemaReferencesDifferentContext: a default-context referrer may name a qualified reference
  it('accepts a reference into another context and lists the referrer under that target', async () => {
    await reg(':.r6ctx:r6-ref', { schema: sub('r6') })
    const res = await reg('r6-top', { schema: top('r6'), references: [{ name: 'r6.Sub', subject: ':.r6ctx:r6-ref', version: 1 }] })
    expect(res.references).toEqual([{ name: 'r6.Sub', subject: ':.r6ctx:r6-ref', version: 1 }])
    expect((await t.cf('GET', '/subjects/:.r6ctx:r6-ref/versions/1/referencedby')).json()).toEqual([res.id])
    expect((await t.cf('DELETE', '/subjects/:.r6ctx:r6-ref/versions/1')).json().error_code).toBe(42206)
  })

  // AbstractRestApiTest.testSchemaUnqualifiedReferencesInContext: inside context .ctx an unqualified reference subject
  // resolves in that context; it is answered unqualified by default and qualified with referenceFormat=qualified
  // (docs/API.md §4 lists referenceFormat on GET /schemas/ids/{id} and GET /subjects/{s}/versions/{v}).
  it('answers unqualified references in a context qualified with referenceFormat=qualified', async () => {
    await reg(':.r7ctx:my_reference', { schema: sub('r7') })
    const res = await reg(':.r7ctx:my_referrer', { schema: top('r7'), references: [{ name: 'r7.Sub', subject: 'my_reference', version: 1 }] })
    expect((await t.cf('GET', '/subjects/:.r7ctx:my_reference/versions/1/referencedby')).json()).toEqual([res.id])
    const plain = (await t.cf('GET', '/subjects/:.r7ctx:my_referrer/versions/1')).json()
    expect(plain.references[0].subject).toBe('my_reference')
    const byVersion = (await t.cf('GET', '/subjects/:.r7ctx:my_referrer/versions/1?referenceFormat=qualified')).json()
    expect(byVersion.references[0].subject).toBe(':.r7ctx:my_reference')
    const byId = (await t.cf('GET', `/schemas/ids/${res.id}?subject=:.r7ctx:my_referrer&referenceFormat=qualified`)).json()
    expect(byId.references[0].subject).toBe(':.r7ctx:my_reference')
  })
})

describe('Confluent contract: a reference names a schema of the same type as the referrer', () => {
  // Confluent's providers parse a referenced schema's text with the referrer's own parser
  // (AbstractSchemaProvider.resolveReferences), so a target of another type is an invalid schema:
  // 42201 on register and on the compatibility test.
  const avroTarget = JSON.stringify({ type: 'record', name: 'XRef', fields: [{ name: 'x', type: 'string' }] })
  const jsonTarget = JSON.stringify({ type: 'object', properties: { x: { type: 'string' } } })
  const jsonReferrer = JSON.stringify({ type: 'object', properties: { r: { $ref: 'x.json' } } })
  const refTo = (subject: string) => [{ name: 'x.json', subject, version: 1 }]
  const expectTypeMismatch = (res: { statusCode: number; json(): any }, type: string) => {
    expect(res.statusCode).toBe(422)
    expect(res.json().error_code).toBe(42201)
    expect(res.json().message).toContain(`holds a schema of type ${type}`)
  }

  it('registers a JSON Schema whose reference names a JSON subject', async () => {
    await reg('xt-json', { schemaType: 'JSON', schema: jsonTarget })
    await reg('xt-json-top', { schemaType: 'JSON', schema: jsonReferrer, references: refTo('xt-json') })
  })

  it('refuses a JSON Schema whose reference names an Avro subject with 42201', async () => {
    await reg('xt-avro', { schema: avroTarget })
    const res = await t.cf('POST', '/subjects/xt-avro-top/versions', { schemaType: 'JSON', schema: jsonReferrer, references: refTo('xt-avro') })
    expectTypeMismatch(res, 'AVRO')
    expect((await t.cf('GET', '/subjects/xt-avro-top/versions')).json().error_code).toBe(40401)
  })

  it('answers a lookup of a JSON Schema whose reference names an Avro subject with 42201', async () => {
    await reg('xt-avro3', { schema: avroTarget })
    await reg('xt-lookup', { schemaType: 'JSON', schema: jsonTarget })
    expectTypeMismatch(await t.cf('POST', '/subjects/xt-lookup', { schemaType: 'JSON', schema: jsonReferrer, references: refTo('xt-avro3') }), 'AVRO')
  })

  it('refuses an Avro schema whose reference names a JSON Schema subject with 42201', async () => {
    await reg('xt-json2', { schemaType: 'JSON', schema: jsonTarget })
    const top = JSON.stringify({ type: 'record', name: 'XTop', fields: [{ name: 'r', type: 'XRef' }] })
    const res = await t.cf('POST', '/subjects/xt-json2-top/versions', { schema: top, references: [{ name: 'XRef', subject: 'xt-json2', version: 1 }] })
    expectTypeMismatch(res, 'JSON')
  })

  it('refuses a Protobuf schema importing an Avro subject with 42201', async () => {
    await reg('xt-avro2', { schema: avroTarget })
    const proto = 'syntax = "proto3";\nimport "x.proto";\nmessage P { string a = 1; }\n'
    const res = await t.cf('POST', '/subjects/xt-pb/versions', { schemaType: 'PROTOBUF', schema: proto, references: [{ name: 'x.proto', subject: 'xt-avro2', version: 1 }] })
    expectTypeMismatch(res, 'AVRO')
  })

  it('answers the compatibility test of a schema with a reference of another type with 42201', async () => {
    await reg('xt-cmp-target', { schema: avroTarget })
    await reg('xt-cmp', { schemaType: 'JSON', schema: jsonTarget })
    const body = { schemaType: 'JSON', schema: jsonReferrer, references: refTo('xt-cmp-target') }
    expectTypeMismatch(await t.cf('POST', '/compatibility/subjects/xt-cmp/versions/latest', body), 'AVRO')
    expectTypeMismatch(await t.cf('POST', '/compatibility/subjects/xt-cmp/versions', body), 'AVRO')
  })
})
