/**
 * CPU profile of the registry process under one read or re-registration load: seeds N schemas,
 * starts `dist/main.js` with --cpu-prof (profiles land in PROFILE_DIR), drives SCENARIO (byId,
 * latest, reregister) for BENCH_MS and stops the server so the profile is written.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { avroRecord, subjectName } from '../lib/data.js'
import { startRegistry } from '../lib/processes.js'
import { getById, getLatest, reRegister } from '../lib/scenarios.js'
import { seed } from '../lib/seed.js'

const N = Number(process.env.N ?? 1000)
const MS = Number(process.env.BENCH_MS ?? 10_000)
const SCENARIO = process.env.SCENARIO ?? 'byId'
const PROFILE_DIR = process.env.PROFILE_DIR ?? path.join(os.tmpdir(), 'registry-profiles')

const main = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'prof-reads-'))
  try {
    await (await startRegistry({ DATA_DIR: dir })).stop()
    const ids = await seed(
      { dataDir: dir },
      (function* () {
        for (let n = 0; n < N; n++) yield { subject: subjectName(n), version: 1, schema: avroRecord(n) }
      })(),
    )
    const server = await startRegistry({ DATA_DIR: dir }, ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`])
    const opts = { concurrency: 50, durationMs: MS }
    const run =
      SCENARIO === 'latest' ? () => getLatest(server.port, N, opts) : SCENARIO === 'reregister' ? () => reRegister(server.port, N, opts) : () => getById(server.port, ids, opts)
    const m = await run()
    console.log(SCENARIO, `${m.rps.toFixed(0)}/s p50 ${m.p50.toFixed(1)} ms p99 ${m.p99.toFixed(1)} ms errors ${m.errors}`)
    await server.stop()
    console.log(`profile in ${PROFILE_DIR}`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
void main()
