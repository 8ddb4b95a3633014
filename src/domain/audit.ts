/**
 * The audit log's vocabulary (docs/EXTENSIONS.md §3.4): who did what to which resource, and how it ended.
 * Plain data: the HTTP edge builds an `AuditActor` per request and hands it to the services, which
 * record it with the write it describes, in the same transaction.
 */

export const AUDIT_EVENT_TYPES = [
  'schema_register',
  'version_delete',
  'subject_delete',
  'subject_update',
  'config_update',
  'config_delete',
  'mode_update',
  'mode_delete',
  'context_delete',
  'owner_claim',
  'owner_rotate',
  'owner_release',
  'staging_stage',
  'staging_promote',
  'staging_discard',
  'rollback',
  'read',
] as const
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number]

export const AUDIT_OUTCOMES = ['success', 'denied', 'rejected'] as const
/** `success`: the write committed; `denied`: 401 or 403; `rejected`: 409 (an incompatible schema, say). */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

/** Who asks, and through which request: never a credential, a header value other than the user agent, or a body. */
export interface AuditActor {
  /** The principal's name; the claimed user name of a refused Basic login; undefined when none was given. */
  id?: string
  /** `anonymous` (no credentials), `user` (HTTP Basic: users and API keys) or `token` (a JWT bearer token). */
  type: 'anonymous' | 'user' | 'token'
  authMethod: 'anonymous' | 'basic' | 'bearer'
  /** The strongest role the principal holds on what the request touches; undefined when none. */
  role?: string
  sourceIp?: string
  userAgent?: string
  method: string
  /** The path without its query string. */
  path: string
  requestId?: string
  /** When the request arrived (epoch ms): `duration_ms` of a write is measured up to its event. */
  startedAt: number
  /** The status a successful request answers with (200 unless the route says otherwise). */
  successStatus?: number
}

/** What a write's event says beyond who asked. */
export interface AuditTarget {
  eventType: AuditEventType
  /** `subject`, `context` (a context's own config or mode, or its deletion) or `global`. */
  targetType: 'subject' | 'context' | 'global'
  /** The qualified subject (`:.ctx:name`, or the bare name in the default context), the context, or empty for global. */
  targetId: string
  schemaType?: string
  beforeHash?: string
  afterHash?: string
  /** Why a write went through unusually: `forced` for a registration the level rejected (`?force=true`). */
  reason?: string
}

/** One row of the audit log as `GET /audit` shows it. */
export interface AuditEvent {
  seq: number
  timestamp: string
  event_type: string
  outcome: string
  actor_id: string | null
  actor_type: string | null
  auth_method: string | null
  role: string | null
  target_type: string | null
  target_id: string | null
  context: string | null
  subject: string | null
  schema_id: number | null
  version: number | null
  schema_type: string | null
  before_hash: string | null
  after_hash: string | null
  source_ip: string | null
  user_agent: string | null
  method: string | null
  path: string | null
  status_code: number | null
  reason: string | null
  request_id: string | null
  duration_ms: number | null
}

/** `GET /audit`'s filters; events come oldest first, after the `after` seq. */
export interface AuditQuery {
  /** The subject name (unqualified) the events are about. */
  subject?: string
  context?: string
  eventType?: string
  outcome?: string
  since?: Date
  after?: number
  limit: number
}
