import { randomBytes } from 'node:crypto'
import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely, type KyselyPlugin } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR } from '../../src/composition.js'
import { createEmbeddedEngine, createPostgresEngine, type Engine } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'
import { engines, type EngineName } from '../support/stores.js'

const cleanups: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

/** A fresh, empty database of the engine (PostgreSQL: a schema of its own), closed after the file. */
const freshEngine = async (name: EngineName): Promise<Engine> => {
  if (name === 'pglite') {
    const engine = await createEmbeddedEngine(undefined)
    cleanups.push(() => engine.db.destroy())
    return engine
  }
  const base = process.env.TEST_DATABASE_URL!
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const engine = createPostgresEngine(url.toString(), 2)
  cleanups.push(async () => {
    await engine.db.destroy()
    const c = new pg.Client({ connectionString: base })
    await c.connect()
    await c.query(`drop schema ${schema} cascade`)
    await c.end()
  })
  return engine
}

/** The same database, counting every statement sent through it. */
const counting = (db: Kysely<unknown>) => {
  const counter = { statements: 0 }
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      counter.statements++
      return args.node
    },
    transformResult: async (args) => args.result,
  }
  return { db: db.withPlugin(plugin), counter }
}

/** A copy of the migrations, to add or remove files from. */
const migrationsCopy = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  await cp(MIGRATIONS_DIR, dir, { recursive: true })
  return dir
}

describe.each(engines())('migrations on %s', (name) => {
  it('apply to a new database, then cost a restart two statements', async () => {
    const engine = await freshEngine(name)
    await migrate(engine.db, MIGRATIONS_DIR)
    expect((await sql<{ n: number }>`select count(*)::int as n from subjects`.execute(engine.db)).rows[0]!.n).toBe(0)
    const { db, counter } = counting(engine.db as Kysely<unknown>)
    await migrate(db, MIGRATIONS_DIR)
    // current_schema() and the applied names: none of the Migrator's tables, lock or transaction
    expect(counter.statements).toBe(2)
  })

  it('still apply a new migration file on a restart', async () => {
    const engine = await freshEngine(name)
    const dir = await migrationsCopy()
    await migrate(engine.db, dir)
    await writeFile(path.join(dir, '999_later.sql'), 'create table later (n int);\n')
    await migrate(engine.db, dir)
    expect((await sql<{ n: number }>`select count(*)::int as n from later`.execute(engine.db)).rows[0]!.n).toBe(0)
  })

  it('still refuse a database that has applied a migration the files lack (an older release)', async () => {
    const engine = await freshEngine(name)
    const dir = await migrationsCopy()
    await writeFile(path.join(dir, '999_later.sql'), 'create table later (n int);\n')
    await migrate(engine.db, dir)
    await unlink(path.join(dir, '999_later.sql'))
    await expect(migrate(engine.db, dir)).rejects.toThrow(/999_later/)
  })
})
