import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await t.cf('PUT', '/config/parallel', { compatibility: 'NONE' })
})
afterAll(() => t.close())

const schema = (n: number) => JSON.stringify({ type: 'record', name: `P${n}`, fields: [{ name: 'f', type: 'string' }] })

describe('concurrent registrations', () => {
  it('gives 40 parallel registrations into one subject versions 1..40 with no gaps or duplicates', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, n) => t.cf('POST', '/subjects/parallel/versions', { schema: schema(n) })))
    for (const r of results) expect(r.statusCode, r.body).toBe(200)
    const versions = results.map((r) => r.json().version).sort((a, b) => a - b)
    expect(versions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    expect(new Set(results.map((r) => r.json().id)).size).toBe(40)
    expect((await t.cf('GET', '/subjects/parallel/versions')).json()).toEqual(versions)
  })

  it('gives the same schema registered in parallel one id and one version', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => t.cf('POST', '/subjects/same-parallel/versions', { schema: schema(999) })))
    expect(new Set(results.map((r) => `${r.json().id}/${r.json().version}`))).toEqual(new Set([`${results[0]!.json().id}/1`]))
  })

  it('gives the same schema registered in parallel under many subjects one id', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => t.cf('POST', `/subjects/fan-${n}/versions`, { schema: schema(5000) })))
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1)
  })
})
