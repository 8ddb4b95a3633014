/**
 * A BACKWARD_TRANSITIVE compatibility test against N versions (default 1,000) of a 2 KB Avro schema,
 * in-process, timed per call; run under `node --cpu-prof --import tsx` to see where the time goes.
 * INLINE=1 keeps the check on the main thread (no worker), RUNS sets the number of calls.
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { composeServer, openStore } from '../../src/composition.js'
import { evolvingRecord } from '../lib/data.js'
import { seed } from '../lib/seed.js'

const CF = 'application/vnd.schemaregistry.v1+json'
const N = Number(process.env.N ?? 1000)

const main = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'prof-'))
  await seed(
    { dataDir: dir },
    (function* () {
      for (let v = 1; v <= N; v++) yield { subject: 't-value', version: v, schema: evolvingRecord(v, 2000) }
    })(),
  )
  const store = await openStore({ dataDir: dir })
  const { app } = await composeServer({ store, dialect: 'confluent', ...(process.env.INLINE ? { analysis: { offloadWeight: Number.POSITIVE_INFINITY, timeoutMs: 60_000 } } : {}) })
  await app.inject({ method: 'PUT', url: '/config/t-value', headers: { 'content-type': CF }, payload: { compatibility: 'BACKWARD_TRANSITIVE' } })
  for (let i = 0; i < Number(process.env.RUNS ?? 3); i++) {
    const t0 = performance.now()
    const r = await app.inject({
      method: 'POST',
      url: '/compatibility/subjects/t-value/versions?verbose=true',
      headers: { 'content-type': CF, accept: CF },
      payload: { schema: evolvingRecord(N + 1, 2000) },
    })
    console.log(r.statusCode, r.body.slice(0, 80), (performance.now() - t0).toFixed(0), 'ms', 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0))
  }
  await app.close()
  await store.close()
}
void main()
