import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { composeServer, openStore } from '../../src/composition.js'
import { checkContract } from '../support/contract-check.js'
import { avro, orderV1, orderV2 } from '../support/schemas.js'
import { openTestStore, primaryEngine } from '../support/stores.js'
import { CONFLUENT, createTestApp, OPENSCHEMA, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §10: the change stream's long poll; events-stream.test.ts covers Server-Sent Events.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL)
const T = 'io.openschema.registry.'

interface CloudEvent {
  specversion: string
  id: string
  source: string
  type: string
  time: string
  subject: string
  datacontenttype: string
  data: Record<string, unknown>
}
interface Page {
  events: CloudEvent[]
  next: number
}

const poll = async (t: TestApp, query = '', headers: Record<string, string> = { accept: CONFLUENT }): Promise<Page> => {
  const res = await t.app.inject({ method: 'GET', url: `/events${query}`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

/** What a test compares: the type, the CloudEvent subject and the data. */
const brief = (e: CloudEvent) => ({ type: e.type.slice(T.length), subject: e.subject, data: e.data })

/** The seq of the newest change so far: later assertions look only after it. */
const mark = async (t: TestApp): Promise<number> => {
  let after = 0
  for (;;) {
    const page = await poll(t, `?after=${after}&limit=1000`)
    if (page.events.length === 0) return after
    after = page.next
  }
}

describe('GET /events (long poll)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('serves every kind of change as a CloudEvents 1.0 event, the same in both dialects', async () => {
    const v1 = await t.registered('orders', orderV1)
    const v2 = await t.registered('orders', orderV2)
    const ctx = await t.registered(':.team:pay', avro('Pay'))
    const calls: [string, string, unknown?][] = [
      ['PUT', '/config/orders', { compatibility: 'NONE' }],
      ['DELETE', '/config/orders'],
      ['PUT', '/config', { compatibility: 'FULL' }],
      ['PUT', '/config/:.__GLOBAL:', { compatibility: 'FULL_TRANSITIVE' }],
      ['PUT', '/mode/orders', { mode: 'READONLY' }],
      ['DELETE', '/mode/orders'],
      ['DELETE', '/subjects/orders/versions/2'],
      ['DELETE', '/subjects/orders/versions/2?permanent=true'],
      ['DELETE', '/subjects/orders'],
      ['DELETE', '/subjects/orders?permanent=true'],
    ]
    for (const [method, url, body] of calls) expect((await t.cf(method as 'PUT', url, body)).statusCode, `${method} ${url}`).toBe(200)
    // the OpenSchema upsert of a level is a config change
    expect((await t.os('POST', '/subjects/:.team:pay', { compatibility: 'forward' })).statusCode).toBe(200)

    const cf = await poll(t)
    const os = await t.app.inject({ method: 'GET', url: '/events', headers: { accept: OPENSCHEMA } })
    expect(os.headers['content-type']).toContain(OPENSCHEMA)
    expect(os.json()).toEqual(cf)
    const none = { version: null, id: null, schemaType: null }
    expect(cf.events.map(brief)).toEqual([
      { type: 'schema.registered', subject: 'orders', data: { context: '.', subject: 'orders', version: 1, id: v1.id, schemaType: 'AVRO' } },
      { type: 'schema.registered', subject: 'orders', data: { context: '.', subject: 'orders', version: 2, id: v2.id, schemaType: 'AVRO' } },
      { type: 'schema.registered', subject: ':.team:pay', data: { context: '.team', subject: 'pay', version: 1, id: ctx.id, schemaType: 'AVRO' } },
      { type: 'config.changed', subject: 'orders', data: { context: '.', subject: 'orders', ...none, config: { compatibilityLevel: 'NONE' } } },
      { type: 'config.changed', subject: 'orders', data: { context: '.', subject: 'orders', ...none, config: null } },
      { type: 'config.changed', subject: ':.:', data: { context: '.', subject: null, ...none, config: { compatibilityLevel: 'FULL' } } },
      { type: 'config.changed', subject: ':.__GLOBAL:', data: { context: '.__GLOBAL', subject: null, ...none, config: { compatibilityLevel: 'FULL_TRANSITIVE' } } },
      { type: 'mode.changed', subject: 'orders', data: { context: '.', subject: 'orders', ...none, mode: 'READONLY' } },
      { type: 'mode.changed', subject: 'orders', data: { context: '.', subject: 'orders', ...none, mode: null, recursive: false } },
      { type: 'version.deleted', subject: 'orders', data: { context: '.', subject: 'orders', version: 2, id: v2.id, schemaType: 'AVRO', permanent: false } },
      { type: 'version.deleted', subject: 'orders', data: { context: '.', subject: 'orders', version: 2, id: v2.id, schemaType: 'AVRO', permanent: true } },
      { type: 'subject.deleted', subject: 'orders', data: { context: '.', subject: 'orders', ...none, permanent: false, versions: [1] } },
      { type: 'subject.deleted', subject: 'orders', data: { context: '.', subject: 'orders', ...none, permanent: true, versions: [1] } },
      { type: 'config.changed', subject: ':.team:pay', data: { context: '.team', subject: 'pay', ...none, config: { compatibilityLevel: 'FORWARD' } } },
    ])
    // the envelope, and seqs strictly increasing with next the last one
    const ids = cf.events.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
    expect(cf.next).toBe(ids.at(-1))
    for (const e of cf.events) {
      expect(e).toMatchObject({ specversion: '1.0', source: '/schema-registry', datacontenttype: 'application/json' })
      expect(Date.parse(e.time)).toBeGreaterThan(Date.now() - 120_000)
    }
  })

  it('maps a promotion of staged schemas (the action the staging service writes) to staging.promoted', async () => {
    const after = await mark(t)
    const promoted = [{ subject: 'a', id: 1, version: 3 }]
    await t.test.store.transaction((tx) => tx.appendEvent({ action: 'staging.promote', context: '.team', detail: { promoted } }))
    expect((await poll(t, `?after=${after}`)).events.map(brief)).toEqual([
      { type: 'staging.promoted', subject: ':.team:', data: { context: '.team', subject: null, version: null, id: null, schemaType: null, promoted } },
    ])
  })

  it('leaves out what is not a change: claims, refusals, attribute upserts, a re-registration and a context delete', async () => {
    const after = await mark(t)
    const claim = await t.cf('POST', '/subjects/claimed/owner')
    expect(claim.statusCode).toBe(200)
    // refused without the token (403): an audit row, not a change
    expect((await t.cf('POST', '/subjects/claimed/versions', { schema: orderV1 })).statusCode).toBe(403)
    expect((await t.os('POST', '/subjects/plain', { description: 'no level' })).statusCode).toBe(200)
    await t.registered(':.gone:x', avro('Gone'))
    await t.registered(':.gone:x', avro('Gone'))
    await t.cf('DELETE', '/subjects/:.gone:x')
    await t.cf('DELETE', '/subjects/:.gone:x?permanent=true')
    expect((await t.cf('DELETE', '/contexts/.gone')).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'DELETE', url: '/subjects/claimed/owner', headers: { 'x-subject-token': claim.json().token } })).statusCode).toBe(204)
    const page = await poll(t, `?after=${after}`)
    expect(page.events.map((e) => e.type.slice(T.length))).toEqual(['schema.registered', 'subject.deleted', 'subject.deleted'])
  })

  it('filters by subject, subject prefix, context, types and the context prefix', async () => {
    const after = await mark(t)
    await t.registered('f-orders', orderV1)
    await t.registered('f-other', avro('Other'))
    await t.registered(':.f-ctx:f-orders', avro('CtxOrders'))
    await t.cf('PUT', '/config/:.f-ctx:', { compatibility: 'NONE' })
    await t.cf('PUT', '/mode/f-orders', { mode: 'READONLY' })
    const subjects = async (query: string, url = '/events') => {
      const res = await t.app.inject({ method: 'GET', url: `${url}?after=${after}${query}`, headers: { accept: CONFLUENT } })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json() as Page).events.map((e) => `${e.type.slice(T.length)} ${e.subject}`)
    }
    expect(await subjects('&subject=f-orders')).toEqual(['schema.registered f-orders', 'mode.changed f-orders'])
    expect(await subjects('&subject=:.f-ctx:f-orders')).toEqual(['schema.registered :.f-ctx:f-orders'])
    expect(await subjects('&subjectPrefix=f-o')).toEqual(['schema.registered f-orders', 'schema.registered f-other', 'mode.changed f-orders'])
    expect(await subjects('&subjectPrefix=:*:f-or')).toEqual(['schema.registered f-orders', 'schema.registered :.f-ctx:f-orders', 'mode.changed f-orders'])
    expect(await subjects('&subjectPrefix=:.f-ctx:f')).toEqual(['schema.registered :.f-ctx:f-orders'])
    expect(await subjects('&context=.f-ctx')).toEqual(['schema.registered :.f-ctx:f-orders', 'config.changed :.f-ctx:'])
    expect(await subjects('&context=f-ctx')).toEqual(['schema.registered :.f-ctx:f-orders', 'config.changed :.f-ctx:'])
    expect(await subjects(`&types=${T}mode.changed,${T}config.changed`)).toEqual(['config.changed :.f-ctx:', 'mode.changed f-orders'])
    expect(await subjects(`&types=${T}version.deleted`)).toEqual([])
    // a context prefix keeps the stream in the context; unqualified names resolve in it
    expect(await subjects('', '/contexts/.f-ctx/events')).toEqual(['schema.registered :.f-ctx:f-orders', 'config.changed :.f-ctx:'])
    expect(await subjects('&subject=f-orders', '/contexts/.f-ctx/events')).toEqual(['schema.registered :.f-ctx:f-orders'])
    expect(await subjects('&context=.', '/contexts/.f-ctx/events')).toEqual([])
    // the dialect prefix changes nothing in the events
    expect(await subjects('&subject=f-other', '/apis/openschema/v1/events')).toEqual(['schema.registered f-other'])
  })

  it('pages with limit and next, and answers next = after when nothing follows', async () => {
    const after = await mark(t)
    for (const n of [1, 2, 3]) await t.registered(`page-${n}`, avro(`Page${n}`))
    const first = await poll(t, `?after=${after}&limit=2`)
    expect(first.events.map((e) => e.subject)).toEqual(['page-1', 'page-2'])
    const second = await poll(t, `?after=${first.next}&limit=2`)
    expect(second.events.map((e) => e.subject)).toEqual(['page-3'])
    expect(await poll(t, `?after=${second.next}`)).toEqual({ events: [], next: second.next })
  })

  it('waits up to wait seconds for the first event, and answers as soon as one commits', async () => {
    const after = await mark(t)
    let started = Date.now()
    expect(await poll(t, `?after=${after}&wait=0.3`)).toEqual({ events: [], next: after })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    started = Date.now()
    const waiting = poll(t, `?after=${after}&wait=20`)
    setTimeout(() => void t.registered('woken', avro('Woken')), 200)
    const page = await waiting
    expect(page.events.map((e) => e.subject)).toEqual(['woken'])
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it.each([
    ['confluent', CONFLUENT, 'error_code'],
    ['openschema', OPENSCHEMA, 'errorCode'],
  ])('refuses bad parameters with 422 / 422 in %s', async (_name, type, key) => {
    for (const query of ['after=x', 'after=-1', 'wait=61', 'wait=soon', 'limit=0', 'limit=1001', 'types=schema.registered', `types=${T}schema.registered,nope`, 'subject=:.ctx:']) {
      const res = await t.app.inject({ method: 'GET', url: `/events?${query}`, headers: { accept: type } })
      expect(res.statusCode, query).toBe(422)
      expect(res.json(), query).toMatchObject({ [key]: 422 })
    }
    const header = await t.app.inject({ method: 'GET', url: '/events', headers: { accept: type, 'last-event-id': 'abc' } })
    expect(header.statusCode).toBe(422)
    expect(header.json()[key]).toBe(422)
  })
})

describe('GET /events with grants (AUTH_FILE)', () => {
  let t: TestApp
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:pw`).toString('base64')}`
  const as = (user: string, query = '') => poll(t, query, { accept: CONFLUENT, authorization: basic(user) })
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        `
users: [{ name: admin, password: pw }, { name: scoped, password: pw }, { name: team, password: pw }, { name: global, password: pw }]
grants:
  - { principal: admin, role: admin }
  - { principal: scoped, role: reader, subjects: ["open-"] }
  - { principal: team, role: reader, context: ".team" }
  - { principal: global, role: reader }
`,
        'events grants',
      ),
    )
    t = await createTestApp({ auth })
    const admin = (method: 'POST' | 'PUT', url: string, body: unknown) =>
      t.app.inject({ method, url, headers: { 'content-type': CONFLUENT, authorization: basic('admin') }, payload: JSON.stringify(body) })
    for (const s of ['hidden-a', 'hidden-b', 'open-a', 'hidden-c', ':.team:open-t', ':.team:hidden-t']) {
      expect((await admin('POST', `/subjects/${s}/versions`, { schema: avro('G') })).statusCode).toBe(200)
    }
    expect((await admin('PUT', '/config', { compatibility: 'NONE' })).statusCode).toBe(200)
    expect((await admin('PUT', '/config/:.__GLOBAL:', { compatibility: 'NONE' })).statusCode).toBe(200)
    expect((await admin('PUT', '/config/:.team:', { compatibility: 'FULL' })).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('shows each caller only the events of what it may read', async () => {
    const subjects = async (user: string) => (await as(user)).events.map((e) => e.subject)
    expect(await subjects('scoped')).toEqual(['open-a', ':.team:open-t'])
    expect(await subjects('team')).toEqual([':.team:open-t', ':.team:hidden-t', ':.team:'])
    const all = ['hidden-a', 'hidden-b', 'open-a', 'hidden-c', ':.team:open-t', ':.team:hidden-t', ':.:', ':.__GLOBAL:', ':.team:']
    expect(await subjects('global')).toEqual(all)
    expect(await subjects('admin')).toEqual(all)
  })

  it('fills a page with visible events, and filters within them', async () => {
    const page = await as('scoped', '?limit=1')
    expect(page.events.map((e) => e.subject)).toEqual(['open-a'])
    const rest = await as('scoped', `?after=${page.next}&limit=1`)
    expect(rest.events.map((e) => e.subject)).toEqual([':.team:open-t'])
    expect((await as('scoped', '?subject=hidden-a')).events).toEqual([])
  })

  it('needs credentials', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/events', headers: { accept: CONFLUENT } })
    expect(res.statusCode).toBe(401)
  })
})

describe('resuming after a restart', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('serves the events after the resume point from the durable log of a reopened server', async () => {
    const engine = primaryEngine()
    const dataDir = engine === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'registry-events-')) : undefined
    if (dataDir) dirs.push(dataDir)
    const first = await openTestStore(engine, { dataDir })
    const a = checkContract((await composeServer({ store: first.store })).app)
    const register = (app: typeof a, subject: string) =>
      app.inject({ method: 'POST', url: `/subjects/${subject}/versions`, headers: { 'content-type': CONFLUENT }, payload: { schema: avro(subject) } })
    expect((await register(a, 'before1')).statusCode).toBe(200)
    const seen = (await a.inject({ method: 'GET', url: '/events' })).json() as Page
    expect(seen.events.map((e) => e.subject)).toEqual(['before1'])
    expect((await register(a, 'before2')).statusCode).toBe(200)
    await a.close()
    await first.store.close()

    const store = await openStore(dataDir ? { dataDir } : { databaseUrl: first.databaseUrl })
    const b = checkContract((await composeServer({ store })).app)
    expect((await register(b, 'after')).statusCode).toBe(200)
    const resumed = (await b.inject({ method: 'GET', url: `/events?after=${seen.next}` })).json() as Page
    expect(resumed.events.map((e) => e.subject)).toEqual(['before2', 'after'])
    expect(Number(resumed.events[0]!.id)).toBeGreaterThan(seen.next)
    await b.close()
    await store.close()
    if (!dataDir) await first.dispose()
  }, 120_000)
})

describe.skipIf(!onPostgres)('commit order on PostgreSQL', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('makes a write wait while another transaction holds an uncommitted event, so no smaller seq commits later', async () => {
    const after = await mark(t)
    const raw = new pg.Client({ connectionString: t.test.databaseUrl })
    await raw.connect()
    try {
      // a writer half-way through its commit: the lock taken, its change row inserted, not committed
      await raw.query('BEGIN')
      await raw.query(`select pg_advisory_xact_lock(hashtextextended('registry-events:' || current_schema(), 0))`)
      await raw.query(`insert into events (action, context, subject, version, schema_id) values ('schema.register', '.', 'slow', 1, 1)`)
      let done = false
      const racing = t.registered('fast', avro('Fast')).then(() => (done = true))
      await new Promise((r) => setTimeout(r, 500))
      // the other registration waits for the lock instead of committing a larger seq first
      expect(done).toBe(false)
      expect((await poll(t, `?after=${after}`)).events).toEqual([])
      await raw.query('COMMIT')
      await racing
      expect((await poll(t, `?after=${after}`)).events.map((e) => e.subject)).toEqual(['slow', 'fast'])
    } finally {
      await raw.end()
    }
  })

  it('never lets a reader that follows next skip an event while writers commit concurrently', async () => {
    const after = await mark(t)
    const writers = 24
    let writing = true
    const seen: number[] = []
    const reader = (async () => {
      let cursor = after
      for (;;) {
        // read before the page: once the writers have answered, a page that is empty is the end
        const last = !writing
        const page = await poll(t, `?after=${cursor}&limit=1000`)
        seen.push(...page.events.map((e) => Number(e.id)))
        cursor = page.next
        if (last && page.events.length === 0) break
      }
    })()
    await Promise.all(Array.from({ length: writers }, (_, i) => t.registered(`conc-${i}`, avro(`Conc${i}`))))
    writing = false
    await reader
    const all = (await poll(t, `?after=${after}&limit=1000`)).events.map((e) => Number(e.id))
    expect(all).toHaveLength(writers)
    // the reader saw exactly the committed events, in order, none skipped
    expect(seen).toEqual(all)
  })
})
