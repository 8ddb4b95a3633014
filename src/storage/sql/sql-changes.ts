import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely'
import { CHANGE_ACTIONS, CHANGE_TYPES, UPSERT_ACTION, type ChangeQuery, type ChangeRow, type ReadableScope } from '../../domain/change-events.js'
import type { Database } from './database.js'

type Eb = ExpressionBuilder<Database, 'events'>

/** Rows that are changes of the asked types; an upsert counts only when it set the subject's level (its detail holds the config). */
const isChange = (eb: Eb, q: ChangeQuery): Expression<SqlBool> => {
  const types = q.types ?? CHANGE_TYPES
  const actions = types.flatMap((t) => CHANGE_ACTIONS[t])
  const either: Expression<SqlBool>[] = [eb('action', 'in', actions)]
  if (types.includes('io.openschema.registry.config.changed')) {
    either.push(eb.and([eb('action', '=', UPSERT_ACTION), sql<SqlBool>`(detail -> 'config') is not null`]))
  }
  return eb.or(either)
}

// starts_with, not LIKE: a subject name may hold % and _
const startsWith = (prefix: string) => sql<SqlBool>`starts_with(subject, ${prefix})`

/** One grant: its context (all without), and its prefixes (every subject and the scope without). */
const covers = (eb: Eb, s: ReadableScope): Expression<SqlBool> => {
  const parts: Expression<SqlBool>[] = []
  if (s.context !== undefined) parts.push(eb('context', '=', s.context))
  // a scope's event (no subject) needs a grant without prefixes, as reading the scope does
  if (s.prefixes !== undefined) parts.push(eb.and([eb('subject', 'is not', null), eb.or(s.prefixes.map(startsWith))]))
  return parts.length === 0 ? sql<SqlBool>`true` : eb.and(parts)
}

/** Change rows after `q.after` matching every filter, by seq ascending (docs/EXTENSIONS.md §10). */
export const readChangeEvents = async (db: Kysely<Database>, q: ChangeQuery): Promise<ChangeRow[]> => {
  if (q.readable?.length === 0) return []
  let query = db
    .selectFrom('events')
    .select(['seq', 'at', 'action', 'context', 'subject', 'version', 'schema_id', 'schema_type', 'detail'])
    .where('seq', '>', String(q.after))
    .where((eb) => isChange(eb, q))
  if (q.context !== undefined) query = query.where('context', '=', q.context)
  if (q.subject !== undefined) query = query.where('context', '=', q.subject.context).where('subject', '=', q.subject.name)
  if (q.subjectPrefix !== undefined) {
    const p = q.subjectPrefix
    if (p.context !== undefined) query = query.where('context', '=', p.context)
    query = query.where('subject', 'is not', null).where(startsWith(p.prefix))
  }
  if (q.readable !== undefined) {
    const readable = q.readable
    query = query.where((eb) => eb.or(readable.map((s) => covers(eb, s))))
  }
  const rows = await query.orderBy('seq').limit(q.limit).execute()
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at instanceof Date ? r.at : new Date(r.at),
    action: r.action,
    context: r.context ?? '.',
    subject: r.subject,
    version: r.version,
    schemaId: r.schema_id,
    schemaType: r.schema_type,
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown> | null,
  }))
}
