import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFLUENT, createTestApp, OPENSCHEMA, type TestApp } from '../support/test-app.js'

let t: TestApp
let confluentDefault: TestApp
beforeAll(async () => {
  t = await createTestApp()
  confluentDefault = await createTestApp({ dialect: 'confluent' })
})
afterAll(async () => {
  await t.close()
  await confluentDefault.close()
})

const get = (app: TestApp, url: string, headers: Record<string, string> = {}) => app.app.inject({ method: 'GET', url, headers })

describe('choosing the dialect of a request (docs/API.md §1)', () => {
  it('routes /apis/ccompat/v7 to Confluent and /apis/openschema/v1 to OpenSchema', async () => {
    const cf = await get(t, '/apis/ccompat/v7/subjects/missing/versions')
    expect(cf.json()).toMatchObject({ error_code: 40401 })
    expect(cf.headers['content-type']).toContain(CONFLUENT)
    const os = await get(confluentDefault, '/apis/openschema/v1/subjects/missing/versions')
    expect(os.json()).toMatchObject({ errorCode: 40402 })
    expect(os.headers['content-type']).toContain(OPENSCHEMA)
    expect((await get(t, '/apis/ccompat/v7')).statusCode).toBe(200)
  })

  it('picks Confluent for its media types in Accept or Content-Type', async () => {
    for (const type of ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json']) {
      expect((await get(t, '/subjects/missing/versions', { accept: type })).json()).toHaveProperty('error_code', 40401)
      const post = await t.app.inject({ method: 'POST', url: '/subjects/missing', headers: { 'content-type': type }, payload: '{"schema":"\\"string\\""}' })
      expect(post.json()).toHaveProperty('error_code', 40401)
    }
  })

  it('picks OpenSchema for its media type even when the default is Confluent', async () => {
    const res = await get(confluentDefault, '/subjects/missing/versions', { accept: OPENSCHEMA })
    expect(res.json()).toEqual({ errorCode: 40402, errorMessage: expect.any(String) })
  })

  it('falls back to the configured default', async () => {
    expect((await get(t, '/subjects/missing/versions')).json()).toHaveProperty('errorCode', 40402)
    expect((await get(confluentDefault, '/subjects/missing/versions')).json()).toHaveProperty('error_code', 40401)
  })

  it('answers OpenSchema clients that accept only application/json with application/json', async () => {
    const res = await get(t, '/subjects', { accept: 'application/json' })
    expect(res.headers['content-type']).toContain('application/json')
  })

  it('serves the root, metadata, types and the associations probe', async () => {
    expect((await get(t, '/')).json()).toEqual({})
    expect((await get(t, '/v1/metadata/version')).json()).toMatchObject({ version: expect.any(String) })
    expect((await get(t, '/v1/metadata/id')).json()).toHaveProperty('scope')
    expect((await get(t, '/associations/resources/ns/topic', { accept: CONFLUENT })).json()).toEqual([])
  })

  it('serves the contract and Swagger UI at /docs', async () => {
    const ui = await get(t, '/docs/')
    expect(ui.statusCode).toBe(200)
    expect(ui.headers['content-type']).toContain('text/html')
    const spec = await get(t, '/docs/json')
    expect(spec.json()).toHaveProperty('openapi')
  })

  it('ignores tenant and namespace query parameters and matches a trailing slash', async () => {
    expect((await get(t, '/subjects/?tenant=a&namespace=b')).statusCode).toBe(200)
  })
})
