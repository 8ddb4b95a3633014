import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { isRegistryError, RegistryError } from '../../errors/registry-error.js'
import type { RegistryStore, StoreChange, StoreReader, StoreWriter } from '../registry-store.js'
import type { Database } from './database.js'
import type { Engine } from './engines.js'
import { Mutex } from './mutex.js'
import { createSqlReader, schemaWithRegistrations } from './sql-reader.js'
import { insertEvent, insertEventsInCommitOrder } from './sql-events.js'
import { createSqlWriter, newWriteLog } from './sql-writer.js'
import { readAuditEvents } from './sql-audit.js'
import { readChangeEvents } from './sql-changes.js'
import { analyzeAsTablesGrow } from './statistics.js'

const CHANNEL = 'registry_changes'
const RECONNECT_MS = 1000

// Driver errors never reach a client as such: they become STORAGE_ERROR, with the cause kept for logs.
const wrap = (e: unknown): never => {
  if (isRegistryError(e)) throw e
  throw new RegistryError('STORAGE_ERROR', { reason: 'Error in the backend data store' }, { cause: e })
}

/** Runs every read in the serializer (PGlite) or straight on the pool (PostgreSQL). */
const guardedReader = (reader: StoreReader, run: <T>(fn: () => Promise<T>) => Promise<T>): StoreReader =>
  Object.fromEntries(
    Object.entries(reader).map(([name, fn]) => [name, (...args: unknown[]) => run(() => (fn as (...a: unknown[]) => Promise<unknown>)(...args)).catch(wrap)]),
  ) as unknown as StoreReader

/** What a commit announces on the channel. */
interface Notice {
  origin: string
  /** The schema the registry lives in: a channel is per database, and one database may hold several registries. */
  schema: string
  contentChanged: boolean
}

// Anyone with access to the database can NOTIFY on the channel: what is not a notice is ignored, since
// throwing here would be an uncaught exception in the driver's event handler.
const parseNotice = (payload: string): Notice | undefined => {
  try {
    const msg = JSON.parse(payload) as Partial<Notice> | null
    const valid = typeof msg?.origin === 'string' && typeof msg.contentChanged === 'boolean' && typeof msg.schema === 'string'
    return valid ? (msg as Notice) : undefined
  } catch {
    return undefined
  }
}

/**
 * Other instances' commits, through LISTEN/NOTIFY. A lost connection counts as "anything changed",
 * and so does its return: what was read and cached while no notice could arrive may be stale.
 */
const followOtherInstances = (engine: Engine, self: Omit<Notice, 'contentChanged'>, emit: (c: StoreChange) => void) => {
  let stop: (() => Promise<void>) | undefined
  let closed = false
  let attempts = 0
  const connect = async () => {
    if (closed || !engine.listen) return
    // any connection but the first follows a time when no notice could arrive (a loss, a failed connect)
    const again = attempts++ > 0
    // A connection may report its loss more than once (pg emits 'error', then 'end'; a failed connect
    // both rejects and ends): one retry per connection, or each loss would double the connections.
    let lost = false
    const retry = (): boolean => {
      if (lost) return false
      lost = true
      stop = undefined
      if (!closed) setTimeout(() => void connect(), RECONNECT_MS).unref()
      return true
    }
    try {
      const stopping = await engine.listen(
        CHANNEL,
        (payload) => {
          const msg = parseNotice(payload)
          // A notice without a schema (an instance of an older release) cannot be told apart from another
          // registry's: during a rolling upgrade the cache's age limit covers what it would have said.
          if (msg?.schema === self.schema && msg.origin !== self.origin) emit({ contentChanged: msg.contentChanged })
        },
        () => {
          if (retry()) emit({ contentChanged: true })
        },
      )
      // closed while connecting: this connection would otherwise stay open, and keep the process alive
      if (closed) await stopping().catch(() => undefined)
      else if (!lost) {
        stop = stopping
        if (again) emit({ contentChanged: true })
      }
    } catch {
      retry()
    }
  }
  return {
    start: connect,
    async close() {
      closed = true
      await stop?.().catch(() => undefined)
    },
  }
}

/** The one Kysely implementation of the store, on PGlite or PostgreSQL (see engines.ts). */
export const createSqlStore = async (engine: Engine): Promise<RegistryStore> => {
  const db: Kysely<Database> = engine.db
  const mutex = engine.singleConnection ? new Mutex() : undefined
  const run = <T>(fn: () => Promise<T>): Promise<T> => (mutex ? mutex.run(fn) : fn())
  const origin = randomUUID()
  const schema = engine.listen ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db).catch(wrap)).rows[0]!.schema : ''
  const listeners: ((c: StoreChange) => void)[] = []
  // A listener's failure is its own: the write has committed (reporting it as failed would invite a
  // retry of a done write), and the other listeners, caches among them, must still hear of it.
  const emit = (c: StoreChange) =>
    listeners.forEach((l) => {
      try {
        l(c)
      } catch {
        // nothing to undo and no logger at this layer
      }
    })
  const follower = followOtherInstances(engine, { origin, schema }, emit)
  // PGlite has no autovacuum, and a PostgreSQL server may run without it (statistics.ts): the tables
  // that grow with registrations, by unqualified name (the store's own schema, not the database's)
  const statistics = analyzeAsTablesGrow(() => run(() => sql`analyze subjects, schemas, subject_versions, schema_references, events`.execute(db)))
  await follower.start()

  return {
    ...guardedReader(createSqlReader(db), run),
    schemaWithRegistrations: (context, id) => run(() => schemaWithRegistrations(db, context, id)).catch(wrap),
    // PGlite is one connection in this process; PostgreSQL may be shared with other instances
    exclusive: engine.singleConnection,
    async transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
      const log = newWriteLog()
      const result = await run(() =>
        db.transaction().execute(async (trx) => {
          const value = await fn(createSqlWriter(trx, log, engine.singleConnection))
          // the other instances hear of it (delivered by PostgreSQL only if this transaction commits)
          const notice =
            log.wrote && engine.listen ? { channel: CHANNEL, payload: JSON.stringify({ origin, schema, contentChanged: log.contentChanged } satisfies Notice) } : undefined
          await insertEventsInCommitOrder(trx, log.events, { serialized: engine.singleConnection, notice })
          return value
        }),
      ).catch(wrap)
      const regs = log.registrations
      if (log.wrote) {
        statistics.wrote()
        emit({ contentChanged: log.contentChanged, ...(regs ? { registrations: { ids: [...regs.ids], subjects: [...regs.subjects] } } : {}) })
      }
      return result
    },
    onChange(listener) {
      listeners.push(listener)
    },
    async recordEvent(event) {
      // one statement: a transaction of its own, and nothing any cache needs to hear of
      await run(() => insertEvent(db, event)).catch(wrap)
    },
    async auditEvents(query) {
      return run(() => readAuditEvents(db, query)).catch(wrap)
    },
    async changeEvents(query) {
      return run(() => readChangeEvents(db, query)).catch(wrap)
    },
    async ping() {
      // on PGlite it waits its turn behind a running transaction, like any read; callers bound the wait
      await run(() => sql`select 1`.execute(db)).catch(wrap)
    },
    async close() {
      await follower.close()
      await run(() => db.destroy())
    },
  }
}
