/**
 * In-process profile of registering new schemas into new subjects through `app.inject`: COUNT
 * registrations at concurrency C, on PGlite in a directory (like the bench) or on PostgreSQL
 * (DATABASE_URL), with BLOB_STORE=fs|none. Prints the rate, p50/p99 and the SQL statements per
 * registration (every statement Kysely runs; BEGIN/COMMIT not counted), the time inside each
 * transaction and the process's CPU per registration (steadier than rates on a shared machine). Run under
 * `node --cpu-prof --import tsx` for where the time goes; figures are only indicative on a busy machine.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { KyselyPlugin } from 'kysely'
import pg from 'pg'
import { NO_BLOBS } from '../../src/blobs/blob-store.js'
import { createFsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { composeServer, MIGRATIONS_DIR } from '../../src/composition.js'
import { createEmbeddedEngine, createPostgresEngine } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'
import { createSqlStore } from '../../src/storage/sql/sql-store.js'
import { avroRecord, subjectName } from '../lib/data.js'

const CF = 'application/vnd.schemaregistry.v1+json'
const headers = { 'content-type': CF, accept: CF }
const COUNT = Number(process.env.COUNT ?? 1000)
const C = Number(process.env.C ?? 32)
const BLOBS = process.env.BLOB_STORE ?? 'fs'
const URL = process.env.DATABASE_URL
const SHOW = process.env.SHOW_SQL === '1'

const inSchema = (url: string, schema: string): string => {
  const u = new globalThis.URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

const main = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'profile-writes-'))
  let statements = 0
  // per kind of statement: how many, and the milliseconds from its compilation to its result
  const seen = new Map<string, { n: number; ms: number }>()
  const started = new WeakMap<object, { key: string; at: number }>()
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements++
      if (SHOW) {
        const kind = args.node.kind === 'RawNode' ? 'raw' : args.node.kind
        const table = JSON.stringify(args.node).match(/"identifier":{"kind":"IdentifierNode","name":"(\w+)"/)?.[1] ?? ''
        started.set(args.queryId, { key: `${kind} ${table}`, at: performance.now() })
      }
      return args.node
    },
    transformResult: async (args) => {
      const s = started.get(args.queryId)
      if (s) {
        const e = seen.get(s.key) ?? { n: 0, ms: 0 }
        seen.set(s.key, { n: e.n + 1, ms: e.ms + performance.now() - s.at })
      }
      return args.result
    },
  }
  if (URL) {
    // a schema of its own, fresh for every run
    const admin = new pg.Client({ connectionString: URL })
    await admin.connect()
    await admin.query('drop schema if exists profile_writes cascade; create schema profile_writes')
    await admin.end()
  }
  const engine = URL ? createPostgresEngine(inSchema(URL, 'profile_writes')) : await createEmbeddedEngine(path.join(dir, 'db'))
  await migrate(engine.db, MIGRATIONS_DIR)
  engine.db = engine.db.withPlugin(counter)
  const sqlStore = await createSqlStore(engine)
  // time inside each transaction's function (on PGlite: the hold of the one connection, less the commit)
  let inside = 0
  const store: typeof sqlStore = {
    ...sqlStore,
    transaction: (fn) =>
      sqlStore.transaction(async (tx) => {
        const t = performance.now()
        try {
          return await fn(tx)
        } finally {
          inside += performance.now() - t
        }
      }),
  }
  const blobs = BLOBS === 'fs' ? createFsBlobStore(path.join(dir, 'files')) : NO_BLOBS
  const { app } = await composeServer({ store, blobs, dialect: 'confluent', logger: false })
  await app.ready()

  const register = (n: number) => app.inject({ method: 'POST', url: `/subjects/${subjectName(n)}/versions`, headers, payload: JSON.stringify({ schema: avroRecord(n) }) })
  for (let n = 0; n < 100; n++) await register(1_000_000 + n) // warm-up
  statements = 0
  inside = 0
  seen.clear()
  const latencies: number[] = []
  let next = 0
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < COUNT) {
        const n = next++
        const s = performance.now()
        const r = await register(n)
        if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
        latencies.push(performance.now() - s)
      }
    }),
  )
  const ms = performance.now() - t0
  // CPU of every thread of the process (the analyzer's workers included): the work, whatever the load
  const cpu = process.cpuUsage(cpu0)
  latencies.sort((a, b) => a - b)
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1)
  const engineName = URL ? 'postgres' : 'pglite'
  console.log(
    `${engineName} blobs=${BLOBS} c=${C}: ${((COUNT * 1000) / ms).toFixed(0)}/s p50 ${at(0.5)} ms p99 ${at(0.99)} ms, ${(statements / COUNT).toFixed(1)} statements per registration, ${(inside / COUNT).toFixed(1)} ms in each transaction, ${((cpu.user + cpu.system) / 1000 / COUNT).toFixed(1)} ms CPU each`,
  )
  if (SHOW) for (const [k, v] of [...seen].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${(v.n / COUNT).toFixed(2)} ${k}: ${(v.ms / v.n).toFixed(2)} ms each`)
  await app.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
}
void main()
