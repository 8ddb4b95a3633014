import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startFlags } from '../../scripts/start-flags.mjs'
import { composeServer, openStore } from '../../src/composition.js'
import { checkContract } from '../support/contract-check.js'
import { CONFLUENT } from '../support/test-app.js'
import { avro } from '../support/schemas.js'
import { openTestStore, primaryEngine } from '../support/stores.js'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })

const startProcess = (env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return { child, output: () => output }
}

const waitReady = async (port: number, child: ChildProcess) => {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`)
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('server did not become ready')
}

const exitCode = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

describe('restarts', () => {
  it('keeps data across a stop and start of the store on the same engine', async () => {
    const engine = primaryEngine()
    const dataDir = engine === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'registry-')) : undefined
    if (dataDir) dirs.push(dataDir)
    const first = await openTestStore(engine, { dataDir })
    const a = await composeServer({ store: first.store })
    checkContract(a.app)
    const reg = await a.app.inject({ method: 'POST', url: '/subjects/durable/versions', headers: { 'content-type': CONFLUENT }, payload: { schema: avro('Durable') } })
    expect(reg.statusCode).toBe(200)
    await a.app.close()
    await first.store.close()

    const store = await openStore(dataDir ? { dataDir } : { databaseUrl: first.databaseUrl })
    const b = await composeServer({ store })
    checkContract(b.app)
    const res = await b.app.inject({ method: 'GET', url: '/subjects/durable/versions/1', headers: { accept: CONFLUENT } })
    expect(res.json()).toMatchObject({ id: reg.json().id, version: 1 })
    await b.app.close()
    await store.close()
    if (!dataDir) await first.dispose().catch(() => undefined)
  })

  it('starts with npm start semantics, logs JSON, drains on SIGTERM, exits 0 and keeps data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'registry-proc-'))
    dirs.push(dataDir)
    const port = await freePort()
    // debug: the level with a line per request (none at info)
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', DATABASE_URL: '' }
    const one = startProcess(env)
    await waitReady(port, one.child)
    const reg = await fetch(`http://127.0.0.1:${port}/subjects/proc/versions`, {
      method: 'POST',
      headers: { 'content-type': CONFLUENT },
      body: JSON.stringify({ schema: avro('Proc') }),
    })
    expect(reg.status).toBe(200)
    const exited = exitCode(one.child)
    one.child.kill('SIGTERM')
    expect(await exited).toBe(0)
    const firstLine = one
      .output()
      .split('\n')
      .find((l) => l.includes('"reqId"'))
    expect(firstLine && JSON.parse(firstLine)).toMatchObject({ reqId: expect.anything(), level: expect.any(Number) })

    const two = startProcess(env)
    await waitReady(port, two.child)
    const back = await fetch(`http://127.0.0.1:${port}/subjects/proc/versions/1`, { headers: { accept: CONFLUENT } })
    expect(((await back.json()) as { id: number }).id).toBe(((await reg.json()) as { id: number }).id)
    const done = exitCode(two.child)
    two.child.kill('SIGINT')
    expect(await done).toBe(0)
  }, 60_000)

  it('serves from the compiled JavaScript through npm start (built by npm ci), with no TypeScript loader', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'registry-npm-start-'))
    dirs.push(dataDir)
    const port = await freePort()
    // detached: npm, its shell and node form one process group, stopped together
    const child = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    try {
      await waitReady(port, child)
      const { execFileSync } = await import('node:child_process')
      const commands = execFileSync('ps', ['-o', 'args=', '-g', String(child.pid)], { encoding: 'utf8' })
      // with the start script's V8 heap flags (README, Performance)
      expect(commands).toContain(`node ${startFlags(path.resolve(import.meta.dirname, '..', '..')).join(' ')} dist/main.js`)
      expect(commands).not.toMatch(/tsx/)
    } finally {
      process.kill(-child.pid!, 'SIGTERM')
      await exitCode(child)
    }
  })
})
