import { CONFLUENT_MEDIA_TYPE, RegistryClientError, type FetchLike } from './http-transport.js'
import { createSseParser } from './sse-parser.js'
import type { ChangeEvent } from './types.js'

/** How long to wait before reconnecting: doubling from `initialMs` to `maxMs` (a server's `retry:` replaces `initialMs`). */
export interface ReconnectOptions {
  initialMs: number
  maxMs: number
}

export interface ChangeStreamOptions {
  /** The registry's base URL; the stream is `GET <url>/events`. */
  url: string
  headers: Readonly<Record<string, string>>
  fetch: FetchLike
  reconnect: ReconnectOptions
  /** The seq to resume after on the first connection (later ones resume after the last event received). */
  after?: string
  onEvent(event: ChangeEvent): void
  /** The stream answered; `resumed` when it was asked to resume after a known event (`Last-Event-ID`). */
  onOpen(resumed: boolean): void
  onError(error: Error): void
}

export interface ChangeStream {
  /** True while a stream is open. */
  readonly connected: boolean
  /** The seq of the last event received, sent as `Last-Event-ID` on reconnection. */
  readonly lastEventId: string | undefined
  close(): void
}

/**
 * Subscribes to the change stream (Server-Sent Events of CloudEvents) and keeps it open: when it ends
 * or fails, it reconnects after a growing, jittered delay and resumes after the last event it got,
 * so that no change is missed (the registry replays from its durable events log).
 */
export const openChangeStream = (opts: ChangeStreamOptions): ChangeStream => {
  let closed = false
  let connected = false
  let lastEventId: string | undefined = opts.after
  let abort = new AbortController()
  let wake: (() => void) | undefined
  let initialMs = opts.reconnect.initialMs

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const deliver = (type: string, data: string, id: string): void => {
    lastEventId = id || lastEventId
    let body: unknown
    try {
      body = JSON.parse(data)
    } catch (e) {
      opts.onError(new Error(`the change stream sent an event that is not JSON: ${e instanceof Error ? e.message : String(e)}`))
      return
    }
    const event = body as Partial<ChangeEvent>
    if (event.specversion !== undefined && typeof event.type === 'string') return opts.onEvent(event as ChangeEvent)
    // the registry's last word before it ends a stream (`dropped` when the client read too slowly, `closed` on shutdown)
    const reason = (body as { reason?: unknown } | null)?.reason
    opts.onError(new Error(`the registry ended the change stream (${type}${typeof reason === 'string' ? `: ${reason}` : ''}); resuming after ${lastEventId ?? 'the start'}`))
  }

  /** One connection, until it ends; throws when it cannot be opened. */
  const connectOnce = async (): Promise<void> => {
    abort = new AbortController()
    const resumed = lastEventId !== undefined
    // the Confluent media type picks that dialect (numeric ids) though Accept asks for the stream
    const headers: Record<string, string> = { ...opts.headers, accept: 'text/event-stream', 'cache-control': 'no-cache', 'content-type': CONFLUENT_MEDIA_TYPE }
    if (resumed) headers['last-event-id'] = lastEventId!
    const res = await opts.fetch(`${opts.url}/events`, { headers, signal: abort.signal })
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined)
      throw new RegistryClientError(`GET /events answered ${res.status}`, res.status)
    }
    connected = true
    opts.onOpen(resumed)
    const parser = createSseParser(lastEventId ?? '')
    const decoder = new TextDecoder()
    const reader = res.body.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        for (const m of parser.push(decoder.decode(value, { stream: true }))) deliver(m.event, m.data, m.lastEventId)
        if (parser.retryMs !== undefined) initialMs = parser.retryMs
      }
    } finally {
      reader.releaseLock()
    }
  }

  const run = async (): Promise<void> => {
    let attempt = 0
    while (!closed) {
      let opened = false
      try {
        await connectOnce()
        opened = true
      } catch (e) {
        opened = connected
        if (!closed) opts.onError(e instanceof Error ? e : new Error(String(e)))
      }
      connected = false
      if (closed) break
      // a stream that opened starts the delays over; one that failed to open waits longer each time
      attempt = opened ? 0 : attempt + 1
      const base = Math.min(opts.reconnect.maxMs, initialMs * 2 ** attempt)
      await sleep(base / 2 + (Math.random() * base) / 2)
    }
  }
  void run()

  return {
    get connected() {
      return connected
    },
    get lastEventId() {
      return lastEventId
    },
    close() {
      closed = true
      abort.abort()
      wake?.()
    },
  }
}
