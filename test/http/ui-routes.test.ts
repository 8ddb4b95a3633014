import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §12: the registry serves the built console at /ui, without credentials, and says
// how to build it when it is missing. A directory of its own here, so the test needs no build.

describe('GET /ui', () => {
  let dir: string
  let t: TestApp
  let missing: TestApp
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ui-dist-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>')
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
    await writeFile(join(dir, 'assets', 'index-abc.css'), 'body{}')
    await writeFile(join(tmpdir(), 'ui-secret.txt'), 'the content of a file outside ui/dist')
    t = await createTestApp({ uiDir: dir })
    missing = await createTestApp({ uiDir: join(dir, 'nothing-here') })
  })
  afterAll(async () => {
    await t?.close()
    await missing?.close()
    await rm(dir, { recursive: true, force: true })
    await rm(join(tmpdir(), 'ui-secret.txt'), { force: true })
  })
  const get = (app: TestApp, url: string) => app.app.inject({ method: 'GET', url })

  it('serves the page at /ui and /ui/, asked for again each time', async () => {
    for (const url of ['/ui', '/ui/', '/ui/index.html']) {
      const res = await get(t, url)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(res.body).toContain('<title>console</title>')
    }
  })

  it('serves the hashed bundles with their types, cached for good', async () => {
    const js = await get(t, '/ui/assets/index-abc.js')
    expect(js.statusCode).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(js.body).toBe('console.log(1)')
    expect((await get(t, '/ui/assets/index-abc.css')).headers['content-type']).toBe('text/css; charset=utf-8')
  })

  it('answers the page for any other path under /ui, and never a file outside its folder', async () => {
    expect((await get(t, '/ui/subject/orders-value')).body).toContain('<title>console</title>')
    // ui-secret.txt sits beside the console's folder
    for (const url of ['/ui/../ui-secret.txt', '/ui/%2e%2e/ui-secret.txt', '/ui/assets/..%2f..%2fui-secret.txt', '/ui/..%2fui-secret.txt']) {
      const res = await get(t, url)
      expect(res.body, url).not.toContain('the content of a file outside')
    }
  })

  it('needs no credentials and is the same in either dialect', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ui', headers: { accept: 'application/vnd.schemaregistry.v1+json' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
  })

  it('says how to build the console when it is not built', async () => {
    const res = await get(missing, '/ui')
    expect(res.statusCode).toBe(503)
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    expect(res.body).toMatch(/not built: run `npm run build:ui`/)
  })
})
