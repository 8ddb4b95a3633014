/**
 * What the change stream's commit-order lock costs writers (docs/EXTENSIONS.md §10.3): registrations
 * per second through the real app, on distinct subjects, with BENCH_CONCURRENCY clients, and, for the
 * bare statement, concurrent transactions that insert one events row each, with the lock and without.
 * PostgreSQL only: BENCH_DATABASE_URL, a database (or a search_path schema) of its own.
 */
import pg from 'pg'
import { composeServer, openStore } from '../src/composition.js'

const url = process.env.BENCH_DATABASE_URL
if (!url) throw new Error('BENCH_DATABASE_URL is required (PostgreSQL)')
const DURATION_MS = Number(process.env.BENCH_MS ?? 3000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const CF = 'application/vnd.schemaregistry.v1+json'

const LOCK = `select pg_advisory_xact_lock(hashtextextended('registry-events:' || current_schema(), 0))`
const INSERT = `insert into events (action, context, subject, version, schema_id) values ('schema.register', '.', 'bench', 1, 1)`

/** Transactions per second of `statements` run by CONCURRENCY clients for DURATION_MS. */
const transactions = async (statements: string[]) => {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY })
  const until = Date.now() + DURATION_MS
  let done = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = await pool.connect()
      try {
        while (Date.now() < until) {
          await client.query('BEGIN')
          for (const s of statements) await client.query(s)
          await client.query('COMMIT')
          done++
        }
      } finally {
        client.release()
      }
    }),
  )
  await pool.end()
  return Math.round(done / (DURATION_MS / 1000))
}

const registrations = async () => {
  const store = await openStore({ databaseUrl: url, poolSize: CONCURRENCY })
  const { app } = await composeServer({ store })
  const until = Date.now() + DURATION_MS
  let done = 0
  let n = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const i = n++
        const schema = JSON.stringify({ type: 'record', name: `R${i}`, fields: [{ name: 'f', type: 'string' }] })
        const res = await app.inject({ method: 'POST', url: `/subjects/bench-${Date.now()}-${i}/versions`, headers: { 'content-type': CF }, payload: { schema } })
        if (res.statusCode === 200) done++
      }
    }),
  )
  await app.close()
  await store.close()
  return Math.round(done / (DURATION_MS / 1000))
}

console.log(`concurrency ${CONCURRENCY}, ${DURATION_MS} ms per phase`)
console.log(`registrations through the app (with the lock): ${await registrations()}/s`)
console.log(`bare event insert + commit, without the lock:   ${await transactions([INSERT])}/s`)
console.log(`bare event insert + commit, with the lock:      ${await transactions([LOCK, INSERT])}/s`)
