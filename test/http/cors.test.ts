import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

const UI = 'https://ui.example.com'
const OTHER_UI = 'http://localhost:3000'
const EVIL = 'https://evil.example.com'

const corsHeaders = (res: LightMyRequestResponse) => Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))

const preflight = (t: TestApp, origin: string, url = '/subjects/orders-value/versions') =>
  t.app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,x-subject-token' },
  })

describe('CORS off (CORS_ORIGINS unset)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  it('sends no CORS header, whatever the origin', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/subjects', headers: { origin: UI } })
    expect(res.statusCode).toBe(200)
    expect(corsHeaders(res)).toEqual([])
  })

  it('answers a preflight as any OPTIONS request: 405 with the methods the path has, no CORS header', async () => {
    const res = await preflight(t, UI)
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toContain('POST')
    expect(corsHeaders(res)).toEqual([])
  })
})

describe('CORS with a list of origins', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ cors: { origins: [UI, OTHER_UI] }, rateLimit: { rps: 1, burst: 2 } })
  })
  afterAll(async () => t?.close())

  it('lets a listed origin read answers, and names the headers it may read', async () => {
    for (const origin of [UI, OTHER_UI]) {
      const res = await t.app.inject({ method: 'GET', url: '/schemas/types', headers: { origin }, remoteAddress: '10.0.0.1' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['access-control-allow-origin']).toBe(origin)
      expect(res.headers.vary).toContain('Origin')
      expect(String(res.headers['access-control-expose-headers']).split(', ')).toEqual(expect.arrayContaining(['retry-after', 'allow']))
    }
  })

  it('gives an origin not in the list no access-control-allow-origin (the browser then keeps the answer from the script)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/schemas/types', headers: { origin: EVIL }, remoteAddress: '10.0.0.2' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    const pre = await preflight(t, EVIL)
    expect(pre.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers a preflight with 204, the methods and the request headers the registry and authentication read', async () => {
    const res = await preflight(t, UI)
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect(res.headers['access-control-allow-origin']).toBe(UI)
    expect(String(res.headers['access-control-allow-methods']).split(', ')).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']))
    expect(String(res.headers['access-control-allow-headers']).split(', ')).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-subject-token']))
    expect(res.headers['access-control-max-age']).toBe('600')
  })

  it('serves the request after the preflight, in its dialect', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/subjects/cors-value/versions',
      headers: { origin: UI, 'content-type': CONFLUENT },
      payload: JSON.stringify({ schema: '"string"' }),
      remoteAddress: '10.0.0.3',
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe(UI)
    expect(res.json()).toMatchObject({ id: 1, version: 1 })
  })

  it('never rate-limits preflights, and a 429 carries the CORS headers so the script can read Retry-After', async () => {
    const ip = '10.0.0.4'
    for (let i = 0; i < 5; i++)
      expect((await t.app.inject({ method: 'OPTIONS', url: '/subjects', headers: { origin: UI, 'access-control-request-method': 'GET' }, remoteAddress: ip })).statusCode).toBe(204)
    const get = () => t.app.inject({ method: 'GET', url: '/subjects', headers: { origin: UI }, remoteAddress: ip })
    expect((await get()).statusCode).toBe(200)
    expect((await get()).statusCode).toBe(200)
    const limited = await get()
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['access-control-allow-origin']).toBe(UI)
    expect(limited.headers['retry-after']).toBe('1')
    expect(String(limited.headers['access-control-expose-headers'])).toContain('retry-after')
  })
})

describe('CORS for any origin (CORS_ORIGINS=*)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ cors: { origins: ['*'] } })
  })
  afterAll(async () => t?.close())

  it('answers every origin with access-control-allow-origin: *', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/subjects', headers: { origin: EVIL } })
    expect(res.headers['access-control-allow-origin']).toBe('*')
    const pre = await preflight(t, EVIL)
    expect(pre.statusCode).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBe('*')
  })
})
