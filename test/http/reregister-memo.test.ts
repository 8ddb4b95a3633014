import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

// Re-registering a known schema is answered from memory while nothing has been committed since
// (docs/ARCHITECTURE.md §6): these tests show that it does no lookups at all, and that a delete (or
// any other commit) in between is never answered with what it removed.
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const schema = (name: string, doc = '') => JSON.stringify({ type: 'record', name, doc, fields: [{ name: 'f', type: 'string' }] })

/** The read cache's hits so far (metrics): a memoized answer adds none, a looked-up one adds several. */
const cacheHits = async () => {
  const text = (await t.cf('GET', '/metrics')).body
  return [...text.matchAll(/^schema_registry_cache_hits_total\{cache="(\w+)"\} (\d+)/gm)].reduce((n, m) => n + Number(m[2]), 0)
}

describe('re-registration from memory', () => {
  it('answers a known schema again without a single lookup, in both dialects', async () => {
    const first = await t.registered('memo-a', schema('A'))
    const again = await t.cf('POST', '/subjects/memo-a/versions', { schema: schema('A') })
    expect(again.json()).toMatchObject({ id: first.id })
    const before = await cacheHits()
    for (let i = 0; i < 5; i++) expect((await t.cf('POST', '/subjects/memo-a/versions', { schema: schema('A') })).json()).toMatchObject({ id: first.id })
    // at most the access check's claim lookup, cached on an exclusive store (PGlite), one per request;
    // an answer looked up again would add five or more per request (mode, config, versions, content)
    expect(await cacheHits()).toBeLessThanOrEqual(before + 5)
    // the OpenSchema dialect (another policy) has its own entries and the same answer
    const os1 = await t.os('POST', '/subjects/memo-a/versions', { schema: schema('A') })
    expect(os1.statusCode).toBe(200)
    expect(os1.json()).toMatchObject({ id: String(first.id) })
  })

  it('registers a soft-deleted schema again as a new version, not the deleted one', async () => {
    const first = await t.registered('memo-b', schema('B'))
    expect((await t.cf('POST', '/subjects/memo-b/versions', { schema: schema('B') })).json().version).toBe(1)
    expect((await t.cf('POST', '/subjects/memo-b/versions', { schema: schema('B') })).json().version).toBe(1)
    expect((await t.cf('DELETE', '/subjects/memo-b/versions/1')).statusCode).toBe(200)
    const after = await t.cf('POST', '/subjects/memo-b/versions', { schema: schema('B') })
    expect(after.json()).toMatchObject({ id: first.id, version: 2 })
    expect((await t.cf('GET', '/subjects/memo-b/versions')).json()).toEqual([2])
  })

  it('follows other commits: a config whose metadata every version carries makes the same schema new', async () => {
    await t.registered('memo-c', schema('C'))
    expect((await t.cf('POST', '/subjects/memo-c/versions', { schema: schema('C') })).json().version).toBe(1)
    expect((await t.cf('POST', '/subjects/memo-c/versions', { schema: schema('C') })).json().version).toBe(1)
    const put = await t.cf('PUT', '/config/memo-c', { overrideMetadata: { properties: { team: 'payments' } } })
    expect(put.statusCode, put.body).toBe(200)
    const after = await t.cf('POST', '/subjects/memo-c/versions', { schema: schema('C') })
    expect(after.json()).toMatchObject({ version: 2, metadata: { properties: { team: 'payments' } } })
  })

  it('never answers a re-registration that starts after a delete answered with the deleted version', async () => {
    for (let round = 0; round < 5; round++) {
      const subject = `memo-race-${round}`
      const body = { schema: schema(`R${round}`) }
      await t.registered(subject, body.schema)
      const racing = Array.from({ length: 20 }, () => t.cf('POST', `/subjects/${subject}/versions`, body))
      const deleted = await t.cf('DELETE', `/subjects/${subject}`)
      expect(deleted.statusCode).toBe(200)
      // answers that raced the delete may name version 1 or a new one; none may fail
      for (const r of await Promise.all(racing)) expect(r.statusCode, r.body).toBe(200)
      const after = await t.cf('POST', `/subjects/${subject}/versions`, body)
      const live = (await t.cf('GET', `/subjects/${subject}/versions`)).json() as number[]
      expect(live).toContain(after.json().version)
      expect((await t.cf('GET', `/subjects/${subject}/versions/${after.json().version}`)).statusCode).toBe(200)
    }
  })

  it('keeps answers apart by everything that decides them: subject, type, references, forced', async () => {
    const a = await t.registered('memo-d1', schema('D'))
    const b = await t.registered('memo-d2', schema('D'))
    expect(b.id).toBe(a.id)
    expect((await t.cf('POST', '/subjects/memo-d1/versions', { schema: schema('D') })).json().version).toBe(1)
    const forced = await t.cf('POST', '/subjects/memo-d1/versions?force=true', { schema: schema('D') })
    expect(forced.json()).toMatchObject({ id: a.id, version: 1, warnings: [] })
    const plain = await t.cf('POST', '/subjects/memo-d1/versions', { schema: schema('D') })
    expect(plain.json().warnings).toBeUndefined()
    // a JSON Schema with the same text is other content
    const json = await t.cf('POST', '/subjects/memo-d3/versions', { schema: '{"type":"string"}', schemaType: 'JSON' })
    const avro = await t.cf('POST', '/subjects/memo-d3/versions', { schema: '"string"' })
    expect(json.statusCode).toBe(200)
    expect(avro.statusCode).toBe(409)
  })
})
