import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmbeddedEngine, type Engine } from '../../src/storage/sql/engines.js'
import { MAX_PREPARED } from '../../src/storage/sql/pglite-driver.js'

// The embedded engine's driver prepares each data statement once, by name (pglite-driver.ts): what it
// answers must be what PGlite's own `query` answers, through errors, transactions and schema changes.
let engine: Engine
beforeAll(async () => {
  engine = await createEmbeddedEngine(undefined)
  await sql`create table items (id serial primary key, name text unique not null, detail jsonb, at timestamptz, flag boolean)`.execute(engine.db)
})
afterAll(() => engine.db.destroy())

const db = () => engine.db
const prepared = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db())).rows[0]!.n

describe('the embedded engine’s preparing driver', () => {
  it('binds every parameter type the store sends and parses the rows back, the same on first and later runs', async () => {
    const at = new Date('2026-12-07T10:00:00.000Z')
    for (const [name, detail, flag] of [
      ['a', { x: [1, 'two'] }, true],
      ['b', null, false],
    ] as const) {
      const { rows } = await sql<{ id: number; name: string; detail: unknown; at: Date; flag: boolean }>`
        insert into items (name, detail, at, flag) values (${name}, ${detail === null ? null : JSON.stringify(detail)}::jsonb, ${at}, ${flag}) returning *`.execute(db())
      expect(rows).toEqual([{ id: expect.any(Number), name, detail, at, flag }])
    }
    const read = await sql<{ name: string }>`select name from items where name in (${'a'}, ${'b'}) order by name`.execute(db())
    expect(read.rows).toEqual([{ name: 'a' }, { name: 'b' }])
    const updated = await sql`update items set flag = ${true} where name = ${'b'}`.execute(db())
    expect(updated.numAffectedRows).toBe(1n)
  })

  it('reports a failed statement with its PostgreSQL code and goes on answering', async () => {
    const dup = await sql`insert into items (name) values (${'a'})`.execute(db()).catch((e: unknown) => e)
    expect(dup).toMatchObject({ code: '23505' })
    expect((await sql<{ name: string }>`select name from items where name = ${'a'}`.execute(db())).rows).toEqual([{ name: 'a' }])
  })

  it('keeps a committed transaction and nothing of a failed one', async () => {
    await db()
      .transaction()
      .execute(async (tx) => {
        await sql`insert into items (name) values (${'kept'})`.execute(tx)
      })
    const failed = await db()
      .transaction()
      .execute(async (tx) => {
        await sql`insert into items (name) values (${'lost'})`.execute(tx)
        await sql`insert into items (name) values (${'a'})`.execute(tx)
      })
      .catch((e: unknown) => e)
    expect(failed).toMatchObject({ code: '23505' })
    const names = (await sql<{ name: string }>`select name from items where name in (${'kept'}, ${'lost'})`.execute(db())).rows
    expect(names).toEqual([{ name: 'kept' }])
  })

  it('forgets its statements when a table changes, so a prepared `select *` answers the new columns', async () => {
    const before = (await sql<Record<string, unknown>>`select * from items where name = ${'a'}`.execute(db())).rows[0]!
    expect(Object.keys(before)).not.toContain('extra')
    await sql`alter table items add column extra int default 5`.execute(db())
    const after = (await sql<Record<string, unknown>>`select * from items where name = ${'a'}`.execute(db())).rows[0]!
    expect(after.extra).toBe(5)
  })

  it(`holds at most ${MAX_PREPARED} statements in PostgreSQL, closing the least recently used`, async () => {
    for (let n = 0; n < MAX_PREPARED + 50; n++) {
      const { rows } = await sql<{ v: number }>`select ${n}::int + ${sql.raw(String(n))} as v`.execute(db())
      expect(rows).toEqual([{ v: 2 * n }])
    }
    expect(await prepared()).toBeLessThanOrEqual(MAX_PREPARED)
    expect(await prepared()).toBeGreaterThan(MAX_PREPARED - 60)
  })
})
