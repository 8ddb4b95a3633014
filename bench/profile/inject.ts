/**
 * In-process CPU profile of one request kind through `app.inject` (no sockets, no load generator):
 * SCENARIO=reregister|byId|latest, N subjects, COUNT requests. Run under `node --cpu-prof --import tsx`.
 * Proportions hold on a busy machine; the per-request time printed is only indicative.
 */
import { composeServer, openStore } from '../../src/composition.js'
import { avroRecord, subjectName } from '../lib/data.js'

const CF = 'application/vnd.schemaregistry.v1+json'
const headers = { 'content-type': CF, accept: CF }
const N = Number(process.env.N ?? 200)
const COUNT = Number(process.env.COUNT ?? 5000)
const SCENARIO = process.env.SCENARIO ?? 'reregister'

const main = async () => {
  const store = await openStore({})
  const { app } = await composeServer({ store, dialect: 'confluent', logger: process.env.LOG ? { level: 'info' } : false })
  const ids: number[] = []
  for (let n = 0; n < N; n++) {
    const r = await app.inject({ method: 'POST', url: `/subjects/${subjectName(n)}/versions`, headers, payload: JSON.stringify({ schema: avroRecord(n) }) })
    ids.push((JSON.parse(r.body) as { id: number }).id)
  }
  const bodies = Array.from({ length: N }, (_, n) => JSON.stringify({ schema: avroRecord(n) }))
  const request = (i: number) => {
    const n = (i * 7919) % N
    if (SCENARIO === 'byId') return app.inject({ method: 'GET', url: `/schemas/ids/${ids[n]}`, headers })
    if (SCENARIO === 'latest') return app.inject({ method: 'GET', url: `/subjects/${subjectName(n)}/versions/latest`, headers })
    return app.inject({ method: 'POST', url: `/subjects/${subjectName(n)}/versions`, headers, payload: bodies[n] })
  }
  for (let i = 0; i < 500; i++) await request(i) // warm-up
  const t0 = performance.now()
  for (let i = 0; i < COUNT; i++) {
    const r = await request(i)
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`)
  }
  const ms = performance.now() - t0
  console.log(SCENARIO, `${((ms * 1000) / COUNT).toFixed(0)} µs per request`)
  await app.close()
  await store.close()
}
void main()
