/**
 * `watch: true` and `onChange`: the client's change stream, its effect on `latest`, reconnection with
 * backoff and resume with `Last-Event-ID`.
 *
 * `GET /events` is being built on another branch, so it is served here by a small node:http server
 * that speaks exactly the contract's format (the change stream's section of docs/EXTENSIONS.md, summed up in §11: `id:` the
 * seq, `event:` the type, `data:` a CloudEvents 1.0 JSON object, `:` keep-alive comments) and forwards
 * every other request to the real registry, whose registrations the test then announces as the
 * registry would. Once the branches are merged, a test against the registry's own `/events` follows
 * (the last `describe` here, which runs when the route exists).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRegistryClient, type ChangeEvent, type RegistryClient, type SchemaType } from '../../src/client/index.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { CONFLUENT } from '../support/test-app.js'
import { orderV1, orderV2 } from '../support/schemas.js'

const TYPE = 'io.openschema.registry.'

/** A CloudEvents 1.0 object as the contract describes the registry's. */
const cloudEvent = (seq: number, type: string, data: { subject: string; version?: number; id?: number; context?: string; schemaType?: SchemaType }): ChangeEvent => ({
  specversion: '1.0',
  id: String(seq),
  source: '/schema-registry',
  type: TYPE + type,
  time: new Date().toISOString(),
  subject: data.context && data.context !== '.' ? `:${data.context}:${data.subject}` : data.subject,
  datacontenttype: 'application/json',
  data: { context: '.', schemaType: 'AVRO', ...data },
})

interface EventsServer {
  url: string
  /** Every `GET /events` received, with the headers that matter. */
  connections: { lastEventId?: string; accept?: string; authorization?: string; at: number }[]
  /** The open streams. */
  open: ServerResponse[]
  /** Every other request, forwarded to the registry, as `METHOD url`. */
  forwarded: string[]
  /** Answer the next `n` stream requests with 503. */
  refuseNext(n: number): void
  send(event: ChangeEvent): void
  raw(text: string): void
  comment(text: string): void
  /** Ends every open stream (as a server restart or a dropped slow client would). */
  drop(): void
  close(): Promise<void>
}

const startEventsServer = async (registryUrl: string): Promise<EventsServer> => {
  const open: ServerResponse[] = []
  const connections: EventsServer['connections'] = []
  const forwarded: string[] = []
  let refusals = 0
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    forwarded.push(`${req.method} ${req.url}`)
    const upstream = request(registryUrl + req.url, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    })
    req.pipe(upstream)
  }
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith('/events')) return forward(req, res)
    const h = req.headers
    connections.push({ lastEventId: h['last-event-id'] as string | undefined, accept: h.accept, authorization: h.authorization, at: Date.now() })
    if (refusals > 0) {
      refusals--
      res.writeHead(503, { 'content-type': CONFLUENT }).end(JSON.stringify({ error_code: 50301, message: 'unavailable' }))
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
    res.write(': connected\n\n')
    open.push(res)
    res.on('close', () => open.splice(open.indexOf(res), 1))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const write = (text: string) => open.forEach((res) => res.write(text))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    open,
    forwarded,
    refuseNext: (n) => void (refusals = n),
    send: (e) => write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`),
    comment: (text) => write(`: ${text}\n\n`),
    raw: write,
    drop: () => [...open].forEach((res) => res.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // idle keep-alive sockets of the clients would hold close() for seconds
        server.closeAllConnections()
      }),
  }
}

const waitFor = async (what: string, cond: () => boolean, ms = 5_000): Promise<void> => {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('client change stream (watch, onChange) against a contract-format SSE server in front of the real registry', () => {
  let registry: ClientServer
  let events: EventsServer
  const clients: RegistryClient[] = []
  beforeAll(async () => {
    registry = await startClientServer({ dialect: 'openschema' })
  })
  afterAll(() => registry?.close())
  afterEach(async () => {
    while (clients.length) await clients.pop()!.close()
    await events?.close()
  })
  const start = async () => {
    events = await startEventsServer(registry.url)
  }
  const client = (opts: Partial<Parameters<typeof createRegistryClient>[0]> = {}) => {
    const c = createRegistryClient({ url: events.url, watch: true, reconnect: { initialMs: 20, maxMs: 200 }, ...opts })
    clients.push(c)
    return c
  }
  const registerRaw = async (subject: string, schema: string) => {
    const res = await fetch(`${registry.url}/subjects/${subject}/versions`, { method: 'POST', headers: { 'content-type': CONFLUENT }, body: JSON.stringify({ schema }) })
    expect(res.status).toBe(200)
    return (await res.json()) as { id: number; version: number }
  }
  /** Resolves once the client has received an event sent now: its stream is open on the client's side too. */
  let syncSeq = 1_000_000
  const synced = async (c: RegistryClient) => {
    const seq = ++syncSeq
    let got = false
    const stop = c.onChange(
      (e) => e.id === String(seq),
      () => (got = true),
    )
    await waitFor('the stream', () => events.open.length > 0)
    events.send(cloudEvent(seq, 'config.changed', { subject: '' }))
    await waitFor(`event ${seq}`, () => got)
    stop()
  }
  const latestRequests = (subject: string) => events.forwarded.filter((r) => r === `GET /subjects/${subject}/versions/latest`).length

  it('subscribes with Accept: text/event-stream and the credentials, and hands events to matching handlers', async () => {
    await start()
    const c = client({ username: 'u', password: 'p' })
    const all: ChangeEvent[] = []
    const orders: ChangeEvent[] = []
    const deletes: string[] = []
    c.onChange(
      () => true,
      (e) => all.push(e),
    )
    c.onChange({ subject: 'orders-value' }, (e) => orders.push(e))
    const stop = c.onChange({ types: ['version.deleted', `${TYPE}subject.deleted`], subjectPrefix: 'ord' }, (e) => deletes.push(e.id))
    await waitFor('the stream', () => events.open.length === 1)
    expect(events.connections[0]).toMatchObject({ accept: 'text/event-stream', authorization: `Basic ${Buffer.from('u:p').toString('base64')}`, lastEventId: undefined })
    events.comment('keep-alive')
    events.send(cloudEvent(1, 'schema.registered', { subject: 'orders-value', version: 1, id: 1 }))
    events.send(cloudEvent(2, 'version.deleted', { subject: 'orders-value', version: 1 }))
    events.send(cloudEvent(3, 'subject.deleted', { subject: 'payments-value' }))
    events.send(cloudEvent(4, 'config.changed', { subject: 'orders-value', context: '.team-a' }))
    await waitFor('four events', () => all.length === 4)
    expect(all.map((e) => e.id)).toEqual(['1', '2', '3', '4'])
    expect(all[0]).toMatchObject({ specversion: '1.0', type: `${TYPE}schema.registered`, data: { subject: 'orders-value', version: 1, id: 1 } })
    // the event of context .team-a is about ":.team-a:orders-value", not "orders-value"
    expect(orders.map((e) => e.id)).toEqual(['1', '2'])
    expect(deletes).toEqual(['2'])
    stop()
    events.send(cloudEvent(5, 'version.deleted', { subject: 'orders-value', version: 2 }))
    await waitFor('the fifth event', () => all.length === 5)
    expect(deletes).toEqual(['2'])
  })

  it('keeps latest cached while the stream is open, replaces it on schema.registered without asking for latest again', async () => {
    await start()
    const v1 = await registerRaw('watched-value', orderV1)
    const c = client({ latestTtlMs: 0 })
    await synced(c)
    expect(await c.latest('watched-value')).toMatchObject({ id: v1.id, version: 1 })
    expect(await c.latest('watched-value')).toMatchObject({ version: 1 })
    // with a TTL of 0 only the open stream explains the second answer from the cache
    expect(latestRequests('watched-value')).toBe(1)
    const v2 = await registerRaw('watched-value', orderV2)
    events.send(cloudEvent(10, 'schema.registered', { subject: 'watched-value', version: v2.version, id: v2.id }))
    await waitFor('the refresh', () => events.forwarded.includes(`GET /schemas/ids/${v2.id}`))
    expect(await c.latest('watched-value')).toEqual({ subject: 'watched-value', id: v2.id, version: 2, schema: orderV2, schemaType: 'AVRO', references: [] })
    expect(latestRequests('watched-value')).toBe(1)
    // an event for an older version (replayed on resume, say) does not go back
    events.send(cloudEvent(11, 'schema.registered', { subject: 'watched-value', version: 1, id: v1.id }))
    events.comment('sync')
    await new Promise((r) => setTimeout(r, 50))
    expect((await c.latest('watched-value')).version).toBe(2)
  })

  it('drops latest on version.deleted and subject.deleted, so the next call asks the registry', async () => {
    await start()
    await registerRaw('dropped-value', orderV1)
    const c = client({ latestTtlMs: 60_000 })
    const seen: string[] = []
    c.onChange({}, (e) => seen.push(e.id))
    await waitFor('the stream', () => events.open.length === 1)
    await c.latest('dropped-value')
    events.send(cloudEvent(20, 'version.deleted', { subject: 'dropped-value', version: 1 }))
    await waitFor('the delete', () => seen.includes('20'))
    await c.latest('dropped-value')
    expect(latestRequests('dropped-value')).toBe(2)
    events.send(cloudEvent(21, 'subject.deleted', { subject: 'dropped-value' }))
    await waitFor('the subject delete', () => seen.includes('21'))
    await c.latest('dropped-value')
    expect(latestRequests('dropped-value')).toBe(3)
  })

  it('reconnects after a drop with Last-Event-ID, backing off while the server refuses, and misses nothing', async () => {
    await start()
    const errors: Error[] = []
    const c = client({ onError: (e) => errors.push(e) })
    const got: string[] = []
    c.onChange({}, (e) => got.push(e.id))
    await waitFor('the stream', () => events.open.length === 1)
    events.send(cloudEvent(41, 'schema.registered', { subject: 'a', version: 1, id: 1 }))
    events.send(cloudEvent(42, 'schema.registered', { subject: 'b', version: 1, id: 2 }))
    await waitFor('two events', () => got.length === 2)
    events.refuseNext(3)
    // the registry's last word before it ends a stream is a named event that is not a CloudEvent
    events.raw(`event: dropped\ndata: ${JSON.stringify({ reason: 'slow consumer', lastEventId: '42', resume: 'reconnect with Last-Event-ID: 42' })}\n\n`)
    await waitFor('the drop notice', () => errors.some((e) => /ended the change stream \(dropped: slow consumer\)/.test(e.message)))
    events.drop()
    await waitFor('the reconnection', () => events.connections.length === 5 && events.open.length === 1)
    // three refusals and the accepted attempt, every one resuming after seq 42
    expect(events.connections.slice(1).map((x) => x.lastEventId)).toEqual(['42', '42', '42', '42'])
    const gaps = events.connections.slice(1).map((x, i, all) => (i === 0 ? 0 : x.at - all[i - 1]!.at))
    // each failed attempt waits longer (base 20 ms doubling, with jitter between half and all of it)
    expect(gaps[3]!).toBeGreaterThanOrEqual(40)
    expect(errors.filter((e) => /answered 503/.test(e.message)).length).toBe(3)
    // what the server sends after the resume arrives, once
    events.send(cloudEvent(43, 'subject.deleted', { subject: 'a' }))
    await waitFor('the third event', () => got.length === 3)
    expect(got).toEqual(['41', '42', '43'])
  })

  it('starts the first connection after a given seq (`after`), for a process that kept the last event it handled', async () => {
    await start()
    const c = client({ after: 1234 })
    await synced(c)
    expect(events.connections[0]!.lastEventId).toBe('1234')
  })

  it('serves latest from the cache only for the TTL while the stream is down', async () => {
    await start()
    await registerRaw('down-value', orderV1)
    const c = client({ latestTtlMs: 0, reconnect: { initialMs: 10_000, maxMs: 10_000 } })
    await synced(c)
    await c.latest('down-value')
    await c.latest('down-value')
    expect(latestRequests('down-value')).toBe(1)
    events.drop()
    await new Promise((r) => setTimeout(r, 50))
    await c.latest('down-value')
    expect(latestRequests('down-value')).toBe(2)
  })

  it('close() ends the stream and it does not come back', async () => {
    await start()
    const c = client()
    await synced(c)
    const closing = Date.now()
    await c.close()
    await waitFor('the server to see the close', () => events.open.length === 0)
    expect(Date.now() - closing).toBeLessThan(1_000)
    await new Promise((r) => setTimeout(r, 100))
    expect(events.connections.length).toBe(1)
    expect(() => c.onChange({}, () => undefined)).toThrow(/closed/)
  })
})

describe("client change stream against the registry's own GET /events (runs once the change stream branch is merged)", () => {
  let srv: ClientServer
  const seen: string[] = []
  beforeAll(async () => {
    srv = await startClientServer({ dialect: 'openschema', onRequest: (method, url) => seen.push(`${method} ${url}`) })
  })
  afterAll(() => srv?.close())

  it("learns of another party's registration: onChange gets the CloudEvent and latest answers the new version without asking for latest again", async (ctx) => {
    if (!srv.app.hasRoute({ method: 'GET', url: '/events' })) return ctx.skip()
    const c = createRegistryClient({ url: srv.url, watch: true, latestTtlMs: 0, reconnect: { initialMs: 50, maxMs: 500 } })
    try {
      const got: ChangeEvent[] = []
      c.onChange({ subject: 'live-value', types: ['schema.registered'] }, (e) => got.push(e))
      await waitFor('the stream', () => seen.some((r) => r.startsWith('GET /events')))
      const v1 = await c.register('live-value', { schema: orderV1 })
      await waitFor('the first event', () => got.length === 1)
      expect(await c.latest('live-value')).toMatchObject({ id: v1.id, version: 1 })
      const res = await fetch(`${srv.url}/subjects/live-value/versions`, { method: 'POST', headers: { 'content-type': CONFLUENT }, body: JSON.stringify({ schema: orderV2 }) })
      const v2 = (await res.json()) as { id: number; version: number }
      await waitFor('the second event', () => got.length === 2, 5_000)
      expect(got[1]).toMatchObject({ specversion: '1.0', type: `${TYPE}schema.registered`, subject: 'live-value', data: { subject: 'live-value', version: 2 } })
      const before = seen.filter((r) => r === 'GET /subjects/live-value/versions/latest').length
      expect(await c.latest('live-value')).toMatchObject({ id: v2.id, version: 2, schema: orderV2 })
      expect(seen.filter((r) => r === 'GET /subjects/live-value/versions/latest').length).toBe(before)
    } finally {
      await c.close()
    }
  })

  it('resumes after its connection is cut: a registration made meanwhile arrives once, after those before it', async (ctx) => {
    if (!srv.app.hasRoute({ method: 'GET', url: '/events' })) return ctx.skip()
    const errors: Error[] = []
    const c = createRegistryClient({ url: srv.url, watch: true, reconnect: { initialMs: 300, maxMs: 1_000 }, onError: (e) => errors.push(e) })
    try {
      const got: string[] = []
      c.onChange({ subjectPrefix: 'cut-', types: ['schema.registered'] }, (e) => got.push(`${e.data.subject}@${e.data.version}`))
      await c.register('cut-value', { schema: orderV1 })
      await waitFor('the first event', () => got.length === 1)
      const streams = seen.filter((r) => r.startsWith('GET /events')).length
      // every socket of the server goes, the stream's included (a network cut, as the client sees it)
      srv.app.server.closeAllConnections()
      const post = () => fetch(`${srv.url}/subjects/cut-value/versions`, { method: 'POST', headers: { 'content-type': CONFLUENT }, body: JSON.stringify({ schema: orderV2 }) })
      // this process's pooled socket was cut too: a second try gets a new one
      const res = await post().catch(post)
      expect(res.status).toBe(200)
      await waitFor('the event registered while cut off', () => got.length === 2, 10_000)
      expect(got).toEqual(['cut-value@1', 'cut-value@2'])
      expect(seen.filter((r) => r.startsWith('GET /events')).length).toBeGreaterThan(streams)
      expect((await c.latest('cut-value')).version).toBe(2)
    } finally {
      await c.close()
    }
  })
})
