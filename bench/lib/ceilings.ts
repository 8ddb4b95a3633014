/**
 * The machine's own limits, measured in the same run as the registry: the cheapest HTTP answers
 * (bare node:http, one bare Fastify route) and the cheapest durable write each database can do
 * (one INSERT and its COMMIT, with as many in flight as the scenario has).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, sql } from 'kysely'
import pg from 'pg'
import { PreparingPGliteDialect } from '../../src/storage/sql/pglite-driver.js'
import { load, type Measured } from './load.js'
import { startCeiling } from './processes.js'

export const httpCeiling = async (file: 'bare-node.mjs' | 'bare-fastify.mjs', body: string, concurrency: number, durationMs: number) => {
  const server = await startCeiling(file, body)
  try {
    return await load(server.port, () => ({ method: 'GET', path: '/schemas/ids/1' }), { concurrency, durationMs })
  } finally {
    await server.stop()
  }
}

/** `concurrency` loops of INSERT+COMMIT for `durationMs`; rate, p50 and p99 of each transaction. */
const insertLoops = async (concurrency: number, durationMs: number, insert: () => Promise<void>): Promise<Measured> => {
  const latencies: number[] = []
  const started = Date.now()
  const until = started + durationMs
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const t0 = performance.now()
        await insert()
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const elapsed = Date.now() - started
  latencies.sort((a, b) => a - b)
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0
  return { rps: (latencies.length * 1000) / elapsed, p50: at(0.5), p99: at(0.99), errors: 0, count: latencies.length }
}

const TABLE = 'create table t (id bigserial primary key, body text not null)'

/**
 * Through the embedded store's own driver (its insert prepared once, src/storage/sql/pglite-driver.ts),
 * so that the ceiling is the cheapest write the registry's way of talking to PGlite can do: PGlite's
 * own `query` parses every statement again, which would make a lower ceiling and a flattering ratio.
 */
export const rawPgliteInserts = async (concurrency: number, durationMs: number, body: string): Promise<Measured> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-pglite-raw-'))
  const pglite = new PGlite(dir)
  const db = new Kysely<unknown>({ dialect: new PreparingPGliteDialect(pglite) })
  try {
    await pglite.waitReady
    await pglite.exec(TABLE)
    return await insertLoops(concurrency, durationMs, () =>
      db.transaction().execute(async (tx) => {
        await sql`insert into t (body) values (${body})`.execute(tx)
      }),
    )
  } finally {
    await db.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}

export const rawPgInserts = async (url: string, concurrency: number, durationMs: number, body: string): Promise<Measured> => {
  const pool = new pg.Pool({ connectionString: url, max: concurrency })
  try {
    await pool.query('drop table if exists t')
    await pool.query(TABLE)
    return await insertLoops(concurrency, durationMs, async () => {
      const client = await pool.connect()
      try {
        await client.query('begin')
        await client.query('insert into t (body) values ($1)', [body])
        await client.query('commit')
      } finally {
        client.release()
      }
    })
  } finally {
    await pool.query('drop table if exists t').catch(() => {})
    await pool.end()
  }
}
