/**
 * Read and write throughput over a real socket, against a ceiling measured in the same run: `GET /`
 * through the same server stack (routing, hooks, serialization, no store). Prints requests/s and the
 * ratio to the ceiling for each operation, plus memory. Bounded: every phase runs a fixed time.
 * BENCH_DATABASE_URL runs it on PostgreSQL; point it at a database (or a search_path schema) of its own.
 * Then payload validation (bench/validation.ts), against the GET-by-id rate of the same run.
 */
import http from 'node:http'
import { composeServer, openStore } from '../src/composition.js'
import { validationScenario } from './validation.js'

const DURATION_MS = Number(process.env.BENCH_MS ?? 3000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32)
const CF = 'application/vnd.schemaregistry.v1+json'
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })

const request = (port: number, method: string, path: string, body?: string | Buffer, contentType = CF) =>
  new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { 'content-type': contentType, accept: CF } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })

const measure = async (port: number, method: string, path: string, body?: string | Buffer, contentType?: string) => {
  const until = Date.now() + DURATION_MS
  let done = 0
  let failed = 0
  const lat: number[] = []
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint()
        const status = await request(port, method, path, body, contentType)
        lat.push(Number(process.hrtime.bigint() - t0) / 1e6)
        if (status === 200) done++
        else failed++
      }
    }),
  )
  lat.sort((a, b) => a - b)
  return { rps: (done * 1000) / DURATION_MS, failed, p50: lat[Math.floor(lat.length * 0.5)] ?? 0, p99: lat[Math.floor(lat.length * 0.99)] ?? 0 }
}

const main = async () => {
  const store = await openStore({ databaseUrl: process.env.BENCH_DATABASE_URL })
  const { app } = await composeServer({ store, dialect: 'confluent' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const schema = JSON.stringify({ type: 'record', name: 'Bench', fields: Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, type: 'string' })) })
  const body = JSON.stringify({ schema })
  const reg = await fetch(`http://127.0.0.1:${port}/subjects/bench/versions`, { method: 'POST', headers: { 'content-type': CF }, body })
  const { id } = (await reg.json()) as { id: number }

  const ceiling = await measure(port, 'GET', '/')
  const rows: [string, Awaited<ReturnType<typeof measure>>][] = [
    ['GET / (ceiling)', ceiling],
    ['GET /schemas/ids/{id}', await measure(port, 'GET', `/schemas/ids/${id}`)],
    ['GET /subjects/{s}/versions/latest', await measure(port, 'GET', '/subjects/bench/versions/latest')],
    ['POST /subjects/{s}/versions (existing)', await measure(port, 'POST', '/subjects/bench/versions', body)],
  ]
  console.log(`duration ${DURATION_MS} ms per row, concurrency ${CONCURRENCY}, store ${process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite'}`)
  console.log('operation'.padEnd(42), 'req/s'.padStart(9), 'ratio'.padStart(7), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7))
  for (const [name, r] of rows) {
    console.log(
      name.padEnd(42),
      r.rps.toFixed(0).padStart(9),
      (r.rps / ceiling.rps).toFixed(2).padStart(7),
      r.p50.toFixed(2).padStart(8),
      r.p99.toFixed(2).padStart(8),
      String(r.failed).padStart(7),
    )
  }
  const post = async (path: string, payload: string | Buffer, type: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': type, accept: CF }, body: payload })
    return { status: res.status, text: await res.text() }
  }
  await validationScenario((m, path, b, type) => measure(port, m, path, b, type), post, CF, rows[1]![1].rps)
  const mem = process.memoryUsage()
  console.log(`rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`)
  agent.destroy()
  await app.close()
  await store.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
