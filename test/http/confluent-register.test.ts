import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { avro, orderNoDefault, orderV1, orderV2 } from '../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('Confluent dialect: register and read', () => {
  it('registers a schema with 200 and the full 8.x response', async () => {
    const res = await t.cf('POST', '/subjects/orders-value/versions', { schema: orderV1 })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/vnd.schemaregistry.v1+json')
    const body = res.json()
    expect(body).toMatchObject({ id: expect.any(Number), version: 1, schemaType: 'AVRO', guid: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect(JSON.parse(body.schema)).toEqual(JSON.parse(orderV1))
    expect(body).not.toHaveProperty('references')
  })

  it('records every write in the append-only events log', async () => {
    const { id } = (await t.cf('POST', '/subjects/audited/versions', { schema: avro('Audited') })).json()
    await t.cf('PUT', '/config/audited', { compatibility: 'FULL' })
    await t.cf('DELETE', '/subjects/audited/versions/1')
    const [del, cfg, reg] = await t.test.store.recentEvents(3)
    expect(reg).toMatchObject({ action: 'schema.register', subject: 'audited', version: 1, schemaId: id })
    expect(cfg).toMatchObject({ action: 'config.update', subject: 'audited' })
    expect(del).toMatchObject({ action: 'version.delete.soft', subject: 'audited', version: 1 })
  })

  it('returns the existing id and version when the same schema is registered twice', async () => {
    const a = (await t.cf('POST', '/subjects/twice/versions', { schema: avro('Twice') })).json()
    const b = (await t.cf('POST', '/subjects/twice/versions', { schema: avro('Twice') })).json()
    expect(b).toMatchObject({ id: a.id, version: 1 })
    expect((await t.cf('GET', '/subjects/twice/versions')).json()).toEqual([1])
  })

  it('gives reordered JSON keys and whitespace the same id', async () => {
    const a = (await t.cf('POST', '/subjects/keys/versions', { schema: '{"type":"record","name":"K","fields":[{"name":"a","type":"int"}]}' })).json()
    const b = (await t.cf('POST', '/subjects/keys/versions', { schema: '{ "fields": [ {"type":"int", "name":"a"} ], "name":"K", "type":"record" }' })).json()
    expect(b.id).toBe(a.id)
    expect(b.version).toBe(1)
  })

  it('reuses one id for the same schema in another subject', async () => {
    const a = (await t.cf('POST', '/subjects/shared-a/versions', { schema: avro('Shared') })).json()
    const b = (await t.cf('POST', '/subjects/shared-b/versions', { schema: avro('Shared') })).json()
    expect(b.id).toBe(a.id)
    expect((await t.cf('GET', `/schemas/ids/${a.id}/subjects`)).json()).toEqual(['shared-a', 'shared-b'])
    expect((await t.cf('GET', `/schemas/ids/${a.id}/versions`)).json()).toEqual([
      { subject: 'shared-a', version: 1 },
      { subject: 'shared-b', version: 1 },
    ])
  })

  it('evolves a subject under BACKWARD and rejects an incompatible version with 409/40901', async () => {
    await t.cf('POST', '/subjects/evolve/versions', { schema: orderV1 })
    const v2 = await t.cf('POST', '/subjects/evolve/versions', { schema: orderV2 })
    expect(v2.json().version).toBe(2)
    const bad = await t.cf('POST', '/subjects/evolve/versions', { schema: orderNoDefault })
    expect(bad.statusCode).toBe(409)
    expect(bad.json().error_code).toBe(40901)
    expect((await t.cf('GET', '/subjects/evolve/versions')).json()).toEqual([1, 2])
  })

  it('serves a schema by id with schemaType, guid, ts and deleted', async () => {
    const { id } = (await t.cf('POST', '/subjects/by-id/versions', { schema: avro('ById') })).json()
    const res = await t.cf('GET', `/schemas/ids/${id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ schemaType: 'AVRO', guid: expect.any(String), ts: expect.any(Number), deleted: false })
    expect(res.json()).not.toHaveProperty('subject')
    const withSubject = (await t.cf('GET', `/schemas/ids/${id}?subject=by-id`)).json()
    expect(withSubject).toMatchObject({ subject: 'by-id', version: 1 })
    expect((await t.cf('GET', `/schemas/ids/${id}?fetchMaxId=true`)).json().maxId).toBeGreaterThanOrEqual(id)
    const raw = await t.cf('GET', `/schemas/ids/${id}/schema`)
    expect(JSON.parse(raw.body)).toEqual(JSON.parse(avro('ById')))
  })

  it('serves versions by number, latest and -1, and the raw schema', async () => {
    await t.cf('POST', '/subjects/versions-read/versions', { schema: orderV1 })
    await t.cf('POST', '/subjects/versions-read/versions', { schema: orderV2 })
    for (const v of ['2', 'latest', 'LATEST', '-1']) {
      const res = await t.cf('GET', `/subjects/versions-read/versions/${v}`)
      expect(res.json()).toMatchObject({ subject: 'versions-read', version: 2, deleted: false, schemaType: 'AVRO' })
    }
    expect((await t.cf('GET', '/subjects/versions-read/versions/+1')).json().version).toBe(1)
    expect((await t.cf('GET', '/subjects/versions-read/versions/007')).statusCode).toBe(404)
    const raw = await t.cf('GET', '/subjects/versions-read/versions/1/schema')
    expect(JSON.parse(raw.body)).toEqual(JSON.parse(orderV1))
  })

  it('looks up a schema under a subject and answers 40403 for one not registered there', async () => {
    const { id } = (await t.cf('POST', '/subjects/lookup/versions', { schema: avro('Look') })).json()
    const found = await t.cf('POST', '/subjects/lookup', { schema: avro('Look') })
    expect(found.json()).toMatchObject({ subject: 'lookup', id, version: 1 })
    const missing = await t.cf('POST', '/subjects/lookup', { schema: avro('Other') })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error_code).toBe(40403)
    const noSubject = await t.cf('POST', '/subjects/no-such-subject', { schema: avro('Look') })
    expect(noSubject.json().error_code).toBe(40401)
  })

  it('lists subjects sorted, with a prefix filter', async () => {
    await t.cf('POST', '/subjects/zz-list-b/versions', { schema: avro('ListB') })
    await t.cf('POST', '/subjects/zz-list-a/versions', { schema: avro('ListA') })
    const all = (await t.cf('GET', '/subjects')).json() as string[]
    expect(all).toEqual([...all].sort())
    expect((await t.cf('GET', '/subjects?subjectPrefix=zz-list')).json()).toEqual(['zz-list-a', 'zz-list-b'])
    expect((await t.cf('GET', '/subjects?subjectPrefix=zz-list&offset=1&limit=1')).json()).toEqual(['zz-list-b'])
    expect((await t.cf('GET', '/subjects?subjectPrefix=zz-list&limit=1')).json()).toEqual(['zz-list-a'])
  })

  it('takes the previous schema when a registration has no schema text but new metadata', async () => {
    await t.cf('POST', '/subjects/meta/versions', { schema: avro('Meta') })
    const res = await t.cf('POST', '/subjects/meta/versions', { metadata: { properties: { owner: 'team-a' } } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: 2, metadata: { properties: { owner: 'team-a' } } })
    const byMeta = await t.cf('GET', '/subjects/meta/metadata?key=owner&value=team-a')
    expect(byMeta.json()).toMatchObject({ version: 2 })
    const empty = await t.cf('POST', '/subjects/never-registered/versions', { schema: '' })
    expect(empty.statusCode).toBe(422)
    expect(empty.json()).toMatchObject({ error_code: 42201, message: 'Empty schema' })
  })

  it('accepts an explicit next version and rejects any other outside IMPORT', async () => {
    await t.cf('PUT', '/config/explicit', { compatibility: 'NONE' })
    await t.cf('POST', '/subjects/explicit/versions', { schema: avro('E1') })
    const bad = await t.cf('POST', '/subjects/explicit/versions', { schema: orderV1, version: 5 })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().message).toBe('Version is not one more than previous version')
    const ok = await t.cf('POST', '/subjects/explicit/versions', { schema: orderV1, version: 2 })
    expect(ok.json().version).toBe(2)
    const withId = await t.cf('POST', '/subjects/explicit/versions', { schema: orderV2, id: 999 })
    expect(withId.json().error_code).toBe(42205)
  })

  it('in IMPORT, registers the named version even when the same content is live under another number (as Confluent does)', async () => {
    await t.cf('PUT', '/mode/import-twice', { mode: 'IMPORT' })
    const first = await t.cf('POST', '/subjects/import-twice/versions', { schema: avro('Twice'), id: 700, version: 1 })
    expect(first.json()).toMatchObject({ id: 700, version: 1 })
    const second = await t.cf('POST', '/subjects/import-twice/versions', { schema: avro('Twice'), id: 700, version: 2 })
    expect(second.json()).toMatchObject({ id: 700, version: 2 })
    expect((await t.cf('GET', '/subjects/import-twice/versions')).json()).toEqual([1, 2])
    // the same id and version again is answered, not registered twice
    expect((await t.cf('POST', '/subjects/import-twice/versions', { schema: avro('Twice'), id: 700, version: 2 })).json()).toMatchObject({ version: 2 })
    expect((await t.cf('GET', '/subjects/import-twice/versions')).json()).toEqual([1, 2])
  })

  it('lists schemas with latestOnly and a subject prefix', async () => {
    await t.cf('POST', '/subjects/sch-list/versions', { schema: orderV1 })
    await t.cf('POST', '/subjects/sch-list/versions', { schema: orderV2 })
    const all = (await t.cf('GET', '/schemas?subjectPrefix=sch-list')).json()
    expect(all.map((s: { version: number }) => s.version)).toEqual([1, 2])
    const latest = (await t.cf('GET', '/schemas?subjectPrefix=sch-list&latestOnly=true')).json()
    expect(latest.map((s: { version: number }) => s.version)).toEqual([2])
    expect((await t.cf('GET', '/schemas/types')).json()).toEqual(['AVRO', 'JSON', 'PROTOBUF'])
  })

  it('serves content by guid with its ids per context', async () => {
    const { id, guid } = (await t.cf('POST', '/subjects/guid/versions', { schema: avro('Guid') })).json()
    expect((await t.cf('GET', `/schemas/guids/${guid}`)).json()).toMatchObject({ guid, schemaType: 'AVRO' })
    expect((await t.cf('GET', `/schemas/guids/${guid}/ids`)).json()).toEqual([{ context: '.', id }])
    const missing = await t.cf('GET', '/schemas/guids/00000000-0000-0000-0000-000000000000')
    expect(missing.json().error_code).toBe(40403)
  })
})
