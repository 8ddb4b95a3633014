/**
 * Reads while 80 KB BACKWARD_TRANSITIVE registrations run (the benchmark's scenario), on the
 * registry as `npm start` runs it: seeds N schemas, starts `dist/main.js` (with --cpu-prof when
 * PROFILE=1; profiles land in PROFILE_DIR), measures GET by id idle, then during the writes, and
 * prints both p99s with the server's event-loop delay (monitorEventLoopDelay, loop-delay.mjs) and
 * its read-cache counters per phase. ENGINE=pglite|postgres (BENCH_PG_URL), N, BENCH_MS.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { avroRecord, subjectName } from '../lib/data.js'
import { call } from '../lib/load.js'
import { startRegistry } from '../lib/processes.js'
import { getById, readsDuringHeavyWrites, warmUp } from '../lib/scenarios.js'
import { seed } from '../lib/seed.js'

const N = Number(process.env.N ?? 1000)
const MS = Number(process.env.BENCH_MS ?? 3000)
const ENGINE = process.env.ENGINE ?? 'pglite'
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const PROFILE_DIR = process.env.PROFILE_DIR ?? path.join(os.tmpdir(), 'registry-profiles')

/** A PostgreSQL database of its own for ENGINE=postgres; dropped afterwards. */
const database = async (): Promise<{ url?: string; drop(): Promise<void> }> => {
  if (ENGINE !== 'postgres') return { drop: async () => undefined }
  const name = `prof_heavy_${process.pid}`
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: PG_URL })
    await c.connect()
    await c.query(q)
    await c.end()
  }
  await admin(`create database ${name}`)
  const url = new URL(PG_URL)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}

const main = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'prof-heavy-'))
  const db = await database()
  const delayFile = path.join(dir, 'loop-delay.json')
  const env: Record<string, string> = { DATA_DIR: dir, LOOP_DELAY_FILE: delayFile, ...(db.url ? { DATABASE_URL: db.url } : {}) }
  try {
    await (await startRegistry(env)).stop()
    const ids = await seed(
      { dataDir: dir, ...(db.url ? { databaseUrl: db.url } : {}) },
      (function* () {
        for (let n = 0; n < N; n++) yield { subject: subjectName(n), version: 1, schema: avroRecord(n) }
      })(),
    )
    const preload = ['--import', new URL('./loop-delay.mjs', import.meta.url).href]
    const prof = process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []
    const server = await startRegistry(env, [...preload, ...prof])
    const delay = async () => {
      server.process.kill('SIGUSR2')
      await new Promise((r) => setTimeout(r, 100))
      return readFile(delayFile, 'utf8')
    }
    const cache = async () => {
      const text = String((await call(server.port, { method: 'GET', path: '/metrics' })).body)
      return text
        .split('\n')
        .filter((l) => /cache.*(hits|misses)/.test(l) && !l.startsWith('#'))
        .join(' | ')
    }
    await warmUp.ids(server.port, ids)
    const opts = { concurrency: 50, durationMs: MS }
    await delay()
    const idle = await getById(server.port, ids, opts)
    console.log(`idle:   ${idle.rps.toFixed(0)}/s p50 ${idle.p50.toFixed(1)} p99 ${idle.p99.toFixed(1)} ms; loop delay ${await delay()}`)
    console.log(`        cache ${await cache()}`)
    const during = await readsDuringHeavyWrites(server.port, ids, opts)
    const m = during.reads
    console.log(`during: ${m.rps.toFixed(0)}/s p50 ${m.p50.toFixed(1)} p99 ${m.p99.toFixed(1)} ms; loop delay ${await delay()}; ${during.writes} registrations`)
    console.log(`        cache ${await cache()}`)
    console.log(`${ENGINE}: p99 during / idle = ${(m.p99 / idle.p99).toFixed(1)}`)
    await server.stop()
    if (process.env.PROFILE) console.log(`profile in ${PROFILE_DIR}`)
  } finally {
    await db.drop()
    await rm(dir, { recursive: true, force: true })
  }
}
void main()
