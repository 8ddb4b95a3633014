import { execFile } from 'node:child_process'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copy } from '../../src/cli/copy/copy.js'

const run = promisify(execFile)

/** A registry stand-in that records the request headers and answers 401 to everything. */
describe('copy: credentials and failures', () => {
  let server: Server
  let url: string
  const seen: IncomingHttpHeaders[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers)
      res.writeHead(401, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
      res.end(JSON.stringify({ error_code: 401, message: 'Unauthorized' }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('sends basic auth from the URL user info, flags winning, and a bearer token; a 401 stops the copy with a message', async () => {
    seen.length = 0
    const withUserInfo = await copy({ from: { location: url.replace('http://', 'http://al%40ice:s3cret@') }, to: { location: '/nonexistent-unused' } })
    expect(withUserInfo.error?.message).toMatch(/401 .*Unauthorized.*credentials/)
    expect(withUserInfo.error?.message).not.toMatch(/s3cret/)
    expect(seen[0].authorization).toBe(`Basic ${Buffer.from('al@ice:s3cret').toString('base64')}`)
    expect(seen[0].accept).toBe('application/vnd.schemaregistry.v1+json')

    seen.length = 0
    await copy({ from: { location: url.replace('http://', 'http://u:p@'), credentials: { user: 'flag', password: 'pw' } }, to: { location: '/unused' } })
    expect(seen[0].authorization).toBe(`Basic ${Buffer.from('flag:pw').toString('base64')}`)

    seen.length = 0
    await copy({ from: { location: url, credentials: { token: 'tok' } }, to: { location: '/unused' } })
    expect(seen[0].authorization).toBe('Bearer tok')
  })

  it('the installed command exits 1 on a 401 with the summary line, 2 on bad arguments', async () => {
    const fail = await run('node', ['bin/schema-registry.mjs', 'copy', '--from', url, '--to', '/tmp/unused-export', '--from-token', 't']).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    expect(fail.code).toBe(1)
    expect(fail.stderr).toMatch(/copy failed: .*401/)
    expect(fail.stdout).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 0\n')

    const usage = await run('node', ['bin/schema-registry.mjs', 'copy', '--from', url]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/one of --from and --from-files, and --to, are required/)

    const both = await run('node', ['bin/schema-registry.mjs', 'copy', '--from', url, '--from-files', '/tmp/x', '--to', '/tmp/y']).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )
    expect(both.code).toBe(2)
  })

  it('refuses --from-files on a registry URL and files as a target', async () => {
    expect((await copy({ from: { location: url, files: true }, to: { location: '/unused' } })).error?.message).toMatch(/--from-files reads a directory or gs:/)
    expect((await copy({ from: { location: url }, to: { location: '/unused', files: true } })).error?.message).toMatch(/written by a registry/)
  })
})
