import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { createFsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { composeServer, openStore } from '../../src/composition.js'
import { RegistryError } from '../../src/errors/registry-error.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { checkContract } from '../support/contract-check.js'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §4.1: liveness, and readiness that really asks the database and the file store.

/** The fs store behind a switch: off, every call fails as the port says a broken store fails; hung, none answers. */
const switchable = (inner: BlobStore) => {
  let state: 'on' | 'off' | 'hung' = 'on'
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    if (state === 'off') throw new RegistryError('STORAGE_ERROR', { reason: 'the file store is switched off' })
    if (state === 'hung') return new Promise<T>(() => {})
    return call()
  }
  const blobs: BlobStore = {
    locator: (key) => inner.locator(key),
    create: (key, body, type) => guard(() => inner.create(key, body, type)),
    read: (key) => guard(() => inner.read(key)),
    list: (prefix) => guard(() => inner.list(prefix)),
    move: (from, to) => guard(() => inner.move(from, to)),
  }
  return { blobs, set: (s: typeof state) => void (state = s) }
}

/** No media type (OpenSchema, the server default) and the Confluent one. */
const DIALECT_HEADERS: Record<string, string>[] = [{}, { accept: CONFLUENT }]

const ready = (app: FastifyInstance, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/health/ready', headers })

const UP_WITH_FILES = { status: 'UP', checks: { database: 'UP', files: 'UP' } }

describe('health with a file store', () => {
  let t: TestApp
  let dir: string
  let files: ReturnType<typeof switchable>
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registry-health-'))
    files = switchable(createFsBlobStore(path.join(dir, 'files')))
    t = await createTestApp({ blobs: files.blobs })
  })
  afterAll(async () => {
    await t.close()
    await rm(dir, { recursive: true, force: true })
  })

  it.each([
    ['no media type (OpenSchema, the default)', {}],
    ['the Confluent media type', { accept: CONFLUENT, 'content-type': CONFLUENT }],
  ])('answers live and ready with the same body, in JSON, whatever the dialect: %s', async (_, headers) => {
    const live = await t.app.inject({ method: 'GET', url: '/health/live', headers })
    expect(live.statusCode).toBe(200)
    expect(live.json()).toEqual({ status: 'UP' })
    expect(live.headers['content-type']).toMatch(/json/)
    const res = await ready(t.app, headers)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(UP_WITH_FILES)
    expect(res.headers['content-type']).toMatch(/json/)
  })

  it('answers under a dialect prefix too', async () => {
    for (const prefix of ['/apis/ccompat/v7', '/apis/openschema/v1']) {
      const res = await t.app.inject({ method: 'GET', url: `${prefix}/health/ready` })
      expect(res.statusCode, prefix).toBe(200)
      expect(res.json()).toEqual(UP_WITH_FILES)
    }
  })

  it('is not ready while the file store fails, and ready again once it is back, without a restart', async () => {
    files.set('off')
    try {
      for (const headers of DIALECT_HEADERS) {
        const res = await ready(t.app, headers)
        expect(res.statusCode).toBe(503)
        // a health body, not an error body, in either dialect
        expect(res.json()).toEqual({ status: 'DOWN', checks: { database: 'UP', files: 'DOWN' } })
      }
      // liveness asks no dependency
      expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
    } finally {
      files.set('on')
    }
    const back = await ready(t.app)
    expect(back.statusCode).toBe(200)
    expect(back.json()).toEqual(UP_WITH_FILES)
  })

  it('answers 503 within the timeout when the file store does not answer at all', async () => {
    files.set('hung')
    try {
      const started = Date.now()
      const res = await ready(t.app)
      expect(res.statusCode).toBe(503)
      expect(res.json()).toEqual({ status: 'DOWN', checks: { database: 'UP', files: 'DOWN' } })
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      files.set('on')
    }
    expect((await ready(t.app)).statusCode).toBe(200)
  })
})

describe('health without a file store (BLOB_STORE=none)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('checks the database only', async () => {
    for (const headers of DIALECT_HEADERS) {
      const res = await ready(t.app, headers)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ status: 'UP', checks: { database: 'UP' } })
    }
  })

  it('is not ready once the store is closed (a database that is gone), and still alive', async () => {
    // on PGlite the embedded database lives in the store: closed, it cannot come back without a
    // restart; the PostgreSQL outage below shows the way back
    await t.test.store.close()
    const res = await ready(t.app)
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ status: 'DOWN', checks: { database: 'DOWN' } })
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
  })
})

describe('health with a database that does not answer', () => {
  it('answers 503 within the timeout instead of hanging', async () => {
    const store = await openStore({})
    let hung = true
    // the real store, except that its ping can be made to hang, as a query to a stuck database does
    const hanging: RegistryStore = { ...store, ping: () => (hung ? new Promise(() => {}) : store.ping()) }
    const { app } = await composeServer({ store: hanging })
    checkContract(app)
    try {
      const started = Date.now()
      const res = await ready(app)
      expect(res.statusCode).toBe(503)
      expect(res.json()).toEqual({ status: 'DOWN', checks: { database: 'DOWN' } })
      expect(Date.now() - started).toBeLessThan(5000)
      hung = false
      expect((await ready(app)).statusCode).toBe(200)
    } finally {
      await app.close()
      await store.close()
    }
  })
})

describe.skipIf(!process.env.TEST_DATABASE_URL)('health through a PostgreSQL outage (TEST_DATABASE_URL)', () => {
  // A database of its own: refusing connections to it touches no other test's schema.
  const base = process.env.TEST_DATABASE_URL!
  const database = `health_${randomBytes(5).toString('hex')}`
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: base })
    await c.connect()
    try {
      await c.query(query)
    } finally {
      await c.end()
    }
  }
  let store: RegistryStore
  let app: FastifyInstance

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`)
    const url = new URL(base)
    url.pathname = `/${database}`
    store = await openStore({ databaseUrl: url.toString(), poolSize: 3 })
    ;({ app } = await composeServer({ store }))
    checkContract(app)
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await store?.close().catch(() => undefined)
    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`).catch(() => undefined)
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  })

  it('answers 503 while the database refuses the app, and 200 again once it accepts, without a restart', async () => {
    expect((await ready(app)).json()).toEqual({ status: 'UP', checks: { database: 'UP' } })
    await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`)
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`)
    try {
      for (const headers of DIALECT_HEADERS) {
        const down = await ready(app, headers)
        expect(down.statusCode).toBe(503)
        expect(down.json()).toEqual({ status: 'DOWN', checks: { database: 'DOWN' } })
      }
      // the API itself fails as a storage error meanwhile
      expect((await app.inject({ method: 'GET', url: '/subjects' })).statusCode).toBe(500)
    } finally {
      await admin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`)
    }
    const back = await ready(app)
    expect(back.statusCode).toBe(200)
    expect(back.json()).toEqual({ status: 'UP', checks: { database: 'UP' } })
    expect((await app.inject({ method: 'GET', url: '/subjects' })).statusCode).toBe(200)
  })
})
