import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { createEmbeddedEngine, dumpEmbedded } from '../../src/storage/sql/engines.js'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

const setting = async (engine: Awaited<ReturnType<typeof createEmbeddedEngine>>, name: string) =>
  (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(engine.db)).rows[0]!.v

describe('embedded engine', () => {
  it('creates a new data directory (in a worker thread), opens it with small buffers, and opens it again with its data', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'embedded-'))
    dirs.push(dir)
    const first = await createEmbeddedEngine(path.join(dir, 'db'))
    expect(existsSync(path.join(dir, 'db', 'PG_VERSION'))).toBe(true)
    expect(await setting(first, 'shared_buffers')).toBe('16MB')
    await sql`create table kept (n int)`.execute(first.db)
    await sql`insert into kept values (7)`.execute(first.db)
    await first.db.destroy()

    const again = await createEmbeddedEngine(path.join(dir, 'db'))
    expect((await sql<{ n: number }>`select n from kept`.execute(again.db)).rows).toEqual([{ n: 7 }])
    expect(await setting(again, 'work_mem')).toBe('2MB')
    await again.db.destroy()
  })

  it('keeps an in-memory store (tests) to the same settings', async () => {
    const engine = await createEmbeddedEngine(undefined)
    expect(await setting(engine, 'shared_buffers')).toBe('16MB')
    await engine.db.destroy()
  })

  it('starts in-memory databases from an image: each holds what the image held, and its own writes only', async () => {
    const image = await dumpEmbedded(async (db) => {
      await sql`create table seeded (n int)`.execute(db)
      await sql`insert into seeded values (1)`.execute(db)
    })
    const a = await createEmbeddedEngine(undefined, { template: image })
    const b = await createEmbeddedEngine(undefined, { template: image })
    await sql`insert into seeded values (2)`.execute(a.db)
    const rows = async (e: typeof a) => (await sql<{ n: number }>`select n from seeded order by n`.execute(e.db)).rows.map((r) => r.n)
    expect(await rows(a)).toEqual([1, 2])
    expect(await rows(b)).toEqual([1])
    expect(await setting(b, 'shared_buffers')).toBe('16MB')
    await a.db.destroy()
    await b.db.destroy()
  })
})
