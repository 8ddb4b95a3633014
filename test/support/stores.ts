import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { MIGRATIONS_DIR } from '../../src/composition.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import type { RegistryEvent } from '../../src/storage/store-events.js'
import type { Database } from '../../src/storage/sql/database.js'
import { createEmbeddedEngine, createPostgresEngine, type Engine } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'
import { createSqlStore } from '../../src/storage/sql/sql-store.js'

export type EngineName = 'pglite' | 'postgres'

/** The engines this run tests: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const engines = (): EngineName[] => (process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])

/** The engine the HTTP tests use: PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
export const primaryEngine = (): EngineName => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')

const withSearchPath = (url: string, schema: string): string => {
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

export type LoggedEvent = RegistryEvent & { at: Date }

/** The store, plus what only tests read: the events table's rows as written (`auditEvents` lists only audit rows, in its own shape). */
export type TestRegistryStore = RegistryStore & {
  /** The newest `limit` rows of the events table, newest first; fields not written read as undefined. */
  recentEvents(limit: number): Promise<LoggedEvent[]>
}

const readEvents = async (db: Kysely<Database>, limit: number): Promise<LoggedEvent[]> => {
  const rows = await db.selectFrom('events').selectAll().orderBy('seq', 'desc').limit(limit).execute()
  return rows.map((r) => ({
    at: r.at instanceof Date ? r.at : new Date(r.at),
    action: r.action,
    actor: r.actor ?? undefined,
    context: r.context ?? undefined,
    subject: r.subject ?? undefined,
    version: r.version ?? undefined,
    schemaId: r.schema_id ?? undefined,
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) ?? undefined,
  }))
}

/**
 * What composition.ts's openStore does, keeping the engine so that tests can read the events table.
 * On PGlite that read shares the store's one connection outside its serializer: call it only while
 * no transaction of the store is running.
 */
const open = async (engine: Engine): Promise<TestRegistryStore> => {
  try {
    await migrate(engine.db, MIGRATIONS_DIR)
  } catch (e) {
    await engine.db.destroy()
    throw e
  }
  const store = await createSqlStore(engine)
  return { ...store, recentEvents: (limit) => readEvents(engine.db, limit) }
}

let template: Promise<Blob | undefined> | undefined
/**
 * The migrated database image the global setup made for this run (test/support/pglite-template.ts),
 * read once per test file; none when a file runs without it (a single file under an IDE, say).
 */
const migratedTemplate = (): Promise<Blob | undefined> => {
  const file = process.env.TEST_PGLITE_TEMPLATE
  template ??= file ? readFile(file).then((bytes) => new Blob([bytes])) : Promise.resolve(undefined)
  return template
}

export interface TestStore {
  store: TestRegistryStore
  /** Connection string of the PostgreSQL schema, when on PostgreSQL (for restart tests). */
  databaseUrl?: string
  /** Opens another store on the same database, as a second instance would (PostgreSQL only); closed by `dispose`. */
  openPeer?: () => Promise<RegistryStore>
  /** Drops what the store created. */
  dispose(): Promise<void>
}

/**
 * A fresh, migrated store. On PostgreSQL every store gets its own schema, so test files can run in
 * parallel against one database without seeing each other's rows.
 */
export const openTestStore = async (engine: EngineName, opts: { dataDir?: string } = {}): Promise<TestStore> => {
  if (engine === 'pglite') {
    const store = await open(await createEmbeddedEngine(opts.dataDir, { template: opts.dataDir ? undefined : await migratedTemplate() }))
    // a test may have closed the store already
    return { store, dispose: () => store.close().catch(() => undefined) }
  }
  const base = process.env.TEST_DATABASE_URL!
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const databaseUrl = withSearchPath(base, schema)
  const store = await open(createPostgresEngine(databaseUrl, 5))
  const peers: RegistryStore[] = []
  return {
    store,
    databaseUrl,
    async openPeer() {
      const peer = await open(createPostgresEngine(databaseUrl, 2))
      peers.push(peer)
      return peer
    },
    async dispose() {
      // the schema goes even when a store was already closed (a test may close one on purpose)
      for (const s of [store, ...peers]) await s.close().catch(() => undefined)
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`DROP SCHEMA ${schema} CASCADE`)
      await c.end()
    },
  }
}
