/** The client's Server-Sent Events parser (WHATWG event stream interpretation), fed in awkward chunks. */
import { describe, expect, it } from 'vitest'
import { createSseParser } from '../../src/client/sse-parser.js'

const feed = (chunks: string[]) => {
  const parser = createSseParser()
  const events = chunks.flatMap((c) => parser.push(c))
  return { parser, events }
}

describe('SSE parser', () => {
  it('reads id, event and data, and dispatches on the blank line', () => {
    const { events, parser } = feed(['id: 7\nevent: io.openschema.registry.schema.registered\ndata: {"a":1}\n\n'])
    expect(events).toEqual([{ event: 'io.openschema.registry.schema.registered', data: '{"a":1}', lastEventId: '7' }])
    expect(parser.lastEventId).toBe('7')
  })

  it('ignores comment lines (keep-alives) and dispatches nothing for them', () => {
    expect(feed([': keep-alive\n\n', ':\n\n']).events).toEqual([])
    expect(feed([':hello\ndata: x\n\n']).events).toEqual([{ event: 'message', data: 'x', lastEventId: '' }])
  })

  it('joins several data lines with a newline and strips one space after the colon only', () => {
    expect(feed(['data:  two spaces\ndata:none\ndata\n\n']).events).toEqual([{ event: 'message', data: ' two spaces\nnone\n', lastEventId: '' }])
  })

  it('handles CRLF, CR and LF line ends, also when a CRLF is split across chunks', () => {
    const { events } = feed(['id: 1\r', '\ndata: a\r\n\r', '\nid: 2\rdata: b\r\r', 'data: c\n', '\n'])
    expect(events).toEqual([
      { event: 'message', data: 'a', lastEventId: '1' },
      { event: 'message', data: 'b', lastEventId: '2' },
      { event: 'message', data: 'c', lastEventId: '2' },
    ])
  })

  it('waits for the end of a line split anywhere, and for the blank line that ends the event', () => {
    const text = 'id: 42\nevent: t\ndata: {"k":"v"}\n\n'
    const chunks = text.split('')
    const { events } = feed(chunks)
    expect(events).toEqual([{ event: 't', data: '{"k":"v"}', lastEventId: '42' }])
    expect(feed(['data: unfinished\n']).events).toEqual([])
  })

  it('keeps the last id across events, ignores an id with NUL, reads retry, and drops a leading BOM', () => {
    const { events, parser } = feed(['\uFEFFid: 5\ndata: a\n\ndata: b\n\nid: bad\0id\nretry: 1500\nretry: soon\ndata: c\n\n'])
    expect(events.map((e) => e.lastEventId)).toEqual(['5', '5', '5'])
    expect(parser.retryMs).toBe(1500)
    expect(events[0]!.data).toBe('a')
  })

  it('does not dispatch an event without data, and resets the type after each dispatch', () => {
    const { events } = feed(['event: lonely\n\nevent: typed\ndata: 1\n\ndata: 2\n\n'])
    expect(events).toEqual([
      { event: 'typed', data: '1', lastEventId: '' },
      { event: 'message', data: '2', lastEventId: '' },
    ])
  })
})
