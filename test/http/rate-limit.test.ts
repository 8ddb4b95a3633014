import type { FastifyRequest, InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTokenBuckets, defaultBurst, isRateLimitExempt, type RateLimitOptions } from '../../src/http/rate-limit.js'
import { CONFLUENT, createTestApp, OPENSCHEMA, type TestApp } from '../support/test-app.js'

/** A clock the test moves by hand: refills are exact, whatever the machine's load. */
const manualClock = () => {
  let ms = 1_000_000
  return { now: () => ms, advance: (by: number) => (ms += by) }
}

/** One request from `ip` (inject's remote address), in the dialect `type` names (none: the server default). */
const from =
  (t: TestApp) =>
  (ip: string, url = '/subjects', opts: { type?: string; method?: InjectOptions['method']; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method: opts.method ?? 'GET',
      url,
      remoteAddress: ip,
      headers: { ...(opts.type ? { 'content-type': opts.type, accept: opts.type } : {}), ...opts.headers },
    })

const statuses = async (n: number, send: () => Promise<LightMyRequestResponse>) => {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await send()).statusCode)
  return out
}

/** Apps with different limits over one store each; built once, closed after the file. */
const apps: TestApp[] = []
const appWith = async (rateLimit?: RateLimitOptions) => {
  const t = await createTestApp({ rateLimit })
  apps.push(t)
  return t
}
afterAll(async () => {
  for (const t of apps) await t.close()
})

describe('rate limits (RATE_LIMIT_RPS, RATE_LIMIT_BURST)', () => {
  const clock = manualClock()
  let t: TestApp
  let send: ReturnType<typeof from>

  beforeAll(async () => {
    // one request every 4 s sustained, 3 at once
    t = await appWith({ rps: 0.25, burst: 3, now: clock.now })
    send = from(t)
  })

  it('lets a burst through, then answers 429/42901 with Retry-After in the OpenSchema dialect (the default)', async () => {
    expect(await statuses(3, () => send('10.0.0.1'))).toEqual([200, 200, 200])
    const res = await send('10.0.0.1')
    expect(res.statusCode).toBe(429)
    expect(res.headers['retry-after']).toBe('4')
    expect(res.headers['content-type']).toContain(OPENSCHEMA)
    expect(res.json()).toEqual({ errorCode: 42901, errorMessage: 'Rate limit exceeded; retry after 4 s' })
    // half the wait later, half the seconds are left (whole seconds, rounded up)
    clock.advance(2_000)
    expect((await send('10.0.0.1')).headers['retry-after']).toBe('2')
    clock.advance(1_500)
    expect((await send('10.0.0.1')).headers['retry-after']).toBe('1')
  })

  it('answers 429/42901 with Retry-After in the Confluent dialect, by media type and by path prefix', async () => {
    expect(await statuses(3, () => send('10.0.0.2', '/subjects', { type: CONFLUENT }))).toEqual([200, 200, 200])
    const res = await send('10.0.0.2', '/subjects', { type: CONFLUENT })
    expect(res.statusCode).toBe(429)
    expect(res.headers['retry-after']).toBe('4')
    expect(res.headers['content-type']).toContain(CONFLUENT)
    expect(res.json()).toEqual({ error_code: 42901, message: 'Rate limit exceeded; retry after 4 s' })
    const prefixed = await send('10.0.0.2', '/apis/ccompat/v7/schemas/types')
    expect(prefixed.statusCode).toBe(429)
    expect(prefixed.json()).toMatchObject({ error_code: 42901 })
  })

  it('refills at the rate: one token per 1/rps seconds, never more than the burst', async () => {
    const ip = '10.0.0.3'
    expect(await statuses(4, () => send(ip))).toEqual([200, 200, 200, 429])
    clock.advance(4_000) // one token
    expect(await statuses(2, () => send(ip))).toEqual([200, 429])
    clock.advance(3_000) // three quarters of one: a rejected request costs nothing
    expect((await send(ip)).statusCode).toBe(429)
    clock.advance(1_000)
    expect(await statuses(2, () => send(ip))).toEqual([200, 429])
    clock.advance(3_600_000) // an hour idle refills to the burst, not to 900
    expect(await statuses(4, () => send(ip))).toEqual([200, 200, 200, 429])
  })

  it('keeps one bucket per client address', async () => {
    expect(await statuses(4, () => send('10.0.1.1'))).toEqual([200, 200, 200, 429])
    expect(await statuses(4, () => send('10.0.1.2'))).toEqual([200, 200, 200, 429])
    expect((await send('2001:db8::1')).statusCode).toBe(200)
  })

  it('counts writes and requests to unknown routes alike', async () => {
    const ip = '10.0.2.1'
    const register = await send(ip, '/subjects/limited/versions', { method: 'POST', type: CONFLUENT })
    expect(register.statusCode).toBe(422) // no body: still a request that cost a token
    expect((await send(ip, '/no/such/route')).statusCode).toBe(404)
    expect((await send(ip, '/subjects')).statusCode).toBe(200)
    const unknown = await send(ip, '/no/such/route')
    expect(unknown.statusCode).toBe(429)
    expect(unknown.json()).toMatchObject({ errorCode: 42901 })
  })

  it('never limits GET /, /health/* and /metrics', async () => {
    const ip = '10.0.3.1'
    expect(await statuses(4, () => send(ip))).toEqual([200, 200, 200, 429])
    expect(await statuses(10, () => send(ip, '/'))).toEqual(Array(10).fill(200))
    expect((await send(ip, '/apis/ccompat/v7/')).statusCode).toBe(200)
    // the probes and the scraper answer, never the limiter (and /health alone is no route)
    for (const url of ['/health/live', '/health/ready?verbose=true', '/metrics']) expect((await send(ip, url)).statusCode, url).toBe(200)
    expect((await send(ip, '/health')).statusCode).toBe(404)
    expect((await send(ip)).statusCode).toBe(429)
  })
})

describe('the key function', () => {
  const clock = manualClock()
  let send: ReturnType<typeof from>

  beforeAll(async () => {
    // what authentication will pass: the principal's name, else the address
    const keyOf = (r: FastifyRequest) => (typeof r.headers['x-test-principal'] === 'string' ? `principal:${r.headers['x-test-principal']}` : r.ip)
    send = from(await appWith({ rps: 1, burst: 2, keyOf, now: clock.now }))
  })

  it('gives one bucket per key, wherever its requests come from', async () => {
    const alice = { headers: { 'x-test-principal': 'alice' } }
    expect((await send('10.1.0.1', '/subjects', alice)).statusCode).toBe(200)
    expect((await send('10.1.0.2', '/subjects', alice)).statusCode).toBe(200)
    expect((await send('10.1.0.3', '/subjects', alice)).statusCode).toBe(429)
    // another principal on the same address, and the address itself, have their own buckets
    expect(await statuses(2, () => send('10.1.0.1', '/subjects', { headers: { 'x-test-principal': 'bob' } }))).toEqual([200, 200])
    expect(await statuses(3, () => send('10.1.0.1'))).toEqual([200, 200, 429])
  })
})

describe('memory', () => {
  it('holds at most maxKeys buckets, dropping the least recently used', () => {
    const clock = manualClock()
    const buckets = createTokenBuckets({ rps: 1, burst: 1, maxKeys: 100, now: clock.now })
    for (let i = 0; i < 10_000; i++) buckets.take(`198.51.${i >> 8}.${i & 255}`)
    expect(buckets.size).toBe(100)
    // the last 100 are still held (empty), the first were dropped (a fresh, full bucket)
    expect(buckets.take('198.51.39.15')).toBeGreaterThan(0)
    expect(buckets.take('198.51.0.0')).toBe(0)
  })

  it('drops idle buckets through the app too: a flood of addresses cannot grow it, nor keep a busy client limited forever', async () => {
    const clock = manualClock()
    const send = from(await appWith({ rps: 1, burst: 1, maxKeys: 5, now: clock.now }))
    expect(await statuses(2, () => send('10.2.0.1'))).toEqual([200, 429])
    // five other addresses push 10.2.0.1's bucket out; it comes back full
    for (let i = 2; i <= 6; i++) expect((await send(`10.2.0.${i}`)).statusCode).toBe(200)
    expect((await send('10.2.0.1')).statusCode).toBe(200)
    // a recently used bucket is kept: 10.2.0.6 was among the last five
    expect((await send('10.2.0.6')).statusCode).toBe(429)
  })
})

describe('real time', () => {
  it('refills with the real clock after waiting 1/rps seconds', async () => {
    const send = from(await appWith({ rps: 4, burst: 1 }))
    // 4 tokens a second: requests answered in under 250 ms each run out (no assertion on how fast)
    let limited: LightMyRequestResponse | undefined
    for (let i = 0; i < 50 && !limited; i++) {
      const res = await send('10.3.0.1')
      if (res.statusCode === 429) limited = res
    }
    expect(limited?.headers['retry-after']).toBe('1')
    await new Promise((r) => setTimeout(r, 300)) // over 250 ms: at least one token, however slow the machine
    expect((await send('10.3.0.1')).statusCode).toBe(200)
  })
})

describe('over a real socket', () => {
  it('keys on the connecting address and sends Retry-After on the wire', async () => {
    const clock = manualClock()
    const t = await appWith({ rps: 1, burst: 1, now: clock.now })
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const first = await fetch(`${base}/subjects`)
    expect(first.status).toBe(200)
    const second = await fetch(`${base}/subjects`, { headers: { accept: CONFLUENT } })
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBe('1')
    expect(await second.json()).toEqual({ error_code: 42901, message: 'Rate limit exceeded; retry after 1 s' })
    // the bucket was 127.0.0.1's: another address still has its own
    expect((await t.app.inject({ method: 'GET', url: '/subjects', remoteAddress: '127.0.0.2' })).statusCode).toBe(200)
  })
})

describe('off', () => {
  it('limits nothing when RATE_LIMIT_RPS is unset', async () => {
    const send = from(await appWith())
    expect(await statuses(30, () => send('10.4.0.1'))).toEqual(Array(30).fill(200))
  })
})

describe('the bucket', () => {
  it('takes the burst from the rate when only the rate is set: rps rounded up, at least 1', () => {
    expect([defaultBurst(10), defaultBurst(2.5), defaultBurst(0.1)]).toEqual([10, 3, 1])
  })

  it('rejects a rate or burst that would let nothing through', () => {
    expect(() => createTokenBuckets({ rps: 0, burst: 1 })).toThrow(/rps > 0/)
    expect(() => createTokenBuckets({ rps: 1, burst: 0.5 })).toThrow(/burst >= 1/)
  })

  it('exempts by path prefix, with or without a query', () => {
    expect(['/', '/?x=1', '/health', '/health/ready', '/metrics', '/metrics?name[]=a'].every(isRateLimitExempt)).toBe(true)
    expect(['/subjects', '/healthz', '/metricsx', '/schemas/ids/1', '/docs'].some(isRateLimitExempt)).toBe(false)
  })
})
