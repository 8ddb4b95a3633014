// Contract tests (Confluent dialect): contexts, schema-by-id query params, GET /schemas, compatibility endpoints.
// Sources: docs/API.md §3/§4/§6 and confluentinc/schema-registry
// AbstractRestApiTest.java, AbstractRestApiContextTest.java (method names cited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { avro, orderNoDefault, orderV1 } from '../../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const reg = (subject: string, schema: string, extra: Record<string, unknown> = {}) => t.registered(subject, schema, extra)

describe('Confluent contract: contexts', () => {
  // docs/API.md §3 Ids "in another context it gets an id of that context"; AbstractRestApiTest.testRegisterDiffContext
  it('gives the same content a context-local id and the same guid in another context', async () => {
    const dflt = await reg('ctxid', avro('CtxId'))
    const other = await reg(':.idctx:ctxid', avro('CtxId'))
    expect(other.version).toBe(1)
    const a = (await t.cf('GET', `/schemas/ids/${dflt.id}?subject=ctxid`)).json()
    const b = (await t.cf('GET', `/schemas/ids/${other.id}?subject=:.idctx:ctxid`)).json()
    expect(a.guid).toBe(b.guid)
    expect(b).toMatchObject({ subject: ':.idctx:ctxid', version: 1 })
    // the default-context id is not an id of .idctx unless the sequence happens to coincide
    if (other.id !== dflt.id) expect((await t.cf('GET', `/contexts/.idctx/schemas/ids/${dflt.id}`)).json().error_code).toBe(40403)
  })

  // AbstractRestApiContextTest.testContextPaths: /contexts/:.:/... is the default context, and
  // GET /subjects/:.:s/versions names the default-context subject s
  it('serves the default context through /contexts/:.:/ and :.:-qualified names', async () => {
    await reg('dctx-s', avro('DctxS'))
    expect((await t.cf('GET', '/contexts/:.:/subjects/dctx-s/versions')).json()).toEqual([1])
    expect((await t.cf('GET', '/subjects/:.:dctx-s/versions')).json()).toEqual([1])
  })

  // AbstractRestApiContextTest.testContextPaths: restClient3 (base URL /contexts/:.:) getAllSubjects() lists only the
  // default-context subjects; docs/API.md §3 "The URL prefix /contexts/{ctx}/... rewrites the rest of the request into that context"
  it('lists only default-context subjects under /contexts/:.:/subjects', async () => {
    await reg(':.dctx-other:x', avro('DctxOther'))
    const listed = (await t.cf('GET', '/contexts/:.:/subjects')).json() as string[]
    expect(listed).toContain('dctx-s')
    expect(listed.filter((s) => s.startsWith(':.'))).toEqual([])
  })

  // docs/API.md §4 "?subject=:.ctx:s resolves the id in that subject's context" and "plus subject and version only when
  // ?subject= is given"; AbstractRestApiContextTest.testContextPaths uses :.:subject3 for the default context
  it('answers subject and version for ?subject=:.:s (the default context spelled out)', async () => {
    const { id } = await reg('qdef', avro('QDef'))
    const res = (await t.cf('GET', `/schemas/ids/${id}?subject=:.:qdef`)).json()
    expect(res.version).toBe(1)
    expect(res.subject).toBeDefined()
  })

  // AbstractRestApiTest.testRegisterDiffContext: getSchemas(":.ctx:", false, false) returns the schemas of context .ctx
  it('lists the schemas of a context with GET /schemas?subjectPrefix=:.ctx:', async () => {
    await reg(':.sp:one', avro('SpOne'))
    const res = (await t.cf('GET', '/schemas?subjectPrefix=:.sp:')).json()
    expect(res).toHaveLength(1)
    expect(res[0]).toMatchObject({ subject: ':.sp:one', version: 1 })
  })

  // AbstractRestApiContextTest.testQualifiedSubjects: getAllSubjects(":*:") and getSchemas(":*:topic") span every context
  it('matches every context with the :*: wildcard prefix on /subjects and /schemas', async () => {
    await reg(':.wc1:wtopic', avro('Wc1'))
    await reg(':.wc2:wtopic', avro('Wc2'))
    await reg('wtopic', avro('Wc0'))
    const subjects = (await t.cf('GET', '/subjects?subjectPrefix=:*:')).json() as string[]
    expect(subjects).toEqual(expect.arrayContaining([':.wc1:wtopic', ':.wc2:wtopic', 'wtopic']))
    expect((await t.cf('GET', '/schemas?subjectPrefix=:*:wtopic')).json()).toHaveLength(3)
  })

  // AbstractRestApiContextTest.testQualifiedSubjects: getAllSubjects("", false) lists the default context only
  it('lists only default-context subjects for an empty subjectPrefix', async () => {
    const listed = (await t.cf('GET', '/subjects?subjectPrefix=')).json() as string[]
    expect(listed).toContain('wtopic')
    expect(listed.filter((s) => s.startsWith(':.'))).toEqual([])
  })

  // AbstractRestApiContextTest.testContextPaths: getId(1, "testTopic2A") with an unqualified subject that lives only in
  // .ctx2 answers the .ctx2 schema (KafkaSchemaRegistry tries each context for an unqualified subject)
  it('resolves ?subject= with an unqualified name that exists only in another context', async () => {
    const { id } = await reg(':.onlyhere:lonely', avro('Lonely'))
    const res = await t.cf('GET', `/schemas/ids/${id}?subject=lonely`)
    expect(res.statusCode).toBe(200)
    expect(JSON.parse(res.json().schema).name).toBe('Lonely')
  })

  // docs/API.md §4 GET /contexts (offset, limit, contextPrefix); AbstractRestApiContextTest.testContextPrefixFilter*
  it('pages and filters GET /contexts with the default context first', async () => {
    await reg(':.prod:a', avro('ProdA'))
    await reg(':.prod-eu:a', avro('ProdEuA'))
    const all = (await t.cf('GET', '/contexts')).json() as string[]
    expect(all[0]).toBe('.')
    expect((await t.cf('GET', '/contexts?contextPrefix=.prod')).json()).toEqual(['.prod', '.prod-eu'])
    expect((await t.cf('GET', '/contexts?contextPrefix=.PROD')).json()).toEqual([])
    expect((await t.cf('GET', '/contexts?limit=1')).json()).toEqual(['.'])
    expect((await t.cf('GET', '/contexts?offset=1&limit=1')).json()).toEqual([all[1]])
    expect((await t.cf('GET', '/contexts?limit=-1')).json()).toEqual(all)
  })

  // docs/API.md §3 Resolution order; contexts isolate modes
  it('applies a context mode set through /contexts/{ctx}/mode to the subjects of that context only', async () => {
    await t.cf('PUT', '/contexts/.roctx/mode', { mode: 'READONLY' })
    expect((await t.cf('GET', '/mode/:.roctx:')).json()).toEqual({ mode: 'READONLY' })
    expect((await t.cf('POST', '/subjects/:.roctx:s/versions', { schema: avro('RoCtx') })).json().error_code).toBe(42205)
    expect((await t.cf('POST', '/subjects/roctx-s/versions', { schema: avro('RoCtx') })).statusCode).toBe(200)
    expect((await t.cf('DELETE', '/contexts/.roctx/mode')).json()).toEqual({ mode: 'READONLY' })
  })
})

describe('Confluent contract: schema by id and GET /schemas', () => {
  // docs/API.md §4; AbstractRestApiTest.testGetSchemaWithFetchMaxId
  it('answers maxId only with fetchMaxId=true, and subject/version only with ?subject=', async () => {
    await t.cf('PUT', '/config/maxid', { compatibility: 'NONE' })
    const ids = [] as number[]
    for (const n of ['M1', 'M2', 'M3']) ids.push((await reg('maxid', avro(n))).id)
    const plain = (await t.cf('GET', `/schemas/ids/${ids[0]}`)).json()
    expect(plain).not.toHaveProperty('maxId')
    expect(plain).not.toHaveProperty('subject')
    expect(plain).not.toHaveProperty('version')
    expect((await t.cf('GET', `/schemas/ids/${ids[0]}?fetchMaxId=true`)).json().maxId).toBeGreaterThanOrEqual(ids[2])
    expect((await t.cf('GET', `/schemas/ids/${ids[1]}?subject=maxid`)).json()).toMatchObject({ subject: 'maxid', version: 2 })
  })

  // AbstractRestApiTest.testBadFormat: an unknown format is ignored
  it('ignores an unknown format on an Avro schema by id', async () => {
    const { id } = await reg('badfmt', avro('BadFmt'))
    const res = await t.cf('GET', `/schemas/ids/${id}?format=bad-format`)
    expect(res.statusCode).toBe(200)
    expect(res.json().schema).toBe(avro('BadFmt'))
  })

  // docs/API.md §4 "the content is returned even when every registration is soft-deleted"; /schema raw text
  it('serves a fully soft-deleted id and its raw text', async () => {
    const { id } = await reg('softid', avro('SoftId'))
    await t.cf('DELETE', '/subjects/softid')
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ deleted: true })
    expect(JSON.parse((await t.cf('GET', `/schemas/ids/${id}/schema`)).body).name).toBe('SoftId')
  })

  // docs/API.md §3 Ids "40403 for 0 and negatives", 404/404 for non-numbers and values above 2^31-1
  it('answers id -1 with 40403 and 2^31 with 404/404', async () => {
    expect((await t.cf('GET', '/schemas/ids/-1')).json().error_code).toBe(40403)
    expect((await t.cf('GET', '/schemas/ids/2147483648')).json().error_code).toBe(404)
  })

  // docs/API.md §4 GET /schemas (offset, limit, latestOnly); AbstractRestApiTest.testBasic
  it('pages GET /schemas and answers the newest live version per subject with latestOnly', async () => {
    await t.cf('PUT', '/config/pgs', { compatibility: 'NONE' })
    await reg('pgs', avro('Pg1'))
    await reg('pgs', avro('Pg2'))
    await reg('pgs', avro('Pg3'))
    const page = (await t.cf('GET', '/schemas?subjectPrefix=pgs&offset=1&limit=1')).json()
    expect(page).toHaveLength(1)
    expect(page[0]).toMatchObject({ subject: 'pgs', version: 2 })
    await t.cf('DELETE', '/subjects/pgs/versions/3')
    expect((await t.cf('GET', '/schemas?subjectPrefix=pgs&latestOnly=true')).json()).toEqual([expect.objectContaining({ subject: 'pgs', version: 2 })])
    expect((await t.cf('GET', '/schemas?subjectPrefix=pgs')).json()).toHaveLength(2)
    expect((await t.cf('GET', '/schemas?subjectPrefix=pgs&deleted=true')).json()).toHaveLength(3)
    expect((await t.cf('GET', '/schemas?limit=x')).json().error_code).toBe(404)
  })

  // docs/API.md §4 "default and maximum limit 1000, a larger value means 1000"
  it('caps GET /schemas at 1000 by default and for a larger limit', async () => {
    // one version in each of 1001 subjects (registering 1001 versions under one subject is very slow, see report)
    for (let i = 0; i < 1001; i++) await reg(`many-${String(i).padStart(4, '0')}`, JSON.stringify({ type: 'fixed', name: `F${i}`, size: 1 }))
    expect((await t.cf('GET', '/schemas?subjectPrefix=many')).json()).toHaveLength(1000)
    expect((await t.cf('GET', '/schemas?subjectPrefix=many&limit=5000')).json()).toHaveLength(1000)
    expect((await t.cf('GET', '/schemas?subjectPrefix=many&offset=1000')).json()).toHaveLength(1)
  }, 120_000)
})

describe('Confluent contract: compatibility endpoints', () => {
  // docs/API.md §4 Compatibility: soft-deleted explicit version is 40402; latest / all of a subject without live versions is compatible
  it('answers 40402 for a soft-deleted explicit version and true for latest of a fully soft-deleted subject', async () => {
    await reg('compat-soft', orderV1)
    await t.cf('DELETE', '/subjects/compat-soft')
    expect((await t.cf('POST', '/compatibility/subjects/compat-soft/versions/1', { schema: orderNoDefault })).json().error_code).toBe(40402)
    expect((await t.cf('POST', '/compatibility/subjects/compat-soft/versions/latest', { schema: orderNoDefault })).json()).toEqual({ is_compatible: true })
    expect((await t.cf('POST', '/compatibility/subjects/compat-soft/versions?verbose=true', { schema: orderNoDefault })).json()).toEqual({ is_compatible: true, messages: [] })
  })

  // AbstractRestApiTest.testCompatibilityInvalidVersion (42202 for "earliest"), docs/API.md §3 validated before lookup
  it('answers 42202 for an invalid version even on a missing subject', async () => {
    const res = await t.cf('POST', '/compatibility/subjects/compat-missing/versions/earliest', { schema: orderV1 })
    expect(res.statusCode).toBe(422)
    expect(res.json().error_code).toBe(42202)
  })

  // AbstractRestApiTest.testIncompatibleSchemaBySubject: FORWARD_TRANSITIVE checks all versions on /versions, one on /versions/latest
  it('applies a transitive level on /versions and only the latest on /versions/latest', async () => {
    const r = (fields: string[]) => JSON.stringify({ type: 'record', name: 'myrecord', fields: fields.map((name) => ({ type: 'string', name })) })
    await reg('ft', r(['f1', 'f2']))
    await reg('ft', r(['f1']))
    await t.cf('PUT', '/config/ft', { compatibility: 'FORWARD_TRANSITIVE' })
    expect((await t.cf('POST', '/compatibility/subjects/ft/versions/latest', { schema: r(['f1', 'f3']) })).json()).toEqual({ is_compatible: true })
    expect((await t.cf('POST', '/compatibility/subjects/ft/versions', { schema: r(['f1', 'f3']) })).json()).toEqual({ is_compatible: false })
    const rejected = await t.cf('POST', '/subjects/ft/versions', { schema: r(['f1', 'f3']) })
    expect(rejected.statusCode).toBe(409)
    expect(rejected.json().error_code).toBe(40901)
  })
})
