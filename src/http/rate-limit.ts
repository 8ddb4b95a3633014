import { performance } from 'node:perf_hooks'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RegistryError } from '../errors/registry-error.js'

/**
 * Request rate limits (`RATE_LIMIT_RPS`, `RATE_LIMIT_BURST`): one token bucket per key, the client
 * address by default. Over the limit a request is the catalogue's RATE_LIMITED (429/42901 in both
 * dialects, docs/API.md §2); the error handler adds `Retry-After`.
 *
 * Written here rather than taken from @fastify/rate-limit: that plugin counts requests in fixed
 * windows (a client may send twice its limit across a window edge) and has no burst separate from
 * the rate; a token bucket is twenty lines.
 */
export interface RateLimitOptions {
  /** Tokens added per second to each bucket: the sustained rate. May be fractional (0.5 = one request every 2 s). */
  rps: number
  /** Bucket size: requests a quiet client may send at once. Default: `rps` rounded up, at least 1. */
  burst?: number
  /**
   * The bucket a request draws from; the client address (`request.ip`) by default. Authentication
   * passes `(r) => r.principal?.name ?? r.ip`, so a principal has one bucket wherever it connects
   * from. It runs in an `onRequest` hook, so a hook that sets what it reads must be added before
   * `installRateLimit` (hooks run in the order they are added).
   */
  keyOf?: (request: FastifyRequest) => string
  /** Most buckets kept; the least recently used one is dropped past it (default 50,000, a few MB). */
  maxKeys?: number
  /** Milliseconds on a monotonic clock; tests pass their own. */
  now?: () => number
}

export interface TokenBuckets {
  /** Takes a token from `key`'s bucket: 0 when there was one, else the milliseconds until there is. */
  take(key: string): number
  /** How many buckets are held (bounded by `maxKeys`). */
  readonly size: number
}

interface Bucket {
  tokens: number
  /** When `tokens` was last brought up to date. */
  at: number
}

export const DEFAULT_MAX_KEYS = 50_000

/** The default bucket size when only the rate is set: one second's worth of requests, at least one. */
export const defaultBurst = (rps: number): number => Math.max(1, Math.ceil(rps))

export const createTokenBuckets = (opts: { rps: number; burst: number; maxKeys?: number; now?: () => number }): TokenBuckets => {
  const { rps, burst } = opts
  const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS
  const now = opts.now ?? (() => performance.now())
  if (!(rps > 0) || !(burst >= 1) || !(maxKeys >= 1))
    throw new Error(`rate limit: rps > 0, burst >= 1 and maxKeys >= 1 are required (rps ${rps}, burst ${burst}, maxKeys ${maxKeys})`)
  // A Map iterates in insertion order: re-inserting a key on every use keeps the least recently used
  // first, so dropping from the front bounds memory however many addresses a flood comes from. A
  // dropped bucket comes back full, which is what an idle one would have refilled to anyway.
  const buckets = new Map<string, Bucket>()
  return {
    take(key) {
      const t = now()
      const found = buckets.get(key)
      let tokens = burst
      if (found) {
        buckets.delete(key)
        tokens = Math.min(burst, found.tokens + (Math.max(0, t - found.at) * rps) / 1000)
      }
      const allowed = tokens >= 1
      buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: t })
      while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!)
      return allowed ? 0 : ((1 - tokens) * 1000) / rps
    },
    get size() {
      return buckets.size
    },
  }
}

/** Paths never limited: the root probe, health checks and metrics (liveness must not fail under load). */
export const isRateLimitExempt = (url: string): boolean => {
  const path = url.split('?')[0]!
  return path === '/' || ['/health', '/metrics'].some((p) => path === p || path.startsWith(`${p}/`))
}

/** Adds the limiter as an `onRequest` hook: after the dialect is known, before the body is read. */
export const installRateLimit = (app: FastifyInstance, opts: RateLimitOptions): TokenBuckets => {
  const buckets = createTokenBuckets({ rps: opts.rps, burst: opts.burst ?? defaultBurst(opts.rps), maxKeys: opts.maxKeys, now: opts.now })
  const keyOf = opts.keyOf ?? ((request: FastifyRequest) => request.ip)
  app.addHook('onRequest', async (request) => {
    if (isRateLimitExempt(request.url)) return
    const waitMs = buckets.take(keyOf(request))
    if (waitMs > 0) throw new RegistryError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) })
  })
  return buckets
}
