import type { ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ChangeQuery, CloudEvent } from '../domain/change-events.js'
import type { EventService } from '../services/event-service.js'

/**
 * `GET /events` as Server-Sent Events (docs/EXTENSIONS.md §10): every change after the resume point,
 * then each new one as it commits, a comment line while idle, and a slow reader dropped before it can
 * grow the server's memory.
 */

export interface EventStreamOptions {
  /** A `:` comment line after this long without a write (15 s), so proxies keep the connection. */
  keepAliveMs: number
  /** How long a write may wait for the client to read (the socket's buffer full) before the client is dropped (30 s). */
  stallTimeoutMs: number
  /** How long a dropped client has to read what is buffered and the final event before its socket is destroyed (30 s). */
  dropGraceMs: number
}

export const DEFAULT_STREAM_OPTIONS: EventStreamOptions = { keepAliveMs: 15_000, stallTimeoutMs: 30_000, dropGraceMs: 30_000 }

/** Events read from the log per query while catching up. */
const PAGE = 100

const frame = (e: CloudEvent) => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`

/** Resolves true once the socket's buffer drained, false after `ms` or when the connection is gone. */
const drained = (res: ServerResponse, ms: number, signal: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer)
      res.off('drain', onDrain)
      signal.removeEventListener('abort', onAbort)
      resolve(ok)
    }
    const onDrain = () => done(true)
    const onAbort = () => done(false)
    const timer = setTimeout(() => done(false), ms)
    res.on('drain', onDrain)
    signal.addEventListener('abort', onAbort)
  })

/**
 * Takes the reply over (the response is written here, not by Fastify) and streams until the client
 * goes, `closing` aborts (the server shuts down), or the client is dropped. Never rejects.
 */
export const streamEvents = async (
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { events: EventService; query: Omit<ChangeQuery, 'limit'>; options: EventStreamOptions; closing: AbortSignal },
): Promise<void> => {
  const { events, options } = deps
  reply.hijack()
  const res = reply.raw
  // headers hooks set (CORS) travel with the stream
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream
    'x-accel-buffering': 'no',
  })
  const gone = new AbortController()
  res.on('close', () => gone.abort())
  const stop = AbortSignal.any([gone.signal, deps.closing])
  let cursor = deps.query.after
  let lastWrite = Date.now()

  /** Writes, waiting for the client to read when the buffer is full; false when it did not in time. */
  const send = async (text: string): Promise<boolean> => {
    lastWrite = Date.now()
    return res.write(text) || (await drained(res, options.stallTimeoutMs, stop))
  }
  const finish = (event: string, reason: string) => {
    if (res.destroyed) return
    const resume = { reason, lastEventId: String(cursor), resume: `reconnect with Last-Event-ID: ${cursor} (or ?after=${cursor})` }
    // the connection goes with the stream: a client reconnects anyway (the response lets go of its socket once finished)
    const socket = res.socket
    res.once('finish', () => socket?.end())
    res.end(`event: ${event}\ndata: ${JSON.stringify(resume)}\n\n`)
    // a client that does not read even the end is cut off: its buffer must not stay with the server
    setTimeout(() => res.destroy(), options.dropGraceMs).unref()
  }

  try {
    if (!(await send(`: changes after ${cursor}\n\n`))) return finish('dropped', 'slow consumer')
    while (!stop.aborted) {
      const seen = events.changes.generation
      const page = await events.page({ ...deps.query, after: cursor, limit: PAGE })
      for (const e of page) {
        const written = await send(frame(e))
        cursor = Number(e.id)
        if (!written) {
          if (gone.signal.aborted) return
          request.log.info({ lastEventId: cursor }, 'event stream: a client that did not read was dropped')
          return finish('dropped', `slow consumer: the stream was not read for ${options.stallTimeoutMs} ms`)
        }
      }
      if (page.length === PAGE) continue
      const idle = Date.now() - lastWrite
      if (idle >= options.keepAliveMs) {
        if (!(await send(': keep-alive\n\n'))) return finish('dropped', `slow consumer: the stream was not read for ${options.stallTimeoutMs} ms`)
        continue
      }
      await events.changes.next(seen, options.keepAliveMs - idle, stop)
    }
    if (deps.closing.aborted) finish('closed', 'the server is shutting down')
  } catch (e) {
    request.log.error({ err: e }, 'event stream failed')
    finish('closed', 'the server could not read the events log')
  }
}
