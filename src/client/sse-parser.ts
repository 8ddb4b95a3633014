/**
 * A Server-Sent Events parser after the WHATWG HTML "event stream interpretation": lines end in CRLF,
 * LF or CR; `:` starts a comment (keep-alives); `field: value` with one optional space after the
 * colon; a blank line dispatches the event when it has data. The last event id persists across events,
 * as the reconnection needs it.
 */
export interface SseMessage {
  /** The `event:` field, `message` when absent. */
  event: string
  /** The `data:` lines joined with `\n`. */
  data: string
  /** The last `id:` seen on the stream so far (it carries over to later events). */
  lastEventId: string
}

export interface SseParser {
  /** Feeds decoded text (any split, even inside a line or a CRLF); answers the events it completed. */
  push(text: string): SseMessage[]
  /** The `retry:` the server asked for, in ms. */
  readonly retryMs: number | undefined
  readonly lastEventId: string
}

export const createSseParser = (initialLastEventId = ''): SseParser => {
  let buffer = ''
  let lastEventId = initialLastEventId
  let retryMs: number | undefined
  let event = ''
  let data: string[] = []
  let started = false

  const field = (name: string, value: string, out: SseMessage[]): void => {
    switch (name) {
      case 'event':
        event = value
        return
      case 'data':
        data.push(value)
        return
      case 'id':
        if (!value.includes('\0')) lastEventId = value
        return
      case 'retry':
        if (/^\d+$/.test(value)) retryMs = Number(value)
        return
      case '':
        // a blank line: dispatch
        if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n'), lastEventId })
        event = ''
        data = []
        return
      default:
      // unknown fields are ignored
    }
  }

  const line = (text: string, out: SseMessage[]): void => {
    if (text === '') return field('', '', out)
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    if (colon < 0) return field(text, '', out)
    const value = text.slice(colon + 1)
    field(text.slice(0, colon), value.startsWith(' ') ? value.slice(1) : value, out)
  }

  return {
    push(text) {
      buffer += text
      if (!started && buffer.length > 0) {
        started = true
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1)
      }
      const out: SseMessage[] = []
      for (;;) {
        const m = /\r\n|\n|\r/.exec(buffer)
        // a lone CR at the end may be the first half of a CRLF: wait for the next chunk
        if (!m || (m[0] === '\r' && m.index === buffer.length - 1)) break
        line(buffer.slice(0, m.index), out)
        buffer = buffer.slice(m.index + m[0].length)
      }
      return out
    },
    get retryMs() {
      return retryMs
    },
    get lastEventId() {
      return lastEventId
    },
  }
}
