/**
 * `openschema-registry/client` as an application loads it: plain Node 20 (no tsx, no vitest
 * transform), through the package's `exports` (a self-reference from inside the package), from the
 * JavaScript and declarations that `npm run build:client` (run by `prepare` on `npm ci`) writes to
 * dist/client/. The test builds first so that it checks the current sources, then talks to the real
 * server from the child process.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { orderV2 } from '../support/schemas.js'

const run = promisify(execFile)
const root = new URL('../../', import.meta.url).pathname

describe('openschema-registry/client from plain Node', () => {
  let srv: ClientServer
  beforeAll(async () => {
    await run('npm', ['run', '--silent', 'build:client'], { cwd: root })
    srv = await startClientServer({ dialect: 'openschema' })
  }, 180_000)
  afterAll(() => srv?.close())

  it('is declared in package.json exports with types, built by prepare, and dist/ is not committed', async () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'))
    expect(pkg.exports['./client']).toEqual({ types: './dist/client/index.d.ts', import: './dist/client/index.js' })
    expect(pkg.scripts.prepare).toContain('build:client')
    expect(existsSync(`${root}dist/client/index.d.ts`)).toBe(true)
    expect(readFileSync(`${root}dist/client/index.d.ts`, 'utf8')).toContain('createRegistryClient')
    const ignored = await run('git', ['check-ignore', 'dist/client/index.js'], { cwd: root })
    expect(ignored.stdout.trim()).toBe('dist/client/index.js')
  })

  it('imports by the package name, registers, encodes and decodes against the real server', async () => {
    const script = `
      const { createRegistryClient, RegistryClientError } = await import('openschema-registry/client')
      const c = createRegistryClient({ url: process.env.REGISTRY_URL })
      const { id, version } = await c.register('pkg-value', { schema: process.env.SCHEMA })
      const bytes = await c.encode('pkg-value', { id: 'o-9', amount: 3.5 })
      const back = await c.decode(bytes)
      const missing = await c.schemaById(424242).catch((e) => e instanceof RegistryClientError && e.status)
      await c.close()
      console.log(JSON.stringify({ id, version, head: bytes[0], back, missing }))
    `
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, REGISTRY_URL: srv.url, SCHEMA: orderV2, NODE_OPTIONS: '' },
    })
    expect(JSON.parse(stdout)).toEqual({ id: expect.any(Number), version: 1, head: 0, back: { id: 'o-9', amount: 3.5 }, missing: 404 })
  })
})
