/**
 * Time to ready after a restart, and where it goes: seeds N schemas once per engine (PGlite in a
 * directory; PostgreSQL in a schema of its own when TEST_DATABASE_URL answers), then
 *  - starts `dist/main.js` REPEAT times and reports spawn -> first 200 of /health/ready;
 *  - runs the start-up's phases one by one in a plain `node` child (compiled dist/, no TypeScript
 *    loader) and reports each phase's milliseconds, one after another: module import, store open
 *    (engine, migrations, store), the server's modules, app build (services, routes, Swagger), ready,
 *    listen. main.js overlaps the store's open with loading the server's modules, so its time to
 *    ready is less than the sum.
 * CPU_PROF=1 also writes a --cpu-prof profile of one restart to PROFILE_DIR.
 *
 *   N=1000 REPEAT=5 npx tsx bench/profile/startup.ts      (after `npm run build`)
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { avroRecord, subjectName } from '../lib/data.js'
import { ROOT, startRegistry } from '../lib/processes.js'
import { seed } from '../lib/seed.js'

const N = Number(process.env.N ?? 1000)
const REPEAT = Number(process.env.REPEAT ?? 5)
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const PROFILE_DIR = process.env.PROFILE_DIR ?? path.join(os.tmpdir(), 'registry-profiles')

// Each phase as main.ts and composition.ts run it, timed; printed as one JSON line.
const PHASES = `
const t = [['spawn', performance.now()]]
const mark = (name) => t.push([name, performance.now()])
const { composeFromConfig, openStore, composeServer, safeLogger } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'composition.js'))})
const { loadConfig } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'config.js'))})
mark('import composition (store side)')
const config = loadConfig(process.env)
mark('config')
const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR })
mark('open store (engine, migrations)')
// what composeServer imports on first use (cached after this): timed apart from building the app
await Promise.all(['app.js', 'services/registry.js', 'formats/formats.js', 'http/dialects/index.js'].map((f) => import(${JSON.stringify(path.join(ROOT, 'dist'))} + '/' + f)))
mark('import server modules')
const { app } = await composeServer({ store, logger: safeLogger('info') })
mark('build app')
await app.ready()
mark('app.ready')
await app.listen({ port: 0, host: '127.0.0.1' })
mark('listen')
await app.close(); await store.close()
const out = {}
for (let i = 1; i < t.length; i++) out[t[i][0]] = Math.round(t[i][1] - t[i - 1][1])
out.total = Math.round(t[t.length - 1][1])
console.log(JSON.stringify(out))
`

const phases = (env: Record<string, string>): Record<string, number> => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PHASES], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const measure = async (engine: string, env: Record<string, string>) => {
  const ready: number[] = []
  for (let i = 0; i < REPEAT; i++) {
    const server = await startRegistry(env)
    ready.push(server.readyMs)
    await server.stop()
  }
  console.log(
    `${engine} ${process.env.DATA_DIR && engine === 'pglite' ? `DATA_DIR=${process.env.DATA_DIR}` : `N=${N}`} ready after restart (ms): ${ready.map((x) => x.toFixed(0)).join(' ')}  median ${median(ready).toFixed(0)}`,
  )
  const runs = Array.from({ length: REPEAT }, () => phases(env))
  const breakdown = Object.fromEntries(Object.keys(runs[0]!).map((k) => [k, median(runs.map((r) => r[k]!))]))
  console.log(`${engine} phases, median ms:`, breakdown)
  if (process.env.CPU_PROF) {
    await (await startRegistry(env, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`])).stop()
    console.log(`${engine} profile in ${PROFILE_DIR}`)
  }
}

const items = function* () {
  for (let n = 0; n < N; n++) yield { subject: subjectName(n), version: 1, schema: avroRecord(n) }
}

const main = async () => {
  const engines = (process.env.ENGINES ?? 'pglite,postgres').split(',')
  if (engines.includes('pglite')) {
    const dir = process.env.DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'prof-startup-')))
    try {
      if (!process.env.DATA_DIR) {
        await (await startRegistry({ DATA_DIR: dir })).stop()
        await seed({ dataDir: dir }, items())
      }
      await measure('pglite', { DATA_DIR: dir })
    } finally {
      if (!process.env.DATA_DIR) await rm(dir, { recursive: true, force: true })
    }
  }
  if (engines.includes('postgres')) {
    // a schema of its own, as the tests use: the connection's search_path selects it
    const schema = `startup_${process.pid}`
    const admin = new pg.Client({ connectionString: PG_URL })
    try {
      await admin.connect()
    } catch {
      console.log(`postgres skipped: ${PG_URL} does not answer`)
      return
    }
    await admin.query(`create schema ${schema}`)
    const url = new URL(PG_URL)
    url.searchParams.set('options', `-c search_path=${schema}`)
    const dir = await mkdtemp(path.join(os.tmpdir(), 'prof-startup-pg-'))
    try {
      await seed({ databaseUrl: url.toString() }, items())
      await measure('postgres', { DATABASE_URL: url.toString(), DATA_DIR: dir })
    } finally {
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
void main()
