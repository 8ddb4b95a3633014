import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CHANGE_TYPES, isChangeType, type ChangeQuery, type ChangeType, type ReadableScope } from '../domain/change-events.js'
import { normalizeContext, parseSubject } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { EventService } from '../services/event-service.js'
import { can } from './access.js'
import { DEFAULT_STREAM_OPTIONS, streamEvents, type EventStreamOptions } from './event-stream.js'
import { typed } from './routes/route-deps.js'

/**
 * `GET /events` (docs/EXTENSIONS.md §10): the change stream, as a long poll (JSON) or, with
 * `Accept: text/event-stream`, as Server-Sent Events. A reader's listing: any grant lets the request
 * through, and only the events of what the caller may read are served.
 */

const MAX_WAIT_SECONDS = 60
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000

const invalid = (reason: string) => new RegistryError('INVALID_PARAMETER', { reason })

const seqOf = (raw: string, name: string): number => {
  if (!/^\d{1,15}$/.test(raw.trim())) throw invalid(`${name} must be an event id (a non-negative integer), got '${raw.slice(0, 40)}'`)
  return Number(raw.trim())
}

const waitOf = (raw: string | undefined): number => {
  if (raw === undefined) return 0
  const seconds = /^\d{1,3}(\.\d{1,3})?$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  if (!(seconds <= MAX_WAIT_SECONDS)) throw invalid(`wait must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}`)
  return Math.round(seconds * 1000)
}

const limitOf = (raw: string | undefined): number => {
  if (raw === undefined) return DEFAULT_LIMIT
  const n = /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  if (!(n >= 1 && n <= MAX_LIMIT)) throw invalid(`limit must be an integer from 1 to ${MAX_LIMIT}`)
  return n
}

const typesOf = (raw: string | undefined): ChangeType[] | undefined => {
  if (raw === undefined) return undefined
  const types = raw.split(',').map((t) => t.trim())
  const unknown = types.filter((t) => !isChangeType(t))
  if (unknown.length > 0) throw invalid(`unknown event type '${unknown[0]!.slice(0, 100)}': types are ${CHANGE_TYPES.join(', ')}`)
  return types as ChangeType[]
}

/** A subject prefix names its context (`:.ctx:ord`), every context (`:*:ord`), or the request's. */
const prefixOf = (req: FastifyRequest, raw: string): ChangeQuery['subjectPrefix'] => {
  if (raw.startsWith(':*:')) return { prefix: raw.slice(3) }
  const ref = parseSubject(raw, req.registryContext)
  return { context: ref.context, prefix: ref.name }
}

/** What the caller may read, one scope per grant; undefined when everything (no AUTH_FILE, or a global grant). */
const readableOf = (req: FastifyRequest): ReadableScope[] | undefined =>
  req.visibility.everything ? undefined : req.principal.grants.map((g) => ({ context: g.context, prefixes: g.subjects }))

const querystring = z.object({
  after: z.string().optional(),
  wait: z.string().optional(),
  limit: z.string().optional(),
  subject: z.string().optional(),
  subjectPrefix: z.string().optional(),
  context: z.string().optional(),
  types: z.string().optional(),
})

/** The filters and the resume point; `Last-Event-ID` (a reconnecting EventSource) wins over `after`. */
const changeQueryOf = (req: FastifyRequest, q: z.infer<typeof querystring>): Omit<ChangeQuery, 'limit'> => {
  const lastEventId = req.headers['last-event-id']
  const resumeAt = typeof lastEventId === 'string' && lastEventId.trim() !== '' ? seqOf(lastEventId, 'Last-Event-ID') : undefined
  const after = resumeAt ?? (q.after === undefined ? 0 : seqOf(q.after, 'after'))
  let subject: ChangeQuery['subject']
  if (q.subject !== undefined) {
    const ref = parseSubject(q.subject, req.registryContext)
    if (ref.name === '') throw invalid('subject must name a subject')
    subject = ref
  }
  // a context prefix keeps the stream in that context; a `context` parameter naming another one leaves nothing
  const asked = q.context === undefined ? undefined : normalizeContext(q.context)
  const context = req.contextPinned ? req.registryContext : asked
  const readable = asked !== undefined && asked !== context ? [] : readableOf(req)
  return { after, types: typesOf(q.types), context, subject, subjectPrefix: q.subjectPrefix === undefined ? undefined : prefixOf(req, q.subjectPrefix), readable }
}

const wantsStream = (req: FastifyRequest) => (req.headers.accept ?? '').toLowerCase().includes('text/event-stream')

export const eventRoutes = async (app: FastifyInstance, { events, options }: { events: EventService; options?: Partial<EventStreamOptions> }) => {
  const streamOptions = { ...DEFAULT_STREAM_OPTIONS, ...options }
  // streams and long polls end when the server closes, instead of holding it open
  const closing = new AbortController()
  app.addHook('preClose', async () => closing.abort())
  const r = typed(app)
  r.get('/events', { ...can.read('any'), schema: { querystring } }, async (req, reply) => {
    const q = req.query
    const query = changeQueryOf(req, q)
    // checked in both forms, though only the long poll uses them
    const waitMs = waitOf(q.wait)
    const limit = limitOf(q.limit)
    if (wantsStream(req)) return streamEvents(req, reply, { events, query, options: streamOptions, closing: closing.signal })
    const gone = new AbortController()
    reply.raw.on('close', () => gone.abort())
    return events.poll({ ...query, limit }, waitMs, AbortSignal.any([gone.signal, closing.signal]))
  })
}
