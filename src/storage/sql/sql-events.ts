import { sql, type Kysely } from 'kysely'
import type { RegistryEvent } from '../store-events.js'
import type { Database } from './database.js'

// Writing the events table: one event on its own (a refused request's audit event), or a
// transaction's events at its end, in commit order (docs/EXTENSIONS.md §10.3).

/** One row of the events table (its columns but seq); audit fields left out are null. */
const eventRow = (e: RegistryEvent, at: Date) => {
  const a = e.audit
  return {
    at,
    action: e.action,
    actor: e.actor ?? null,
    context: e.context ?? null,
    subject: e.subject ?? null,
    version: e.version ?? null,
    schema_id: e.schemaId ?? null,
    detail: e.detail ?? null,
    event_type: a?.eventType ?? null,
    outcome: a?.outcome ?? null,
    actor_type: a?.actorType ?? null,
    auth_method: a?.authMethod ?? null,
    role: a?.role ?? null,
    target_type: a?.targetType ?? null,
    target_id: a?.targetId ?? null,
    schema_type: a?.schemaType ?? null,
    before_hash: a?.beforeHash ?? null,
    after_hash: a?.afterHash ?? null,
    source_ip: a?.sourceIp ?? null,
    user_agent: a?.userAgent ?? null,
    method: a?.method ?? null,
    path: a?.path ?? null,
    status_code: a?.statusCode ?? null,
    reason: a?.reason ?? null,
    request_id: a?.requestId ?? null,
    duration_ms: a?.durationMs ?? null,
  }
}
const EVENT_COLUMNS = Object.keys(eventRow({ action: '' }, new Date()))

const COLUMNS = sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)))
const PICKED = sql.join(EVENT_COLUMNS.map((c) => sql.ref(`r.${c}`)))
const NO_LOCK = sql`(select 1)`
const COMMIT_ORDER_LOCK = sql`(select pg_advisory_xact_lock(hashtextextended('registry-events:' || current_schema(), 0)))`

/** The rows of `events` in one statement, in their order, after `lock`'s one row has been read. */
const insertRows = (events: readonly PendingEvent[], lock: typeof NO_LOCK) => {
  const rows = JSON.stringify(events.map(({ event, at }) => eventRow(event, at)))
  return sql`insert into events (${COLUMNS}) select ${PICKED} from ${lock} as l cross join jsonb_populate_recordset(null::events, ${rows}::jsonb) as r`
}

/** One row of the events table, in a statement of its own. */
export const insertEvent = async (db: Kysely<Database>, event: RegistryEvent, at = new Date()): Promise<void> => {
  await insertRows([{ event, at }], NO_LOCK).execute(db)
}

/**
 * Appends a transaction's events at its very end, under a lock held until it commits
 * (docs/EXTENSIONS.md §10). A seq is taken at insert, so without the lock a transaction could take a
 * smaller seq than another and commit after it: a reader of the change stream that had served the
 * larger one would never see the smaller. Under the lock a transaction takes its seqs only once every
 * earlier holder has committed (PostgreSQL makes a commit visible before it releases its locks), so
 * the committed change rows are always every seq up to the newest one. The lock is the last one a
 * write takes (no deadlock) and is held for one insert and the commit. Keyed by the schema: registries
 * in other schemas of the database do not wait for each other. `serialized`: transactions run one at
 * a time (PGlite's one connection), so they commit in the order they take seqs without a lock.
 *
 * One statement whatever the number of events: the lock (taken as its one row is read, before any
 * seq), the rows from one JSON array in the order appended, and the `notice` (NOTIFY, delivered only
 * if the transaction commits), each of which would otherwise be a round trip of its own.
 */
export const insertEventsInCommitOrder = async (
  db: Kysely<Database>,
  events: readonly PendingEvent[],
  { serialized, notice }: { serialized: boolean; notice?: { channel: string; payload: string } },
): Promise<void> => {
  const notify = notice ? sql`select pg_notify(${notice.channel}, ${notice.payload})` : undefined
  if (events.length === 0) {
    if (notify) await notify.execute(db)
    return
  }
  const insert = insertRows(events, serialized ? NO_LOCK : COMMIT_ORDER_LOCK)
  await (notify ? sql`with appended as (${insert}) ${notify}` : insert).execute(db)
}

/** An event a transaction appended, inserted when it is about to commit; `at` is when it was appended. */
export interface PendingEvent {
  event: RegistryEvent
  at: Date
}
