import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFlags } from '../../scripts/start-flags.mjs'

// `npm start` runs dist/main.js, the bundle scripts/bundle-server.mjs writes (built by `npm ci`'s
// prepare step), with its node flags (V8's heap settings; node refuses a flag it does not know): the
// tests run the sources, so this runs what users run, on the embedded store.
const ROOT = path.resolve(import.meta.dirname, '..', '..')
const MAIN = path.join(ROOT, 'dist', 'main.js')
const CF = 'application/vnd.schemaregistry.v1+json'

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

/** A record with `fields` string fields: about 60 characters each. */
const record = (name: string, fields: number) =>
  JSON.stringify({ type: 'record', name, fields: Array.from({ length: fields }, (_, i) => ({ name: `field_number_${i}`, type: 'string', doc: 'a field' })) })

describe('the built server (dist/main.js)', () => {
  let dir: string
  let child: ChildProcess
  let base: string
  let stderr = ''

  beforeAll(async () => {
    expect(existsSync(MAIN), 'dist/main.js is missing: run `npm run build`').toBe(true)
    dir = await mkdtemp(path.join(os.tmpdir(), 'built-server-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    child = spawn(process.execPath, [...startFlags(ROOT), MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const deadline = Date.now() + 50_000
    for (;;) {
      const ready = await fetch(`${base}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      )
      if (ready) break
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the built server did not get ready: ${stderr}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }, 60_000)
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
    }
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const post = (url: string, body: unknown) => fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': CF, accept: CF }, body: JSON.stringify(body) })

  it('registers and reads schemas, light ones in-process and heavy ones in the bundled worker', async () => {
    const small = await post('/subjects/built-small/versions', { schema: record('Small', 2) })
    expect(small.status).toBe(200)
    // far above WORKER_THRESHOLD_BYTES (32 KiB): prepared in the analysis worker, which must be found beside the bundle
    const heavy = await post('/subjects/built-heavy/versions', { schema: record('Heavy', 1000) })
    expect(heavy.status, await heavy.clone().text()).toBe(200)
    const { id } = (await heavy.json()) as { id: number }
    const read = await fetch(`${base}/schemas/ids/${id}`, { headers: { accept: CF } })
    expect(((await read.json()) as { schema: string }).schema).toContain('field_number_999')
  })

  it('serves the contract, and stops cleanly on SIGTERM', async () => {
    const docs = await fetch(`${base}/docs/json`)
    expect(docs.status).toBe(200)
    expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./)
    child.kill('SIGTERM')
    const code = await new Promise((r) => child.once('exit', r))
    expect(code, stderr).toBe(0)
  })
})

// The Docker image starts node itself (npm as PID 1 would not pass SIGTERM on), so its CMD repeats
// the start script's flags: this keeps the two in step.
describe('the Docker image', () => {
  it("runs dist/main.js with npm start's node flags", () => {
    const cmd = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').match(/^CMD (\[.*\])$/m)?.[1]
    expect(cmd, 'the Dockerfile has no CMD in exec form').toBeDefined()
    expect(JSON.parse(cmd!)).toEqual(['node', ...startFlags(ROOT), 'dist/main.js'])
  })
})
