import { createServer, request, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { copy } from '../../src/cli/copy/copy.js'
import { summaryLine } from '../../src/cli/copy/model.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { ok, run, seed, state } from '../support/copy-fixtures.js'

// docs/EXTENSIONS.md §2.2: the copy reads any registry that speaks the Confluent API. Other registries
// answer less than this one: no /contexts and no /mode (Karapace, Redpanda), no paging of /subjects, no
// `deleted` or `guid` in a version. A proxy in front of the real registry answers that way.

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Forwards to `upstream`, answering as a registry without contexts, modes, paging or extra version keys. */
const plainRegistryProxy = (upstream: string) =>
  createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream)
    if (url.pathname === '/contexts' || url.pathname === '/mode') {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error_code: 404, message: 'HTTP 404 Not Found' }))
      return
    }
    // a registry without paging ignores offset and limit
    if (url.pathname === '/subjects') {
      url.searchParams.delete('offset')
      url.searchParams.delete('limit')
    }
    const fwd = request(url, { method: req.method, headers: req.headers }, (up) => {
      const chunks: Buffer[] = []
      up.on('data', (c: Buffer) => chunks.push(c))
      up.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8')
        if (/^\/subjects\/[^/]+\/versions\/[^/]+$/.test(url.pathname) && up.statusCode === 200) {
          const { deleted: _d, guid: _g, locator: _l, ...rest } = JSON.parse(body) as Record<string, unknown>
          body = JSON.stringify(rest)
        }
        res.writeHead(up.statusCode ?? 500, { 'content-type': up.headers['content-type'] ?? 'application/json' })
        res.end(body)
      })
    })
    req.pipe(fwd)
  })

describe('copy from registries that answer less', () => {
  let src: ClientServer
  let dst: ClientServer
  let proxy: Server
  let proxyUrl: string
  beforeAll(async () => {
    src = await startClientServer()
    await seed(src.url)
    proxy = plainRegistryProxy(src.url)
    proxyUrl = await listen(proxy)
  })
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve))
    await src?.close()
  })
  beforeEach(async () => {
    dst = await startClientServer()
  })
  afterEach(async () => {
    await dst?.close()
  })

  it('copies versions, soft deletes (from the live listing), configs and subject modes; no contexts, modes or paging needed', async () => {
    const res = await copy({ from: { location: proxyUrl }, to: { location: dst.url }, pageSize: 2 })
    expect(res.error).toBeUndefined()
    // no global mode to copy: the target keeps READWRITE
    expect(summaryLine(res.summary)).toBe('copied 7 schemas, 7 versions, 2 configs, 1 modes; skipped 0')
    const want = await state(src.url)
    const got = await state(dst.url)
    expect(got).toEqual(want)
    expect(await ok(dst.url, 'GET', '/subjects/json-s/versions')).toEqual([1])
  })
})

describe('copy from a registry that never answers', () => {
  let silent: Server
  let url: string
  const sockets: Socket[] = []
  beforeAll(async () => {
    // accepts connections and requests, answers nothing
    silent = createServer(() => undefined)
    silent.on('connection', (s) => sockets.push(s))
    url = await listen(silent)
  })
  afterAll(async () => {
    for (const s of sockets) s.destroy()
    await new Promise((resolve) => silent.close(resolve))
  })

  it('fails after the timeout with a message naming the address, exit 1 through the CLI', async () => {
    const started = Date.now()
    const res = await copy({ from: { location: url }, to: { location: '/unused' }, timeoutMs: 300 })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(res.error?.message).toBe(`GET ${url}/contexts: no answer within 0.3 s`)

    const cli = await run('node', ['bin/schema-registry.mjs', 'copy', '--from', url, '--to', '/unused', '--timeout', '0.3']).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    expect(cli.code).toBe(1)
    expect(cli.stderr).toContain(`copy failed: GET ${url}/contexts: no answer within 0.3 s`)
    expect(cli.stdout).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 0\n')
  })
})
