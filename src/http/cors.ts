import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'

export interface CorsOptions {
  /** Allowed origins (`https://ui.example.com`), or `['*']` for any. */
  origins: readonly string[]
}

/** Request headers a browser client may send: what the registry reads, and authentication's. */
export const CORS_ALLOWED_HEADERS = ['accept', 'authorization', 'content-type', 'x-request-id', 'x-subject-token']
/** Response headers a browser script may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ['retry-after', 'allow']

/**
 * CORS (`CORS_ORIGINS`) through @fastify/cors, for browser UIs on other origins. Unset, nothing is
 * installed and no response carries a CORS header. Preflights are answered in an `onRequest` hook
 * before the rate limiter and authentication run (a browser sends no credentials on them), and are
 * cached by the browser for ten minutes.
 */
export const installCors = async (app: FastifyInstance, opts: CorsOptions): Promise<void> => {
  await app.register(cors, {
    // an array holding '*' is any origin; otherwise the request's Origin is echoed only when listed
    origin: opts.origins.includes('*') ? '*' : [...opts.origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    // an OPTIONS without Origin or Access-Control-Request-Method gets the same 204, not a text/plain 400
    strictPreflight: false,
  })
}
