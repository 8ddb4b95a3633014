import type { Kysely } from 'kysely'
import type { AuditEvent, AuditQuery } from '../../domain/audit.js'
import type { Database } from './database.js'

/** Audit rows (those with an event type) matching the query, by seq ascending (docs/EXTENSIONS.md §3.4). */
export const readAuditEvents = async (db: Kysely<Database>, q: AuditQuery): Promise<AuditEvent[]> => {
  let query = db.selectFrom('events').selectAll().where('event_type', 'is not', null)
  if (q.subject !== undefined) query = query.where('subject', '=', q.subject)
  if (q.context !== undefined) query = query.where('context', '=', q.context)
  if (q.eventType !== undefined) query = query.where('event_type', '=', q.eventType)
  if (q.outcome !== undefined) query = query.where('outcome', '=', q.outcome)
  if (q.since !== undefined) query = query.where('at', '>=', q.since)
  if (q.after !== undefined) query = query.where('seq', '>', String(q.after))
  const rows = await query.orderBy('seq').limit(q.limit).execute()
  return rows.map((r) => ({
    seq: Number(r.seq),
    timestamp: (r.at instanceof Date ? r.at : new Date(r.at)).toISOString(),
    event_type: r.event_type!,
    outcome: r.outcome ?? 'success',
    actor_id: r.actor,
    actor_type: r.actor_type,
    auth_method: r.auth_method,
    role: r.role,
    target_type: r.target_type,
    target_id: r.target_id,
    context: r.context,
    subject: r.subject,
    schema_id: r.schema_id,
    version: r.version,
    schema_type: r.schema_type,
    before_hash: r.before_hash,
    after_hash: r.after_hash,
    source_ip: r.source_ip,
    user_agent: r.user_agent,
    method: r.method,
    path: r.path,
    status_code: r.status_code,
    reason: r.reason,
    request_id: r.request_id,
    duration_ms: r.duration_ms === null ? null : Number(r.duration_ms),
  }))
}
