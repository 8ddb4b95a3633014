/**
 * Where the registry's resident memory goes, phase by phase: `dist/main.js` on a seeded data set,
 * its /metrics scraped after a restart and after each of the benchmark's scenarios. Splits RSS into
 * the main thread's V8 heap, memory outside any V8 heap that V8 knows of (`external`: on PGlite its
 * WebAssembly memory, the database's shared buffers and catalogs, and Buffers), the analysis
 * workers' heaps, what the caches hold (inside the main heap), and the rest (code, the
 * allocator's retained pages, thread stacks).
 *
 *   ENGINE=pglite|postgres SIZE=10000 BENCH_MS=3000 NODE_ARGS='--max-semi-space-size=4' npx tsx bench/profile/memory.ts
 *   (PostgreSQL: BENCH_PG_URL, a role that may create databases; `npm run build` first)
 */
import { avroRecord, subjectName } from '../lib/data.js'
import { call } from '../lib/load.js'
import { newPlace } from '../lib/places.js'
import { startRegistry } from '../lib/processes.js'
import { getById, getLatest, readsDuringHeavyWrites, registerNew, reRegister, warmUp } from '../lib/scenarios.js'
import { seed } from '../lib/seed.js'

const ENGINE = process.env.ENGINE ?? 'pglite'
const SIZE = Number(process.env.SIZE ?? 10_000)
const DURATION = Number(process.env.BENCH_MS ?? 3000)
const NODE_ARGS = (process.env.NODE_ARGS ?? '').split(' ').filter((a) => a !== '')
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const MiB = 2 ** 20

const metrics = async (port: number): Promise<Map<string, number>> => {
  const { body } = await call(port, { method: 'GET', path: '/metrics', headers: {} })
  return new Map(
    (body as string)
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]),
  )
}

const rows: string[] = []
const snapshot = async (phase: string, port: number, rate?: number) => {
  const m = await metrics(port)
  const get = (k: string) => (m.get(k) ?? 0) / MiB
  const rss = get('process_resident_memory_bytes')
  const heap = get('nodejs_heap_size_total_bytes')
  const used = get('nodejs_heap_size_used_bytes')
  const external = get('nodejs_external_memory_bytes')
  const worker = get('schema_registry_worker_heap_bytes')
  const caches = get('schema_registry_cache_bytes{cache="schemas"}') + get('schema_registry_cache_bytes{cache="mutable"}')
  const rest = rss - heap - external - worker
  const cells = [rss, heap, used, caches, external, worker, rest].map((v) => v.toFixed(0))
  rows.push(`| ${phase} | ${rate === undefined ? '' : rate.toFixed(0)} | ${cells.join(' | ')} |`)
  console.error(rows.at(-1))
}

const main = async () => {
  const at = await newPlace(ENGINE, 'memory', PG_URL)
  try {
    await (await startRegistry(at.env)).stop()
    const ids = await seed(
      at.store,
      (function* () {
        for (let n = 0; n < SIZE; n++) yield { subject: subjectName(n), version: 1, schema: avroRecord(n) }
      })(),
    )
    const server = await startRegistry(at.env, NODE_ARGS)
    const opts = { concurrency: 50, durationMs: DURATION }
    await new Promise((r) => setTimeout(r, 1000))
    await snapshot('idle after a restart', server.port)
    await warmUp.ids(server.port, ids)
    await snapshot('after GET by id (every id once, then the load)', server.port, (await getById(server.port, ids, opts)).rps)
    await warmUp.latest(server.port, SIZE)
    await snapshot('after latest', server.port, (await getLatest(server.port, SIZE, opts)).rps)
    await warmUp.reRegister(server.port, SIZE)
    await snapshot('after re-registrations', server.port, (await reRegister(server.port, SIZE, opts)).rps)
    await snapshot('after new schemas (c=32)', server.port, (await registerNew(server.port, 'mem', { concurrency: 32, durationMs: DURATION })).rps)
    await snapshot('after 80 KB transitive writes (reads/s)', server.port, (await readsDuringHeavyWrites(server.port, ids, opts)).reads.rps)
    await new Promise((r) => setTimeout(r, 10_000))
    await snapshot('10 s idle later', server.port)
    await server.stop()
  } finally {
    await at.drop()
  }
  console.log(`${ENGINE}, ${SIZE} schemas, node ${NODE_ARGS.join(' ')} (MiB; rate: requests/s of the phase)\n`)
  console.log('| phase | rate | RSS | main heap | of it used | caches (est.) | external | worker heaps | rest |')
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const r of rows) console.log(r)
}
void main()
