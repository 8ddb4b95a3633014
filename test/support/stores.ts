import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openStore } from '../../src/composition.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'

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

export interface TestStore {
  store: RegistryStore
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
    const store = await openStore({ dataDir: opts.dataDir })
    return { store, dispose: () => store.close() }
  }
  const base = process.env.TEST_DATABASE_URL!
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const databaseUrl = withSearchPath(base, schema)
  const store = await openStore({ databaseUrl, poolSize: 5 })
  const peers: RegistryStore[] = []
  return {
    store,
    databaseUrl,
    async openPeer() {
      const peer = await openStore({ databaseUrl, poolSize: 2 })
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
