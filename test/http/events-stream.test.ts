import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { twoInstancesOnPostgres } from '../support/two-instances.js'
import { avro } from '../support/schemas.js'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §10: GET /events as Server-Sent Events, over a real socket with real HTTP clients.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL)
const T = 'io.openschema.registry.'

interface Frame {
  comment?: string
  id?: string
  event?: string
  data?: string
}

const parseFrame = (text: string): Frame => {
  const frame: Frame = {}
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim()
    const m = /^(id|event|data): (.*)$/.exec(line)
    if (m) frame[m[1] as 'id' | 'event' | 'data'] = m[2]
  }
  return frame
}

const eventually = async (check: () => boolean, ms: number, what: string) => {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A stream read with fetch: every frame as it arrives. */
const openStream = async (base: string, path: string, headers: Record<string, string> = {}) => {
  const abort = new AbortController()
  const res = await fetch(`${base}${path}`, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal })
  const frames: Frame[] = []
  let ended = false
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  void (async () => {
    let buffer = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          frames.push(parseFrame(buffer.slice(0, i)))
          buffer = buffer.slice(i + 2)
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true
  })()
  const events = () => frames.filter((f) => f.event !== undefined)
  return {
    res,
    frames,
    events,
    ended: () => ended,
    /** Waits until `n` events arrived; answers their CloudEvents. */
    async take(n: number, ms = 5000) {
      await eventually(() => events().length >= n, ms, `${n} events on ${path}`)
      return events()
        .slice(0, n)
        .map((f) => ({ ...f, cloud: JSON.parse(f.data!) as { id: string; type: string; subject: string } }))
    },
    close: () => abort.abort(),
  }
}

describe('GET /events as Server-Sent Events', () => {
  let t: TestApp
  let base: string
  const streams: { close(): void }[] = []
  const stream = async (path: string, headers?: Record<string, string>) => {
    const s = await openStream(base, path, headers)
    streams.push(s)
    return s
  }
  beforeAll(async () => {
    t = await createTestApp({ events: { keepAliveMs: 300, stallTimeoutMs: 500 } })
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    for (const s of streams) s.close()
    await t?.close()
  })

  it('streams the changes after the resume point, then each new one as it commits', async () => {
    const a = await t.registered('sse-a', avro('A'))
    await t.registered('sse-b', avro('B'))
    const s = await stream('/events?subjectPrefix=sse-')
    expect(s.res.status).toBe(200)
    expect(s.res.headers.get('content-type')).toContain('text/event-stream')
    const first = await s.take(2)
    expect(first.map((f) => f.cloud.subject)).toEqual(['sse-a', 'sse-b'])
    for (const f of first) {
      // id: is the seq, event: the type, data: the CloudEvent itself
      expect(f.id).toBe(f.cloud.id)
      expect(f.event).toBe(f.cloud.type)
      expect(f.cloud).toMatchObject({ specversion: '1.0', source: '/schema-registry', type: `${T}schema.registered` })
    }
    expect(JSON.parse(first[0]!.data!).data).toEqual({ context: '.', subject: 'sse-a', version: 1, id: a.id, schemaType: 'AVRO' })
    expect(s.frames[0]).toEqual({ comment: 'changes after 0' })
    // pushed as it commits
    const started = Date.now()
    await t.cf('PUT', '/config/sse-a', { compatibility: 'NONE' })
    const third = (await s.take(3, 2000))[2]!
    expect(third.cloud).toMatchObject({ type: `${T}config.changed`, subject: 'sse-a' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('resumes after ?after= and after Last-Event-ID, which wins over after', async () => {
    const all = await (await stream('/events?subjectPrefix=sse-')).take(3)
    const afterFirst = await (await stream(`/events?subjectPrefix=sse-&after=${all[0]!.id}`)).take(2)
    expect(afterFirst.map((f) => f.id)).toEqual([all[1]!.id, all[2]!.id])
    const resumed = await stream('/events?subjectPrefix=sse-&after=0', { 'last-event-id': all[1]!.id! })
    expect((await resumed.take(1)).map((f) => f.id)).toEqual([all[2]!.id])
  })

  it('filters as the long poll does', async () => {
    const s = await stream(`/events?types=${T}config.changed`)
    expect((await s.take(1)).map((f) => `${f.event} ${f.cloud.subject}`)).toEqual([`${T}config.changed sse-a`])
  })

  it('sends a comment line while idle, so proxies keep the connection', async () => {
    const s = await stream('/events?subject=nothing-here')
    await eventually(() => s.frames.some((f) => f.comment === 'keep-alive'), 3000, 'a keep-alive')
    expect(s.events()).toEqual([])
  })

  it('answers bad parameters with a JSON error, not a stream', async () => {
    const res = await fetch(`${base}/events?after=soon`, { headers: { accept: `text/event-stream, ${CONFLUENT}` } })
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ error_code: 422 })
  })
})

describe('a stream with grants (AUTH_FILE)', () => {
  it('streams only the events of subjects the caller may read, and refuses a caller without credentials', async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        `
users: [{ name: admin, password: pw }, { name: scoped, password: pw }]
grants:
  - { principal: admin, role: admin }
  - { principal: scoped, role: reader, subjects: ["open-"] }
`,
        'stream grants',
      ),
    )
    const t = await createTestApp({ auth })
    const basic = (user: string) => `Basic ${Buffer.from(`${user}:pw`).toString('base64')}`
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const s = await openStream(base, '/events', { authorization: basic('scoped') })
    try {
      for (const subject of ['hidden-1', 'open-1', 'hidden-2', 'open-2']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/subjects/${subject}/versions`,
          headers: { 'content-type': CONFLUENT, authorization: basic('admin') },
          payload: { schema: avro(subject.replace('-', '')) },
        })
        expect(res.statusCode).toBe(200)
      }
      expect((await s.take(2)).map((f) => f.cloud.subject)).toEqual(['open-1', 'open-2'])
      const anonymous = await fetch(`${base}/events`, { headers: { accept: `text/event-stream, ${CONFLUENT}` } })
      expect(anonymous.status).toBe(401)
      expect(await anonymous.json()).toMatchObject({ error_code: 40101 })
    } finally {
      s.close()
      await t.close()
    }
  })
})

describe('a client that does not read', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ events: { keepAliveMs: 60_000, stallTimeoutMs: 300, dropGraceMs: 30_000 } })
  })
  afterAll(async () => {
    await t?.close()
  })

  it('is dropped with a final event that says where to resume, and the server stops writing to it', async () => {
    // 24 events of about 400 KB each: far more than the socket buffers on both sides hold
    const big = 'x'.repeat(400_000)
    for (let i = 0; i < 24; i++) {
      const res = await t.cf('PUT', `/config/slow-${i}`, { compatibility: 'NONE', defaultMetadata: { properties: { big } } })
      expect(res.statusCode, res.body).toBe(200)
    }
    const base = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }))
    const socket = connect(Number(base.port), base.hostname)
    await new Promise((r) => socket.once('connect', r))
    socket.write(`GET /events HTTP/1.1\r\nHost: ${base.host}\r\nAccept: text/event-stream\r\n\r\n`)
    // never read: the kernel buffers fill, then the server's write stalls
    socket.pause()
    await new Promise((r) => setTimeout(r, 5000))
    // now read everything the server still sends
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    const ended = new Promise((r) => socket.once('close', r))
    socket.resume()
    await ended
    const text = Buffer.concat(chunks).toString('utf8')
    const dropped = /event: dropped\ndata: (.*)\n/.exec(text)
    expect(dropped, 'a final dropped event').not.toBeNull()
    const notice = JSON.parse(dropped![1]!) as { reason: string; lastEventId: string; resume: string }
    expect(notice.reason).toMatch(/slow consumer/)
    expect(notice.resume).toContain(`Last-Event-ID: ${notice.lastEventId}`)
    // the server stopped at the stalled write instead of queueing the rest
    const sent = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1])
    expect(sent.length).toBeLessThan(24)
    expect(sent.at(-1)).toBe(notice.lastEventId)
    // resuming from there misses nothing
    const rest = await t.app.inject({ method: 'GET', url: `/events?after=${notice.lastEventId}&limit=1000`, headers: { accept: CONFLUENT } })
    expect(sent.length + rest.json().events.length).toBe(24)
  }, 60_000)
})

describe('when the server shuts down', () => {
  it('ends open streams with a closed event instead of holding the shutdown', async () => {
    const t = await createTestApp()
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    await t.registered('closing', avro('Closing'))
    const s = await openStream(base, '/events')
    await s.take(1)
    const started = Date.now()
    await t.close()
    expect(Date.now() - started).toBeLessThan(5000)
    await eventually(() => s.ended(), 2000, 'the end of the stream')
    expect(s.frames.at(-1)).toMatchObject({ event: 'closed' })
    expect(JSON.parse(s.frames.at(-1)!.data!)).toMatchObject({ reason: 'the server is shutting down', lastEventId: s.events()[0]!.id })
  })
})

describe.skipIf(!onPostgres)('two instances on one PostgreSQL database', () => {
  const two = twoInstancesOnPostgres()

  it("pushes a commit on one instance to the other's streams within a second", async () => {
    const base = await two.b.listen({ port: 0, host: '127.0.0.1' })
    const s = await openStream(base, '/events')
    await eventually(() => s.frames.length > 0, 3000, 'the stream to open')
    for (const subject of ['peer-1', 'peer-2']) {
      const reg = await two.a.inject({
        method: 'POST',
        url: `/subjects/${subject}/versions`,
        headers: { 'content-type': CONFLUENT },
        payload: { schema: avro(subject.replace('-', '')) },
      })
      expect(reg.statusCode).toBe(200)
      const committed = Date.now()
      const n = subject === 'peer-1' ? 1 : 2
      const got = await s.take(n, 3000)
      expect(got[n - 1]!.cloud.subject).toBe(subject)
      expect(Date.now() - committed).toBeLessThan(1000)
    }
    s.close()
  })
})
