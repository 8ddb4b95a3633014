import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR } from '../../src/composition.js'
import { createEmbeddedEngine } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'
import { createSqlStore } from '../../src/storage/sql/sql-store.js'
import { analyzeAsTablesGrow } from '../../src/storage/sql/statistics.js'
import { openTestStore } from '../support/stores.js'
import { content, eventually, register } from './contract/fixtures.js'

// PGlite runs no autovacuum (and a PostgreSQL server may run without it): the store analyzes its
// tables as they grow, or the plans cached while they were small (sequential scans in foreign-key
// checks) would make every insert scan.
describe('statistics of the store', () => {
  it('analyzes when the write transactions since start double: at 1, 2, 4, ... 256', async () => {
    const at: number[] = []
    let writes = 0
    const statistics = analyzeAsTablesGrow(async () => at.push(writes))
    for (writes = 1; writes <= 300; writes++) statistics.wrote()
    expect(at).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256])
  })

  it('keeps analyzing after a failed ANALYZE', async () => {
    let calls = 0
    const statistics = analyzeAsTablesGrow(async () => {
      calls++
      throw new Error('busy')
    }, 2)
    for (let i = 0; i < 8; i++) statistics.wrote()
    await new Promise((r) => setTimeout(r, 0))
    expect(calls).toBe(3)
  })

  it('gives PGlite statistics of what was registered, which it never gathers by itself', async () => {
    const engine = await createEmbeddedEngine(undefined)
    await migrate(engine.db, MIGRATIONS_DIR)
    const store = await createSqlStore(engine)
    try {
      const rows = async () => Number((await sql<{ n: number }>`select reltuples as n from pg_class where relname = 'subject_versions'`.execute(engine.db)).rows[0]!.n)
      // never analyzed: PostgreSQL says -1
      expect(await rows()).toBeLessThan(0)
      for (let n = 0; n < 64; n++) await register(store, { subject: `grow-${n}`, version: 1 }, content(`grow-${n}`))
      await eventually(async () => (await store.ping(), (await rows()) === 64))
    } finally {
      await store.close()
    }
  })

  it.skipIf(!process.env.TEST_DATABASE_URL)("gives PostgreSQL statistics of its own schema's tables as they grow, without autovacuum", async () => {
    const { store, databaseUrl, dispose } = await openTestStore('postgres')
    const c = new pg.Client({ connectionString: databaseUrl })
    await c.connect()
    try {
      // the store's own table (search_path), not another test's
      const rows = async () => Number((await c.query<{ n: number }>(`select reltuples as n from pg_class where oid = 'subject_versions'::regclass`)).rows[0]!.n)
      for (let n = 0; n < 64; n++) await register(store, { subject: `grow-${n}`, version: 1 }, content(`grow-${n}`))
      await eventually(async () => (await rows()) === 64)
    } finally {
      await c.end()
      await dispose()
    }
  })
})
