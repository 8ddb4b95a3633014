/**
 * Servers under test run in processes of their own: the registry as `npm start` runs it (compiled
 * JavaScript, no TypeScript loader), and the ceilings. Their memory is read from /proc, so it is
 * theirs alone, not the load generator's.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startFlags } from '../../scripts/start-flags.mjs'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface Server {
  port: number
  process: ChildProcess
  /** Resident set size in MiB, read from /proc. */
  rssMiB(): number
  stop(): Promise<void>
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })

const rssOf = (pid: number | undefined): number => {
  if (pid === undefined) return 0
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref()
  })

/** A ceiling server (bench/servers/*.mjs) answering `body`; it reports its port over IPC. */
export const startCeiling = (file: string, body: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, 'bench', 'servers', file), { env: { ...process.env, BODY: body }, stdio: 'inherit' })
    child.once('error', reject)
    child.once('message', (m) => {
      const port = (m as { port: number }).port
      resolve({ port, process: child, rssMiB: () => rssOf(child.pid), stop: stopper(child) })
    })
  })

export interface RegistryProcess extends Server {
  /** From spawn to the first 200 of /health/ready. */
  readyMs: number
}

/**
 * The registry from `dist/main.js` with `npm start`'s node flags (`nodeArgs` after them: --cpu-prof) with `env` on top of a quiet default (no request log lines on a
 * terminal: stdout goes nowhere). Resolves once /health/ready answers 200.
 */
export const startRegistry = async (env: Record<string, string>, nodeArgs: string[] = []): Promise<RegistryProcess> => {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(process.execPath, [...startFlags(ROOT), ...nodeArgs, path.join(ROOT, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)))
  for (;;) {
    if (child.exitCode !== null) throw new Error(`registry exited with ${child.exitCode}: ${stderr}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`)
      if (res.status === 200) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10))
    if (performance.now() - t0 > 120_000) throw new Error(`registry not ready after 120 s: ${stderr}`)
  }
  const readyMs = performance.now() - t0
  return { port, readyMs, process: child, rssMiB: () => rssOf(child.pid), stop: stopper(child) }
}
