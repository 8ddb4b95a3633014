/**
 * `npm run bench`: the registry as `npm start` runs it, in its own process, against ceilings measured
 * in the same run (docs in bench/README.md). Every target prints with its measured value; the report
 * goes to bench/results.md.
 *
 *   BENCH_SIZES=1000,10000,100000  data sets (schemas; default 1000)
 *   BENCH_MS=3000                  time per measured phase
 *   BENCH_ENGINES=pglite,postgres  stores (PostgreSQL is skipped when BENCH_PG_URL does not answer)
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres  a role that may create databases
 *   SCHEMA_CACHE_BYTES, MUTABLE_CACHE_BYTES  passed to the registry when set (the report says so)
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { httpCeiling, rawPgInserts, rawPgliteInserts } from './lib/ceilings.js'
import { avroRecord, evolvingRecord, subjectName } from './lib/data.js'
import type { Measured } from './lib/load.js'
import { ROOT, startRegistry, type RegistryProcess } from './lib/processes.js'
import { render, writeReport, type Row } from './lib/report.js'
import { getById, getLatest, readsDuringHeavyWrites, registerNew, reRegister, transitiveCheck, warmUp, writesAcrossInstances } from './lib/scenarios.js'
import { newPlace as newPlaceIn } from './lib/places.js'
import { seed, type SeedItem } from './lib/seed.js'
import { validationScenario } from './lib/validation.js'

const SIZES = (process.env.BENCH_SIZES ?? '1000').split(',').map(Number)
const DURATION = Number(process.env.BENCH_MS ?? 3000)
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',')
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const READERS = 50
// the read caches' bounds, when the run sets them: every registry started gets them
const CACHE_ENV = Object.fromEntries(['SCHEMA_CACHE_BYTES', 'MUTABLE_CACHE_BYTES'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])))
const TRANSITIVE = { subject: 'transitive-value', versions: 1000, bytes: 2000 }

const rows: Row[] = []
const notes: string[] = []
const log = (...a: unknown[]) => console.error('[bench]', ...a)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const newPlace = (engine: string, tag: string) => newPlaceIn(engine, tag, PG_URL, CACHE_ENV)

/** N one-version subjects, and (for the first size) one subject with a long history for the transitive check. */
const dataSet = function* (size: number, withTransitive: boolean): Generator<SeedItem> {
  for (let n = 0; n < size; n++) yield { subject: subjectName(n), version: 1, schema: avroRecord(n) }
  if (withTransitive) for (let v = 1; v <= TRANSITIVE.versions; v++) yield { subject: TRANSITIVE.subject, version: v, schema: evolvingRecord(v, TRANSITIVE.bytes) }
}

const pgAnswers = async () => {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    await c.end()
    return true
  } catch {
    return false
  }
}

const row = (r: Row) => {
  rows.push(r)
  log(render([r])[2])
}
const measuredRow = (scenario: string, engine: string, size: number, m: Measured, extra: Partial<Row> = {}): Row => ({
  scenario,
  engine,
  size,
  rate: m.rps,
  p50: m.p50,
  p99: m.p99,
  ...(m.errors > 0 ? { note: `${m.errors} errors` } : {}),
  ...extra,
})

const rssTarget = (engine: string, size: number) => (engine === 'pglite' ? (size > 10_000 ? 450 : 350) : size > 10_000 ? 300 : 150)
const readyTarget = (size: number) => (size > 10_000 ? 2000 : 1000)

const runEngine = async (engine: string, ceilings: { node: Measured; fastify: Measured }) => {
  const raw = async (c: number) => (engine === 'pglite' ? rawPgliteInserts(c, DURATION, avroRecord(0)) : rawPgInserts(PG_URL, c, DURATION, avroRecord(0)))
  const raw8 = await raw(8)
  const raw32 = await raw(32)
  row(measuredRow(`raw ${engine} INSERT+COMMIT c=8 (ceiling)`, engine, 0, raw8, { size: '-' }))
  row(measuredRow(`raw ${engine} INSERT+COMMIT c=32 (ceiling)`, engine, 0, raw32, { size: '-' }))

  // a first start: the store is created and migrated
  const fresh = await newPlace(engine, 'fresh')
  const first = await startRegistry(fresh.env)
  await sleep(1000)
  row({ scenario: 'ready after a first start (ms)', engine, size: 0, value: first.readyMs, rssMiB: first.rssMiB(), note: 'RSS idle after the first start' })
  await first.stop()
  await fresh.drop()

  for (const [k, size] of SIZES.entries()) {
    const place = await newPlace(engine, `s${size}`)
    let server: RegistryProcess | undefined
    try {
      log(`${engine}: seeding ${size} schemas`)
      // a first start creates and migrates the store, like a registry that has run before
      await (await startRegistry(place.env)).stop()
      const ids = await seed(place.store, dataSet(size, k === 0), (n) => n % 10_000 === 0 && log(`  ${n}`))
      const dataIds = ids.slice(0, size)
      server = await startRegistry(place.env)
      row({ scenario: 'ready after a restart (ms)', engine, size, value: server.readyMs, target: `<= ${readyTarget(size)} ms`, met: server.readyMs <= readyTarget(size) })
      await sleep(1000)
      const idle = server.rssMiB()
      row({
        scenario: 'RSS idle after a restart (MiB)',
        engine,
        size,
        rssMiB: idle,
        value: idle,
        target: `<= ${rssTarget(engine, size)} MiB`,
        met: idle <= rssTarget(engine, size),
      })

      const opts = { concurrency: READERS, durationMs: DURATION }
      // steady state: a first read of each id and subject fills the cache (start-up reads nothing)
      await warmUp.ids(server.port, dataIds)
      await warmUp.latest(server.port, size)
      const byId = await getById(server.port, dataIds, opts)
      row(
        measuredRow('GET /schemas/ids/{id} vs node:http', engine, size, byId, { value: byId.rps / ceilings.node.rps, target: '>= 0.60', met: byId.rps / ceilings.node.rps >= 0.6 }),
      )
      row(
        measuredRow('GET /schemas/ids/{id} vs bare Fastify', engine, size, byId, {
          value: byId.rps / ceilings.fastify.rps,
          target: '>= 0.85',
          met: byId.rps / ceilings.fastify.rps >= 0.85,
        }),
      )
      const latest = await getLatest(server.port, size, opts)
      row(
        measuredRow('GET /subjects/{s}/versions/latest vs node:http', engine, size, latest, {
          value: latest.rps / ceilings.node.rps,
          target: '>= 0.55',
          met: latest.rps / ceilings.node.rps >= 0.55,
        }),
      )
      // the first re-registration of each schema looks it up; the measured ones repeat it
      await warmUp.reRegister(server.port, size)
      const again = await reRegister(server.port, size, opts)
      row(
        measuredRow('re-register a known schema vs node:http', engine, size, again, {
          value: again.rps / ceilings.node.rps,
          target: '>= 0.40',
          met: again.rps / ceilings.node.rps >= 0.4,
        }),
      )

      const new8 = await registerNew(server.port, `c8-${size}`, { concurrency: 8, durationMs: DURATION })
      const new32 = await registerNew(server.port, `c32-${size}`, { concurrency: 32, durationMs: DURATION })
      const rawShare = engine === 'pglite' ? 0.3 : 0.5
      row(measuredRow('new schemas, new subjects c=8 vs raw INSERT+COMMIT', engine, size, new8, { value: new8.rps / raw8.rps }))
      row(
        measuredRow('new schemas, new subjects c=32 vs raw INSERT+COMMIT', engine, size, new32, {
          value: new32.rps / raw32.rps,
          target: `>= ${rawShare}`,
          met: new32.rps / raw32.rps >= rawShare,
        }),
      )
      if (engine === 'pglite') row({ scenario: 'new schemas c=32: p99 (ms)', engine, size, value: new32.p99, target: '<= 100 ms', met: new32.p99 <= 100 })
      else row({ scenario: 'new schemas: c=32 rate / c=8 rate', engine, size, value: new32.rps / new8.rps, target: '>= 0.95 (no drop)', met: new32.rps / new8.rps >= 0.95 })

      if (k === 0) {
        const during = await readsDuringHeavyWrites(server.port, dataIds, opts)
        row(
          measuredRow('GET by id p99 during 80 KB transitive writes / idle p99', engine, size, during.reads, {
            value: during.reads.p99 / byId.p99,
            target: '<= 2',
            met: during.reads.p99 / byId.p99 <= 2,
            note: `${during.writes} registrations meanwhile`,
          }),
        )
        const t = await transitiveCheck(server.port, TRANSITIVE.subject, TRANSITIVE.versions, TRANSITIVE.bytes)
        row({
          scenario: `BACKWARD_TRANSITIVE test vs ${TRANSITIVE.versions} versions of 2 KB (ms, p50)`,
          engine,
          size,
          value: t.p50,
          target: '<= 100 ms',
          met: t.p50 <= 100,
          note: `max ${t.max.toFixed(0)} ms; registering it took ${t.register.toFixed(0)} ms`,
        })
        for (const r of await validationScenario(server.port, byId.rps, engine, size, opts)) row(r)
      }
      const after = server.rssMiB()
      row({ scenario: 'RSS after the run (MiB)', engine, size, rssMiB: after, value: after, target: `<= ${rssTarget(engine, size)} MiB`, met: after <= rssTarget(engine, size) })
    } finally {
      await server?.stop()
      await place.drop()
    }
  }
  if (engine === 'postgres') await threeInstances()
}

/** Three registries on one PostgreSQL: reads spread over them, writes into shared subjects stay correct. */
const threeInstances = async () => {
  // scaling is the question here, not the data set's size: at most 10k schemas (seeding 100k more would add minutes)
  const size = Math.min(...SIZES, 10_000)
  const place = await newPlace('postgres', 'multi')
  const servers: RegistryProcess[] = []
  try {
    await (await startRegistry(place.env)).stop()
    const ids = await seed(place.store, dataSet(size, false))
    for (let i = 0; i < 3; i++) servers.push(await startRegistry(place.env))
    const opts = { concurrency: READERS, durationMs: DURATION }
    for (const s of servers) await warmUp.ids(s.port, ids)
    const one = await getById(servers[0]!.port, ids, opts)
    let turn = 0
    const three = await getById(() => servers[turn++ % 3]!.port, ids, opts)
    row(
      measuredRow('GET by id, 3 instances / 1 instance', 'postgres', size, three, {
        value: three.rps / one.rps,
        target: '>= 1 (scales)',
        met: three.rps / one.rps >= 1,
        note: `1 instance ${one.rps.toFixed(0)}/s`,
      }),
    )
    const writes = await writesAcrossInstances(
      servers.map((s) => s.port),
      5,
      20,
    )
    row({
      scenario: 'writes from 3 instances into shared subjects',
      engine: 'postgres',
      size,
      rate: writes.rps,
      value: writes.ok ? 1 : 0,
      target: 'correct',
      met: writes.ok,
      note: writes.detail,
    })
  } finally {
    for (const s of servers) await s.stop()
    await place.drop()
  }
}

const main = async () => {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building dist/ (npm run build)')
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  }
  const body = JSON.stringify({ schema: avroRecord(0) })
  const node = await httpCeiling('bare-node.mjs', body, READERS, DURATION)
  const fastify = await httpCeiling('bare-fastify.mjs', body, READERS, DURATION)
  row(measuredRow('bare node:http (ceiling)', '-', 0, node, { size: '-' }))
  row(measuredRow('bare Fastify route (ceiling)', '-', 0, fastify, { size: '-' }))
  for (const engine of ENGINES) {
    if (engine === 'postgres' && !(await pgAnswers())) {
      notes.push(`PostgreSQL skipped: nothing answered at ${PG_URL}`)
      continue
    }
    await runEngine(engine, { node, fastify })
  }
  const caches = Object.entries(CACHE_ENV).map(([k, v]) => `${k}=${v}`)
  const settings = `sizes ${SIZES.join(', ')} schemas of ~1.5 KB Avro; ${DURATION} ms per phase; ${READERS} connections for reads; ${caches.length > 0 ? caches.join(', ') : 'default cache bounds'}`
  console.log(render(rows).join('\n'))
  const file = path.join(ROOT, 'bench', 'results.md')
  writeReport(file, settings, rows, notes)
  log(`report written to ${path.relative(process.cwd(), file)}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
