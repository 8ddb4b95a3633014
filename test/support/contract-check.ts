import { appendFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach } from 'vitest'
import { openApiValidator, type ObservedResponse } from './openapi-validator.js'

/**
 * Every response of every app the tests build is checked against openapi.yaml; a response that
 * drifts from the document fails the test that caused it.
 *
 * Violations are kept here until the next afterEach (or the file's afterAll, for requests made in
 * beforeAll) throws them. Those hooks are registered when a test file imports this module, the way
 * testing libraries install their auto-cleanup: the suite being collected then is that file's.
 */
const pending: string[] = []
let validated = 0
const seen = new Map<string, number>()

const flush = () => {
  if (pending.length === 0) return
  const found = pending.splice(0)
  throw new Error(`${found.length} response(s) drift from openapi.yaml:\n${found.join('\n')}`)
}
afterEach(flush)
afterAll(() => {
  // OPENAPI_COVERAGE=<file> appends one line per checked method/route/status: how a full run is counted
  const file = process.env.OPENAPI_COVERAGE
  if (file) for (const [key, n] of seen) appendFileSync(file, `${key}\t${n}\n`)
  seen.clear()
  flush()
})

const bodyText = (payload: unknown): string | undefined => {
  if (payload === null || payload === undefined) return ''
  if (typeof payload === 'string') return payload
  if (Buffer.isBuffer(payload)) return payload.toString('utf8')
  return undefined // a stream: only the docs plugins send those
}

const recordResponse = (res: ObservedResponse) => {
  const key = `${res.method} ${res.route ?? '(unmatched)'} ${res.status}`
  let problems: string[]
  try {
    problems = openApiValidator().check(res)
  } catch (e) {
    // a broken document (bad ref, bad schema) must fail the test, never change the response
    problems = [`the validator failed: ${(e as Error).message}`]
  }
  validated += 1
  seen.set(key, (seen.get(key) ?? 0) + 1)
  for (const p of problems) pending.push(`${key}: ${p}`)
}

/** How many responses this test process has checked (and, so, that the hook is live). */
export const validatedCount = () => validated

/** Takes the violations not yet thrown, so a test can assert on a drift it provokes on purpose. */
export const takeViolations = (): string[] => pending.splice(0)

/**
 * Checks every response `app` sends against openapi.yaml. Call before `ready()`/`listen()`: the hook
 * is added last so it sees the final content type the app's own onSend hook set.
 */
export const checkContract = (app: FastifyInstance): FastifyInstance => {
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url
    // Swagger UI and the served spec, and the web console's files, are not operations of the API
    if (route === '/docs' || route?.startsWith('/docs/') || route === '/ui' || route?.startsWith('/ui/')) return payload
    // nor are CORS preflights (@fastify/cors's `OPTIONS *` route, there only with CORS_ORIGINS set)
    if (request.method === 'OPTIONS' && route === '*') return payload
    const body = bodyText(payload)
    if (body === undefined) {
      pending.push(`${request.method} ${route ?? request.url} ${reply.statusCode}: streamed body, not checked against openapi.yaml`)
      return payload
    }
    recordResponse({ method: request.method, route, status: reply.statusCode, contentType: reply.getHeader('content-type') as string | undefined, body })
    return payload
  })
  return app
}
