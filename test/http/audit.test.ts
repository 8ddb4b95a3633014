import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { safeLogger } from '../../src/composition.js'
import type { AuditEvent } from '../../src/domain/audit.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §3.4: every write, and every request refused with 401, 403 or 409, is an event
// of the audit log; GET /audit lists them for admins.

const CONFLUENT = 'application/vnd.schemaregistry.v1+json'
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const ALICE = basic('alice', 'alice-pw')
const BOB = basic('bob', 'bob-pw')
const avro = (...fields: string[]) => JSON.stringify({ type: 'record', name: 'R', fields: fields.map((name) => ({ name, type: 'int', default: 0 })) })

const AUTH = `
users:
  - { name: alice, password: "alice-pw" }
  - { name: bob, password: "bob-pw" }
anonymous: none
grants:
  - { principal: alice, role: admin }
  - { principal: bob, role: writer, subjects: ["orders-"] }
`

const eventually = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
  for (let i = 0; ; i++) {
    const v = await read()
    if (done(v) || i >= 50) return v
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('the audit log with AUTH_FILE', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ auth: createAuthenticator(parseAuthFile(AUTH, 'test')) })
  })
  afterAll(async () => {
    await t?.close()
  })

  const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, authorization?: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url,
      headers: { 'content-type': CONFLUENT, accept: CONFLUENT, 'user-agent': 'audit-test/1.0', ...(authorization ? { authorization } : {}), ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  const audit = async (query: string): Promise<{ events: AuditEvent[]; next: number | null }> => {
    const res = await req('GET', `/audit?${query}`, ALICE)
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }
  /** The events matching the query once `count` of them are there (refusals are recorded after the answer). */
  const eventsOf = async (query: string, count: number) =>
    (
      await eventually(
        () => audit(query),
        (p) => p.events.length >= count,
      )
    ).events

  it('records a registration by a writer with who, what, how and the content hash', async () => {
    const res = await req('POST', '/subjects/orders-reg/versions', BOB, { schema: avro('a') }, { 'x-request-id': 'req-reg-1' })
    expect(res.statusCode).toBe(200)
    const { id } = res.json() as { id: number }
    const [e] = await eventsOf('subject=orders-reg', 1)
    expect(e).toMatchObject({
      event_type: 'schema_register',
      outcome: 'success',
      actor_id: 'bob',
      actor_type: 'user',
      auth_method: 'basic',
      role: 'writer',
      target_type: 'subject',
      target_id: 'orders-reg',
      context: '.',
      subject: 'orders-reg',
      schema_id: id,
      version: 1,
      schema_type: 'AVRO',
      before_hash: null,
      source_ip: '127.0.0.1',
      user_agent: 'audit-test/1.0',
      method: 'POST',
      path: '/subjects/orders-reg/versions',
      status_code: 200,
      reason: null,
      request_id: 'req-reg-1',
    })
    expect(e!.after_hash).toMatch(/\S{16,}/)
    expect(e!.duration_ms).toBeGreaterThanOrEqual(0)
    expect(Date.parse(e!.timestamp)).toBeGreaterThan(Date.now() - 60_000)

    // a second version: before_hash is the first version's content hash; re-registering writes nothing
    expect((await req('POST', '/subjects/orders-reg/versions', BOB, { schema: avro('a', 'b') })).statusCode).toBe(200)
    expect((await req('POST', '/subjects/orders-reg/versions', BOB, { schema: avro('a', 'b') })).statusCode).toBe(200)
    const events = await eventsOf('subject=orders-reg', 2)
    expect(events).toHaveLength(2)
    expect(events[1]!.before_hash).toBe(e!.after_hash)
    expect(events[1]!.after_hash).not.toBe(e!.after_hash)
  })

  it('records config, mode and deletes by an admin, with config hashes', async () => {
    expect((await req('POST', '/subjects/orders-adm/versions', BOB, { schema: avro('a') })).statusCode).toBe(200)
    expect((await req('POST', '/subjects/orders-adm/versions', BOB, { schema: avro('a', 'b') })).statusCode).toBe(200)
    expect((await req('PUT', '/config/orders-adm', ALICE, { compatibility: 'FULL' })).statusCode).toBe(200)
    expect((await req('PUT', '/config/orders-adm', ALICE, { compatibility: 'NONE' })).statusCode).toBe(200)
    expect((await req('DELETE', '/config/orders-adm', ALICE)).statusCode).toBe(200)
    expect((await req('PUT', '/mode/orders-adm', ALICE, { mode: 'READONLY' })).statusCode).toBe(200)
    expect((await req('DELETE', '/mode/orders-adm', ALICE)).statusCode).toBe(200)
    expect((await req('DELETE', '/subjects/orders-adm/versions/1', ALICE)).statusCode).toBe(200)
    expect((await req('DELETE', '/subjects/orders-adm', ALICE)).statusCode).toBe(200)
    const events = (await eventsOf('subject=orders-adm', 9)).slice(1)
    expect(events.map((e) => e.event_type)).toEqual([
      'schema_register',
      'config_update',
      'config_update',
      'config_delete',
      'mode_update',
      'mode_delete',
      'version_delete',
      'subject_delete',
    ])
    for (const e of events.slice(1)) expect(e).toMatchObject({ outcome: 'success', actor_id: 'alice', role: 'admin', auth_method: 'basic', status_code: 200 })
    const [, full, none, deleted] = events
    expect(full!.before_hash).toBeNull()
    expect(full!.after_hash).toMatch(/^sha256:/)
    expect(none!.before_hash).toBe(full!.after_hash)
    expect(deleted!.before_hash).toBe(none!.after_hash)
    expect(deleted!.after_hash).toBeNull()
    expect(events[6]).toMatchObject({ version: 1, schema_type: 'AVRO', before_hash: events[0]!.before_hash }) // version 1 was the latest before version 2
  })

  it('records a 401 as denied with its reason, and never the password', async () => {
    const res = await req('POST', '/subjects/orders-401/versions', basic('bob', 'S3cret-Pa55'), { schema: avro('a') })
    expect(res.statusCode).toBe(401)
    const [e] = await eventsOf('subject=orders-401', 1)
    expect(e).toMatchObject({
      event_type: 'schema_register',
      outcome: 'denied',
      actor_id: 'bob',
      auth_method: 'basic',
      role: null,
      status_code: 401,
      target_id: 'orders-401',
      path: '/subjects/orders-401/versions',
    })
    expect(e!.reason).toBeTruthy()
    const row = JSON.stringify(e)
    expect(row).not.toContain('S3cret-Pa55')
    expect(row).not.toContain(Buffer.from('bob:S3cret-Pa55').toString('base64'))
    expect(row).not.toContain('"name":"a"') // no schema text either
  })

  it('records a 403 as denied, and a refused read as event type read', async () => {
    // a refusal is recorded once answered: wait for each, so that the order is the requests'
    expect((await req('POST', '/subjects/payments-403/versions', BOB, { schema: avro('a') })).statusCode).toBe(403)
    await eventsOf('subject=payments-403', 1)
    expect((await req('GET', '/subjects/payments-403/versions', BOB)).statusCode).toBe(403)
    await eventsOf('subject=payments-403', 2)
    expect((await req('GET', '/subjects/payments-403/versions')).statusCode).toBe(401)
    const events = await eventsOf('subject=payments-403', 3)
    expect(events.map((e) => [e.event_type, e.outcome, e.status_code, e.actor_id])).toEqual([
      ['schema_register', 'denied', 403, 'bob'],
      ['read', 'denied', 403, 'bob'],
      ['read', 'denied', 401, 'anonymous'],
    ])
    expect(events[0]!.reason).toMatch(/bob may not write/)
    expect(events[0]!.role).toBeNull()
    expect(events[2]).toMatchObject({ actor_type: 'anonymous', auth_method: 'anonymous' })
  })

  it('records a 409 (incompatible schema) as rejected', async () => {
    expect((await req('POST', '/subjects/orders-409/versions', BOB, { schema: avro('a') })).statusCode).toBe(200)
    const res = await req('POST', '/subjects/orders-409/versions', BOB, { schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] }) })
    expect(res.statusCode).toBe(409)
    const events = await eventsOf('subject=orders-409', 2)
    expect(events[1]).toMatchObject({ event_type: 'schema_register', outcome: 'rejected', status_code: 409, actor_id: 'bob', role: 'writer' })
    expect(events[1]!.reason).toBe('Schema being registered is incompatible with an earlier schema for subject "orders-409"')
    expect(res.json().message).toContain('oldSchema') // the answer quotes schema text; the audit does not
    expect(await eventsOf('subject=orders-409&outcome=rejected', 1)).toHaveLength(1)
  })

  it('records the path as sent, prefixes included, and shows a context admin only its context', async () => {
    expect((await req('POST', '/apis/ccompat/v7/contexts/.audit-ctx/subjects/orders-ctx/versions', BOB, { schema: avro('a') })).statusCode).toBe(200)
    const [e] = await eventsOf('subject=:.audit-ctx:orders-ctx', 1)
    expect(e).toMatchObject({
      context: '.audit-ctx',
      subject: 'orders-ctx',
      target_id: ':.audit-ctx:orders-ctx',
      path: '/apis/ccompat/v7/contexts/.audit-ctx/subjects/orders-ctx/versions',
    })
    const inContext = (await req('GET', '/contexts/.audit-ctx/audit', ALICE)).json() as { events: AuditEvent[] }
    expect(inContext.events.length).toBeGreaterThan(0)
    expect(inContext.events.every((x) => x.context === '.audit-ctx')).toBe(true)
  })

  it('filters by event type, outcome and time, and pages with next', async () => {
    for (const s of ['orders-page-1', 'orders-page-2', 'orders-page-3']) expect((await req('POST', `/subjects/${s}/versions`, BOB, { schema: avro('a') })).statusCode).toBe(200)
    const since = new Date(Date.now() - 60_000).toISOString()
    const all = await eventsOf(`event_type=schema_register&outcome=success&since=${encodeURIComponent(since)}&limit=1000`, 3)
    expect(all.every((e) => e.event_type === 'schema_register' && e.outcome === 'success')).toBe(true)
    const seqs = all.map((e) => e.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    // keyset paging: two at a time until next is null
    const paged: number[] = []
    let after: number | null = 0
    while (after !== null) {
      const page: { events: AuditEvent[]; next: number | null } = await audit(`event_type=schema_register&outcome=success&limit=2&after=${after}`)
      expect(page.events.length).toBeLessThanOrEqual(2)
      paged.push(...page.events.map((e) => e.seq))
      after = page.next
    }
    expect(paged).toEqual(seqs)
    expect((await audit(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).events).toEqual([])
    expect((await audit('outcome=success&limit=1')).next).not.toBeNull()
  })

  it('refuses bad filters (404, as any bad query parameter) and is admin-only', async () => {
    for (const q of ['limit=0', 'limit=1001', 'after=x', 'since=yesterday', 'event_type=nope', 'outcome=maybe']) {
      expect((await req('GET', `/audit?${q}`, ALICE)).statusCode, q).toBe(404)
    }
    expect((await req('GET', '/audit', BOB)).statusCode).toBe(403)
    expect((await req('GET', '/audit')).statusCode).toBe(401)
    const os = await t.app.inject({ method: 'GET', url: '/audit?limit=1', headers: { authorization: ALICE } })
    expect(os.statusCode).toBe(200)
    expect(Object.keys(os.json())).toEqual(['events', 'next'])
  })
})

describe('the audit log without AUTH_FILE', () => {
  let t: TestApp
  let failAfterEvent = false
  /** A registration that fails after its event was appended: the transaction must take both back. */
  const wrap = (store: RegistryStore): RegistryStore => ({
    ...store,
    transaction: (fn) =>
      store.transaction((tx) =>
        fn({
          ...tx,
          appendEvent: async (e) => {
            await tx.appendEvent(e)
            if (failAfterEvent) throw new Error('lost after the event')
          },
        }),
      ),
  })
  beforeAll(async () => {
    t = await createTestApp({ dialect: 'confluent', wrapStore: wrap })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('records writes as the anonymous actor', async () => {
    await t.registered('anon-subject', avro('a'))
    const res = await t.cf('GET', '/audit?subject=anon-subject')
    expect(res.statusCode).toBe(200)
    expect(res.json().events).toMatchObject([
      { event_type: 'schema_register', outcome: 'success', actor_id: 'anonymous', actor_type: 'anonymous', auth_method: 'anonymous', role: 'admin' },
    ])
  })

  it('a write and its event are one transaction: a failure after the event leaves neither', async () => {
    failAfterEvent = true
    try {
      expect((await t.cf('POST', '/subjects/atomic-subject/versions', { schema: avro('a') })).statusCode).toBe(500)
    } finally {
      failAfterEvent = false
    }
    expect((await t.cf('GET', '/subjects/atomic-subject/versions')).statusCode).toBe(404)
    expect((await t.cf('GET', '/audit?subject=atomic-subject')).json()).toEqual({ events: [], next: null })
  })

  it('records a context delete with its 204', async () => {
    const res = await t.cf('DELETE', '/contexts/.gone')
    expect(res.statusCode).toBe(204)
    const events = (await t.cf('GET', '/audit?event_type=context_delete')).json().events as AuditEvent[]
    expect(events.at(-1)).toMatchObject({ target_type: 'context', target_id: '.gone', status_code: 204, outcome: 'success' })
  })
})

describe("the server's log", () => {
  it('logs a request as method, URL and address: no credential header, no body', async () => {
    const lines: string[] = []
    const app = Fastify({ logger: { ...safeLogger('info'), stream: { write: (line: string) => void lines.push(line) } } })
    app.post('/x', async () => ({ ok: true }))
    await app.inject({
      method: 'POST',
      url: '/x',
      headers: { authorization: basic('bob', 'S3cret-Pa55'), 'x-subject-token': 'tok-123', 'content-type': 'application/json' },
      payload: JSON.stringify({ schema: 'secret-schema-text' }),
    })
    await app.close()
    const log = lines.join('\n')
    expect(log).toContain('"url":"/x"')
    for (const secret of ['S3cret', Buffer.from('bob:S3cret-Pa55').toString('base64'), 'tok-123', 'secret-schema-text']) expect(log).not.toContain(secret)
  })
})
