import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { strongestRole } from '../auth/grants.js'
import type { AuditActor, AuditEventType } from '../domain/audit.js'
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES } from '../domain/audit.js'
import { parseSubject, type SubjectRef } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { AuditService } from '../services/audit-service.js'
import { accessTargetOf, badCredentials, can } from './access.js'
import { typed } from './routes/route-deps.js'

/**
 * The audit log at the edge (docs/EXTENSIONS.md §3.4): who asks (`actorOf`, handed to the services,
 * which record successful writes in their own transactions), refused requests (401, 403, 409: their
 * own small write once the answer is sent), and `GET /audit`. Nothing secret is recorded: no
 * Authorization or X-Subject-Token value, no body; a refused Basic login records the claimed user name.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The message of a refusal (401, 403, 409) as the error handler sent it, for its audit event. */
    refusal?: string
    /** When the request arrived (epoch ms), for `duration_ms`. */
    arrivedAt: number
  }
}

const ACTOR_TYPES = { anonymous: 'anonymous', basic: 'user', bearer: 'token' } as const

/**
 * The path the client sent (with its dialect or context prefix, before the rewrite), without the query
 * string: a query may carry anything, and filters are not the resource.
 */
const pathOf = (request: FastifyRequest) => request.originalUrl.split('?')[0]!

const userAgentOf = (request: FastifyRequest) => {
  const ua = request.headers['user-agent']
  return typeof ua === 'string' ? ua.slice(0, 512) : undefined
}

/** The request's actor, for a service's write; `successStatus` when the route answers other than 200. */
/** What every audit event says about the request itself, whoever sent it. */
const requestFields = (request: FastifyRequest) => ({
  sourceIp: request.ip,
  userAgent: userAgentOf(request),
  method: request.method,
  path: pathOf(request),
  requestId: String(request.id),
  startedAt: request.arrivedAt,
})

export const actorOf = (request: FastifyRequest, successStatus?: number): AuditActor => {
  const p = request.principal
  const access = request.routeOptions.config?.access
  const role = access && access.action !== 'public' ? strongestRole(p, accessTargetOf(request, access)) : undefined
  return {
    id: p.name,
    type: ACTOR_TYPES[p.method],
    authMethod: p.method,
    role,
    ...requestFields(request),
    successStatus,
  }
}

/** Who a request refused before it had a principal (a 401) claims to be: the Basic user name, never more. */
const claimedActor = (request: FastifyRequest): AuditActor => {
  const header = request.headers.authorization ?? ''
  const [scheme, value] = header.split(/\s+/, 2)
  let id: string | undefined
  let authMethod: AuditActor['authMethod'] = 'anonymous'
  if (scheme?.toLowerCase() === 'basic') {
    authMethod = 'basic'
    const decoded = Buffer.from(value ?? '', 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    id = colon > 0 ? decoded.slice(0, Math.min(colon, 256)) : undefined
  } else if (scheme?.toLowerCase() === 'bearer') authMethod = 'bearer'
  return {
    id,
    type: ACTOR_TYPES[authMethod],
    authMethod,
    ...requestFields(request),
  }
}

/** What a refused request would have done, from its method and route (docs/EXTENSIONS.md §3.4). */
export const eventTypeOf = (request: FastifyRequest): AuditEventType => {
  const access = request.routeOptions.config?.access
  if (!access || access.action === 'public' || access.action === 'read') return 'read'
  const url = request.routeOptions.url ?? ''
  const del = request.method === 'DELETE'
  if (url === '/subjects/:subject/versions') return 'schema_register'
  if (url === '/subjects/:subject/versions/:version') return 'version_delete'
  if (url === '/subjects/:subject') return del ? 'subject_delete' : 'subject_update'
  if (url.startsWith('/config') || url.startsWith('/compatibility')) return del ? 'config_delete' : 'config_update'
  if (url.startsWith('/mode')) return del ? 'mode_delete' : 'mode_update'
  if (url === '/contexts/:context') return 'context_delete'
  if (url === '/staging/subjects/:subject/versions') return 'staging_stage'
  if (url === '/staging/promote') return 'staging_promote'
  if (url.startsWith('/staging')) return 'staging_discard'
  if (url === '/subjects/:subject/versions/:version/rollback') return 'rollback'
  return 'read'
}

/** The subject a refused request named, if any. */
const subjectOfRequest = (request: FastifyRequest): SubjectRef | undefined => {
  const raw = (request.params as { subject?: string } | undefined)?.subject
  if (raw === undefined) return undefined
  try {
    return parseSubject(raw, request.registryContext)
  } catch {
    return undefined
  }
}

const OUTCOMES: Record<number, 'denied' | 'rejected'> = { 401: 'denied', 403: 'denied', 409: 'rejected' }

/** Records every 401, 403 and 409 once it is sent; a failure to record is logged, never answered. */
export const installAudit = (app: FastifyInstance, audit: AuditService) => {
  app.decorateRequest('arrivedAt', 0)
  // before authentication, whose refusals end the request's onRequest hooks
  app.addHook('onRequest', async (request) => {
    request.arrivedAt = Date.now()
  })
  app.addHook('onResponse', async (request, reply) => {
    const outcome = OUTCOMES[reply.statusCode]
    if (!outcome || request.routeOptions.config?.ops) return
    const actor = request.principal && !badCredentials(request) ? actorOf(request) : claimedActor(request)
    try {
      await audit.recordRefusal(actor, {
        eventType: eventTypeOf(request),
        outcome,
        statusCode: reply.statusCode,
        reason: request.refusal,
        subject: subjectOfRequest(request),
        durationMs: reply.elapsedTime,
      })
    } catch (e) {
      request.log.error({ err: e }, 'the audit event of a refused request could not be recorded')
    }
  })
}

const isoDate = z
  .string()
  .refine((s) => /^\d{4}-\d\d-\d\d(T[\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or date-time')
  .transform((s) => new Date(s))
const seq = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number)
const limit = z
  .string()
  .regex(/^\d{1,4}$/, 'must be an integer from 1 to 1000')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 1000, 'must be an integer from 1 to 1000')

/** `GET /audit`: admins only (a grant on the global scope), oldest first, keyset paging by seq. */
export const auditRoutes = async (app: FastifyInstance, { audit }: { audit: AuditService }) => {
  const r = typed(app)
  r.get(
    '/audit',
    {
      ...can.admin('scope'),
      schema: {
        querystring: z.object({
          subject: z.string().optional(),
          event_type: z.enum(AUDIT_EVENT_TYPES).optional(),
          outcome: z.enum(AUDIT_OUTCOMES).optional(),
          since: isoDate.optional(),
          after: seq.optional(),
          limit: limit.optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query
      if (q.subject === '') throw new RegistryError('BAD_PARAMETER', { reason: 'Invalid querystring: subject must not be empty' })
      // under a /contexts/{ctx} prefix (a context's admin) only that context's events show
      const context = req.contextPinned ? req.registryContext : undefined
      return audit.list({ subject: q.subject, context, eventType: q.event_type, outcome: q.outcome, since: q.since, after: q.after, limit: q.limit ?? 100 }, req.registryContext)
    },
  )
}
