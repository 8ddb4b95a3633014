/**
 * What the store's events log records (docs/EXTENSIONS.md §3.4 and §10): one row per write, which is
 * both the audit log and the change stream. Apart from the port (registry-store.ts) because only the
 * audit service and the SQL writer build events.
 */
export interface RegistryEvent {
  action: string
  context?: string
  subject?: string
  version?: number
  schemaId?: number
  actor?: string
  detail?: unknown
  /** The audit log's fields (docs/EXTENSIONS.md §3.4); absent ones are stored as null. */
  audit?: AuditFields
}

/** What an event records for the audit log besides action, context, subject, version, schema id and actor. */
export interface AuditFields {
  eventType: string
  outcome: string
  actorType?: string
  authMethod?: string
  role?: string
  targetType?: string
  targetId?: string
  schemaType?: string
  beforeHash?: string
  afterHash?: string
  sourceIp?: string
  userAgent?: string
  method?: string
  path?: string
  statusCode?: number
  reason?: string
  requestId?: string
  durationMs?: number
}
