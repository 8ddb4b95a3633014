import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { openBlobStore } from '../../src/composition.js'
import { copy } from '../../src/cli/copy/copy.js'
import { summaryLine } from '../../src/cli/copy/model.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { ADDRESS, call, ok, run, seed, state } from '../support/copy-fixtures.js'
import { startFakeGcs, type FakeGcs } from '../support/fake-gcs.js'

// docs/EXTENSIONS.md §2: gs:// exports, rebuilding a registry from its versioned files (§1) alone,
// per-context configs and modes, and paging through a registry's subjects.

/** The small source plus a context's own config and mode. */
const seedWithContext = async (base: string) => {
  await seed(base)
  await ok(base, 'PUT', `/config/${encodeURIComponent(':.ctx:')}`, { compatibility: 'NONE' })
  await ok(base, 'PUT', `/mode/${encodeURIComponent(':.ctx:')}`, { mode: 'READONLY' })
}

/** What the files hold: versions (live and soft-deleted) and contexts, not configs or modes. */
const versionsOf = async (base: string) => {
  const { contexts, versions } = await state(base)
  return { contexts, versions }
}

describe('copy through gs:// exports and from versioned files', () => {
  let fake: FakeGcs
  let dir: string
  let src: ClientServer
  let dst: ClientServer
  beforeAll(async () => {
    fake = await startFakeGcs()
    process.env.STORAGE_EMULATOR_HOST = fake.endpoint
    dir = await mkdtemp(join(tmpdir(), 'copy-files-'))
    src = await startClientServer({ blobs: createFsBlobStore(join(dir, 'files')) })
    await seedWithContext(src.url)
  })
  afterAll(async () => {
    await src?.close()
    delete process.env.STORAGE_EMULATOR_HOST
    await fake?.stop()
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    dst = await startClientServer()
  })
  afterEach(async () => {
    await dst?.close()
  })

  it('copies a context config and mode with the rest', async () => {
    const res = await copy({ from: { location: src.url }, to: { location: dst.url } })
    expect(res.error).toBeUndefined()
    expect(summaryLine(res.summary)).toBe('copied 7 schemas, 7 versions, 3 configs, 2 modes; skipped 0')
    const got = await state(dst.url)
    expect(got).toEqual(await state(src.url))
    expect((got.configs as Record<string, { compatibilityLevel: string }>)[':.ctx:'].compatibilityLevel).toBe('NONE')
    expect(got.modes).toEqual({ '': 'READWRITE', ':.ctx:': 'READONLY', orders: 'READONLY' })
  })

  it('registry → gs://bucket/prefix → registry equals a direct copy; a second export into it skips everything', async () => {
    const out = await copy({ from: { location: src.url }, to: { location: 'gs://exports/nightly/one' } })
    expect(out.error).toBeUndefined()
    expect(summaryLine(out.summary)).toBe('copied 7 schemas, 7 versions, 3 configs, 3 modes; skipped 0')
    const again = await copy({ from: { location: src.url }, to: { location: 'gs://exports/nightly/one/' } })
    expect(summaryLine(again.summary)).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 7')

    const back = await copy({ from: { location: 'gs://exports/nightly/one' }, to: { location: dst.url } })
    expect(back.error).toBeUndefined()
    expect(await state(dst.url)).toEqual(await state(src.url))
    expect(fake.unknown).toEqual([])
  })

  it('a gs:// export equals a directory export, file for file', async () => {
    const local = join(dir, 'export')
    expect((await copy({ from: { location: src.url }, to: { location: local } })).error).toBeUndefined()
    expect((await copy({ from: { location: src.url }, to: { location: 'gs://exports/same' } })).error).toBeUndefined()
    // read the bucket's export back into a second directory: the two directories hold the same records
    const viaBucket = join(dir, 'via-bucket')
    expect((await copy({ from: { location: 'gs://exports/same' }, to: { location: viaBucket } })).error).toBeUndefined()
    expect((await readdir(local)).sort()).toEqual(['configs.ndjson', 'manifest.json', 'modes.ndjson', 'versions.ndjson'])
    expect((await readdir(viaBucket)).sort()).toEqual((await readdir(local)).sort())
    for (const name of ['configs.ndjson', 'modes.ndjson', 'versions.ndjson']) {
      expect(await readFile(join(viaBucket, name), 'utf8')).toBe(await readFile(join(local, name), 'utf8'))
    }
    expect(JSON.parse(await readFile(join(viaBucket, 'manifest.json'), 'utf8'))).toMatchObject({ source: 'gs://exports/same/', counts: { versions: 7, configs: 3, modes: 3 } })
  })

  it('a conflict while exporting into an export leaves it exactly as it was, with no temporary files', async () => {
    const target = join(dir, 'conflicting')
    expect((await copy({ from: { location: src.url }, to: { location: target } })).error).toBeUndefined()
    const before = Object.fromEntries(await Promise.all((await readdir(target)).map(async (n) => [n, await readFile(join(target, n), 'utf8')])))
    // another registry whose address/1 holds other content under the same id
    await ok(dst.url, 'PUT', '/mode', { mode: 'IMPORT' })
    await ok(dst.url, 'POST', '/subjects/address/versions', { schema: JSON.stringify({ type: 'string' }), id: 1, version: 1 })
    await ok(dst.url, 'PUT', '/mode', { mode: 'READWRITE' })
    const res = await copy({ from: { location: dst.url }, to: { location: target } })
    expect(res.error?.message).toMatch(/conflict: address version 1 exists in .*conflicting with other content/)
    const after = Object.fromEntries(await Promise.all((await readdir(target)).map(async (n) => [n, await readFile(join(target, n), 'utf8')])))
    expect(after).toEqual(before)
  })

  it('refuses a gs:// location that holds something other than an export', async () => {
    const blobs = await openBlobStore({ BLOB_STORE: 'gcs', GCS_BUCKET: 'busy', GCS_PREFIX: 'area', DATA_DIR: 'unused' })
    await blobs.create('other.txt', 'x', 'text/plain')
    const res = await copy({ from: { location: src.url }, to: { location: 'gs://busy/area' } })
    expect(res.error?.message).toMatch(/gs:\/\/busy\/area\/ is neither empty nor an export/)
  })

  it('rebuilds a registry from its files alone (--from-files): versions, ids, references, soft deletes, contexts', async () => {
    const cli = await run('npx', ['tsx', 'src/cli/main.ts', 'copy', '--from-files', join(dir, 'files'), '--to', dst.url])
    expect(cli.stdout).toBe('copied 7 schemas, 7 versions, 0 configs, 0 modes; skipped 0\n')
    expect(await versionsOf(dst.url)).toEqual(await versionsOf(src.url))
    // the soft-deleted version came back soft-deleted
    expect(await ok(dst.url, 'GET', '/subjects/json-s/versions')).toEqual([1])
    // a re-run skips everything
    const again = await copy({ from: { location: join(dir, 'files'), files: true }, to: { location: dst.url } })
    expect(summaryLine(again.summary)).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 7')
  })

  it('rebuilds from a bucket the registry wrote with BLOB_STORE=gcs, and permanently deleted versions stay gone', async () => {
    const blobs = await openBlobStore({ BLOB_STORE: 'gcs', GCS_BUCKET: 'registry-files', GCS_PREFIX: 'prod', DATA_DIR: 'unused' })
    const writer = await startClientServer({ blobs })
    try {
      await seed(writer.url)
      await ok(writer.url, 'POST', '/subjects/gone/versions', { schema: ADDRESS })
      await ok(writer.url, 'DELETE', '/subjects/gone/versions/1')
      await ok(writer.url, 'DELETE', '/subjects/gone/versions/1?permanent=true')
      const res = await copy({ from: { location: 'gs://registry-files/prod', files: true }, to: { location: dst.url } })
      expect(res.error).toBeUndefined()
      expect(await versionsOf(dst.url)).toEqual(await versionsOf(writer.url))
      expect((await call(dst.url, 'GET', '/subjects/gone/versions?deleted=true')).status).toBe(404)
    } finally {
      await writer.close()
    }
  })

  it('a version file without its meta.json (a write that never committed) is not a version', async () => {
    const files = join(dir, 'orphan-files')
    const blobs = createFsBlobStore(files)
    await blobs.create('subjects/lonely/versions/1.avsc', ADDRESS, 'text/plain')
    const res = await copy({ from: { location: files, files: true }, to: { location: dst.url } })
    expect(res.error).toBeUndefined()
    expect(summaryLine(res.summary)).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 0')
  })

  it('pages through the source subjects', async () => {
    const res = await copy({ from: { location: src.url }, to: { location: dst.url }, pageSize: 2 })
    expect(res.error).toBeUndefined()
    expect(await state(dst.url)).toEqual(await state(src.url))
  })
})
