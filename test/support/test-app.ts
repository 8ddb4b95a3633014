import type { Authenticator } from '../../src/auth/authenticator.js'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { composeServer } from '../../src/composition.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
type Dialect = 'openschema' | 'confluent'
import type { AnalyzerOptions } from '../../src/services/analysis/analyzer.js'
import type { CorsOptions } from '../../src/http/cors.js'
import type { RateLimitOptions } from '../../src/http/rate-limit.js'
import type { EventStreamOptions } from '../../src/http/event-stream.js'
import { checkContract } from './contract-check.js'
import { openTestStore, primaryEngine, type TestStore } from './stores.js'

export const CONFLUENT = 'application/vnd.schemaregistry.v1+json'
export const OPENSCHEMA = 'application/vnd.openschema.v1+json'

export interface TestApp {
  app: FastifyInstance
  test: TestStore
  /** A request in the Confluent dialect (its media type on every request, as the clients send). */
  cf(method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse>
  /** A request in the OpenSchema dialect (the server default: no media type sent). */
  os(method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse>
  /** Registers an Avro (or `schemaType`) schema in the Confluent dialect and expects 200. */
  registered(subject: string, schema: string, extra?: Record<string, unknown>): Promise<{ id: number; version: number }>
  close(): Promise<void>
}

/**
 * The real app over a fresh real store, on the engine this run tests; every response is checked against openapi.yaml.
 * `wrapStore` puts a decorator between the app and the store (a fault test's lost commit, say).
 */
export const createTestApp = async (
  opts: {
    dialect?: Dialect
    bodyLimit?: number
    analysis?: AnalyzerOptions
    blobs?: BlobStore
    wrapStore?: (store: RegistryStore) => RegistryStore
    /** From an AUTH_FILE: requests then need credentials (pass them with `app.inject` headers). */
    auth?: Authenticator
    rateLimit?: RateLimitOptions
    cors?: CorsOptions
    /** The web console's files (`ui/dist` by default). */
    uiDir?: string
    /** The change stream's keep-alive and slow-reader timings (docs/EXTENSIONS.md §10). */
    events?: Partial<EventStreamOptions>
  } = {},
): Promise<TestApp> => {
  const test = await openTestStore(primaryEngine())
  const store = opts.wrapStore ? opts.wrapStore(test.store) : test.store
  const { app } = await composeServer({
    store,
    dialect: opts.dialect ?? 'openschema',
    bodyLimit: opts.bodyLimit,
    analysis: opts.analysis,
    blobs: opts.blobs,
    auth: opts.auth,
    rateLimit: opts.rateLimit,
    cors: opts.cors,
    uiDir: opts.uiDir,
    events: opts.events,
  })
  checkContract(app)
  await app.ready()
  const send = (type: string | undefined) => (method: InjectOptions['method'], url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: type ? { 'content-type': type, accept: type } : {},
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
  const cf = send(CONFLUENT)
  return {
    app,
    test,
    cf,
    os: send(undefined),
    async registered(subject, schema, extra = {}) {
      const res = await cf('POST', `/subjects/${subject}/versions`, { schema, ...extra })
      if (res.statusCode !== 200) throw new Error(`registering under ${subject} answered ${res.statusCode}: ${res.body}`)
      return res.json()
    },
    async close() {
      await app.close()
      await test.dispose()
    },
  }
}
