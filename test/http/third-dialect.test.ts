import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { composeServer } from '../../src/composition.js'
import { DIALECTS } from '../../src/http/dialects/index.js'
import { toyDialect } from '../fixtures/toy-dialect/index.js'
import { openTestStore, primaryEngine, type TestStore } from '../support/stores.js'

// docs/ARCHITECTURE.md §4: a new dialect is a folder implementing DialectModule plus one entry in the
// list. The toy dialect lives in test/fixtures and is added to the list here, nothing else.
describe('a third dialect as one more module', () => {
  let test: TestStore
  let app: FastifyInstance
  const schema = JSON.stringify({ type: 'record', name: 'T', fields: [{ name: 'a', type: 'int' }] })

  beforeAll(async () => {
    test = await openTestStore(primaryEngine())
    ;({ app } = await composeServer({ store: test.store, dialects: [...DIALECTS, toyDialect] }))
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await test.dispose()
  })

  const toy = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({ method, url: `/apis/toy/v1${url}`, headers: { 'content-type': 'application/json' }, ...(body ? { payload: JSON.stringify(body) } : {}) })

  it('registers through the shared route with its own body parser, policy and presenter', async () => {
    const res = await toy('POST', '/subjects/t/versions', { text: schema })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ toyId: 'toy-1', v: 1 })
    expect(res.headers['content-type']).toContain('application/vnd.toy.v1+json')
  })

  it('serves its own meaning of a path the other dialects route elsewhere', async () => {
    expect((await toy('GET', '/subjects/t')).json()).toEqual({ toySubject: 't', versions: [1] })
    // the same path keeps its meaning in the other dialects
    const os = await app.inject({ method: 'GET', url: '/apis/openschema/v1/subjects/t' })
    expect(os.json()).toMatchObject({ subject: 't', format: 'AVRO' })
    const cf = await app.inject({ method: 'GET', url: '/apis/ccompat/v7/subjects/t' })
    expect(cf.statusCode).toBe(404)
  })

  it('is selected by its media type as well as its prefix', async () => {
    const res = await app.inject({ method: 'GET', url: '/subjects/t/versions/1', headers: { accept: 'application/vnd.toy.v1+json' } })
    expect(res.json()).toEqual({ toyId: 'toy-1', v: 1, text: schema })
  })

  it('answers errors with its own code table, body and words', async () => {
    const res = await toy('GET', '/subjects/missing/versions/1')
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ problem: { code: 4242, message: 'toy says: SUBJECT_NOT_FOUND' } })
  })

  it('leaves the two real dialects as they were', async () => {
    const cf = await app.inject({ method: 'GET', url: '/subjects/t/versions/1', headers: { accept: 'application/vnd.schemaregistry.v1+json' } })
    expect(cf.json()).toMatchObject({ subject: 't', id: 1, version: 1 })
    const os = await app.inject({ method: 'GET', url: '/subjects/t/versions/1' })
    expect(os.json()).toMatchObject({ subject: 't', id: '1', version: 1 })
  })
})
