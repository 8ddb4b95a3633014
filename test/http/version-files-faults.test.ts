import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { createFsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { RegistryError } from '../../src/errors/registry-error.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { startFakeGcs } from '../support/fake-gcs.js'
import { avro, gcsStore, purgedOf, sha256 } from '../support/version-file-faults.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §1.2 under faults, on both file stores: a commit that never happens after the
// files were written, deletes that must keep content, another context, IMPORT over a version. Real
// app, real stores, the real @google-cloud/storage client against test/support/fake-gcs.ts. A
// bucket that refuses writes or is down: version-files-gcs-faults.test.ts.

// The client sends JSON API calls to STORAGE_EMULATOR_HOST even when given an apiEndpoint.
delete process.env.STORAGE_EMULATOR_HOST

/**
 * A commit that never happens: the transaction runs to its end (files written, rows inserted), then
 * the connection is "lost" and the transaction rolls back, as a crash before COMMIT leaves it.
 */
const losingCommits = () => {
  let toLose = 0
  return {
    loseNext: () => void (toLose = 1),
    wrap: (store: RegistryStore): RegistryStore => ({
      ...store,
      transaction: (fn) =>
        store.transaction(async (tx) => {
          const result = await fn(tx)
          if (toLose > 0) {
            toLose -= 1
            throw new RegistryError('STORAGE_ERROR', { reason: 'the connection was lost before the commit' })
          }
          return result
        }),
    }),
  }
}

interface Files {
  blobs: BlobStore
  /** Fails when an object that existed was replaced by other content since the last check (moves are fine). */
  expectNothingOverwritten(): Promise<void>
  close(): Promise<void>
}

/** Every file under the fs store's root with its inode: a move keeps the inode (link + unlink), an overwrite does not. */
const snapshot = async (root: string): Promise<Map<string, { ino: number; text: string }>> => {
  const out = new Map<string, { ino: number; text: string }>()
  const walk = async (dir: string, prefix: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(dir, e.name), `${prefix}${e.name}/`)
      else out.set(`${prefix}${e.name}`, { ino: (await stat(path.join(dir, e.name))).ino, text: await readFile(path.join(dir, e.name), 'utf8') })
    }
  }
  await walk(root, '')
  return out
}

const fsFiles = async (): Promise<Files> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'registry-faults-'))
  const root = path.join(dir, 'files')
  let last = new Map<string, { ino: number; text: string }>()
  return {
    blobs: createFsBlobStore(root),
    async expectNothingOverwritten() {
      const now = await snapshot(root)
      const previous = last
      last = now
      for (const [key, was] of previous) {
        const same = now.get(key)
        if (same?.ino === was.ino) expect(same.text, `${key} was written over`).toBe(was.text)
        // not the same file at its key any more: it must live on under purged/, moved (same inode), not copied
        else
          expect(
            [...now].some(([k, v]) => k.includes('/purged/') && v.ino === was.ino && v.text === was.text),
            `${key} was replaced, not moved aside`,
          ).toBe(true)
      }
    },
    close: () => rm(dir, { recursive: true, force: true }),
  }
}

const gcsFiles = async (): Promise<Files> => {
  const fake = await startFakeGcs()
  return {
    blobs: gcsStore(fake),
    async expectNothingOverwritten() {
      expect(fake.overwrites).toEqual([])
    },
    async close() {
      await fake.stop()
      expect(fake.unknown).toEqual([])
    },
  }
}

describe.each([
  ['fs', fsFiles],
  ['gcs', gcsFiles],
])('version files under faults on the %s store', (_kind, makeFiles) => {
  let t: TestApp
  let files: Files
  let blobs: BlobStore
  const commits = losingCommits()
  beforeAll(async () => {
    files = await makeFiles()
    blobs = files.blobs
    t = await createTestApp({ blobs, wrapStore: commits.wrap })
  })
  afterAll(async () => {
    await t?.close()
    await files?.close()
  })

  it('a commit lost after the files were written: the retry reuses the same text and moves aside what differs', async () => {
    const body = { schema: avro('Crash') }
    commits.loseNext()
    const lost = await t.cf('POST', '/subjects/crash-value/versions', body)
    expect(lost.statusCode).toBe(500)
    expect(lost.json().error_code).toBe(50001)
    expect((await t.cf('GET', '/subjects/crash-value/versions')).statusCode).toBe(404)
    // what the transaction wrote before it was lost
    const leftText = await blobs.read('subjects/crash-value/versions/1.avsc')
    const leftMeta = await blobs.read('subjects/crash-value/versions/1.meta.json')
    expect(leftText).toBeDefined()
    expect(leftMeta).toBeDefined()
    // nothing of it in the database (nor in the app's cache): neither the id nor the registration
    expect((await t.cf('GET', `/schemas/ids/${JSON.parse(leftMeta!).id}`)).statusCode).toBe(404)
    expect((await t.cf('POST', '/subjects/crash-value', body)).statusCode).toBe(404)
    await files.expectNothingOverwritten()

    const retried = await t.cf('POST', '/subjects/crash-value/versions', body)
    expect(retried.statusCode).toBe(200)
    expect(retried.json().version).toBe(1)
    const keys = await blobs.list('subjects/crash-value/')
    // the version text is the same: reused, nothing moved
    expect(await blobs.read('subjects/crash-value/versions/1.avsc')).toBe(leftText)
    expect(keys.filter((k) => k.endsWith('.avsc'))).toEqual(['subjects/crash-value/versions/1.avsc'])
    // the metadata differs (registeredAt, maybe the id): the lost attempt's file is under purged/, the new one in place
    const purged = purgedOf(keys, 'subjects/crash-value/', 1)
    expect(purged).toHaveLength(1)
    expect(purged[0]).toMatch(/^subjects\/crash-value\/purged\/1-\d+\.meta\.json$/)
    expect(await blobs.read(purged[0])).toBe(leftMeta)
    expect(JSON.parse((await blobs.read('subjects/crash-value/versions/1.meta.json'))!)).toMatchObject({ id: retried.json().id, version: 1 })
    expect((await blobs.list('schemas/')).filter((k) => k === `schemas/${sha256(leftText!)}.avsc`)).toHaveLength(1)
    await files.expectNothingOverwritten()
  })

  it('a commit lost, then other content at that number: the left version text is moved aside, never overwritten', async () => {
    commits.loseNext()
    expect((await t.cf('POST', '/subjects/crash-other/versions', { schema: avro('Lost') })).statusCode).toBe(500)
    const leftText = (await blobs.read('subjects/crash-other/versions/1.avsc'))!
    expect(leftText).toContain('Lost')
    await files.expectNothingOverwritten()

    const kept = await t.cf('POST', '/subjects/crash-other/versions', { schema: avro('Kept') })
    expect(kept.json()).toMatchObject({ version: 1 })
    const raw = (await t.cf('GET', '/subjects/crash-other/versions/1/schema')).body
    expect(await blobs.read('subjects/crash-other/versions/1.avsc')).toBe(raw)
    const purged = purgedOf(await blobs.list('subjects/crash-other/'), 'subjects/crash-other/', 1)
    // each file is moved aside as its write meets it, so the two may carry different milliseconds
    expect(purged.map((k) => k.replace(/-\d+\./, '-<ms>.')).sort()).toEqual(['subjects/crash-other/purged/1-<ms>.avsc', 'subjects/crash-other/purged/1-<ms>.meta.json'])
    expect(await blobs.read(purged.find((k) => k.endsWith('.avsc'))!)).toBe(leftText)
    // the lost content's file by hash stays: harmless, and content is never deleted
    expect(await blobs.read(`schemas/${sha256(leftText)}.avsc`)).toBe(leftText)
    await files.expectNothingOverwritten()
  })

  it('a commit lost with another format at that number: the left schema file does not stay beside the version, nor after its purge', async () => {
    commits.loseNext()
    const proto = 'syntax = "proto3";\nmessage Mixed { string id = 1; }\n'
    expect((await t.cf('POST', '/subjects/mixed-value/versions', { schema: proto, schemaType: 'PROTOBUF' })).json()).toMatchObject({ error_code: 50001 })
    const leftProto = (await blobs.read('subjects/mixed-value/versions/1.proto'))!
    expect(leftProto).toContain('Mixed')

    expect((await t.cf('POST', '/subjects/mixed-value/versions', { schema: avro('Mixed') })).json()).toMatchObject({ version: 1 })
    expect(await blobs.list('subjects/mixed-value/versions/')).toEqual(['subjects/mixed-value/versions/1.avsc', 'subjects/mixed-value/versions/1.meta.json'])
    const purged = purgedOf(await blobs.list('subjects/mixed-value/'), 'subjects/mixed-value/', 1)
    expect(await blobs.read(purged.find((k) => k.endsWith('.proto'))!)).toBe(leftProto)

    expect((await t.cf('DELETE', '/subjects/mixed-value/versions/1')).statusCode).toBe(200)
    expect((await t.cf('DELETE', '/subjects/mixed-value/versions/1?permanent=true')).statusCode).toBe(200)
    expect(await blobs.list('subjects/mixed-value/versions/')).toEqual([])
    await files.expectNothingOverwritten()
  })

  it('a soft delete whose commit was lost: the version stays live, and the retry moves the left marker aside', async () => {
    await t.registered('soft-lost', avro('SoftLost'))
    commits.loseNext()
    expect((await t.cf('DELETE', '/subjects/soft-lost/versions/1')).json()).toMatchObject({ error_code: 50001 })
    expect((await t.cf('GET', '/subjects/soft-lost/versions')).json()).toEqual([1])
    const leftMarker = (await blobs.read('subjects/soft-lost/versions/1.deleted.json'))!
    expect(leftMarker).toMatch(/"deletedAt"/)
    await new Promise((ok) => setTimeout(ok, 5)) // the retry's deletedAt is another millisecond

    expect((await t.cf('DELETE', '/subjects/soft-lost/versions/1')).json()).toBe(1)
    const marker = (await blobs.read('subjects/soft-lost/versions/1.deleted.json'))!
    expect(marker).not.toBe(leftMarker)
    const purged = purgedOf(await blobs.list('subjects/soft-lost/'), 'subjects/soft-lost/', 1)
    expect(purged).toHaveLength(1)
    expect(purged[0]).toMatch(/\.deleted\.json$/)
    expect(await blobs.read(purged[0])).toBe(leftMarker)
    await files.expectNothingOverwritten()
  })

  it('an IMPORT over a version whose commit was lost: the retry moves the left files aside too, and ends with the imported text', async () => {
    await t.registered('imp-lost', avro('ImpLostOld'))
    const oldText = (await blobs.read('subjects/imp-lost/versions/1.avsc'))!
    expect((await t.cf('PUT', '/mode/imp-lost?force=true', { mode: 'IMPORT' })).statusCode).toBe(200)
    const body = { schema: avro('ImpLostNew'), id: 9100, version: 1 }
    commits.loseNext()
    expect((await t.cf('POST', '/subjects/imp-lost/versions', body)).json()).toMatchObject({ error_code: 50001 })
    expect((await t.cf('GET', '/subjects/imp-lost/versions/1/schema')).body).toBe(oldText)
    await files.expectNothingOverwritten()

    expect((await t.cf('POST', '/subjects/imp-lost/versions', body)).json()).toMatchObject({ id: 9100, version: 1 })
    expect((await t.cf('DELETE', '/mode/imp-lost')).statusCode).toBe(200)
    const newText = (await t.cf('GET', '/subjects/imp-lost/versions/1/schema')).body
    expect(await blobs.read('subjects/imp-lost/versions/1.avsc')).toBe(newText)
    expect(JSON.parse((await blobs.read('subjects/imp-lost/versions/1.meta.json'))!).id).toBe(9100)
    const purged = purgedOf(await blobs.list('subjects/imp-lost/'), 'subjects/imp-lost/', 1).filter((k) => k.endsWith('.avsc'))
    // the version's committed text first, then the lost attempt's
    expect(await Promise.all(purged.map((k) => blobs.read(k)))).toEqual(expect.arrayContaining([oldText, newText]))
    expect(purged).toHaveLength(2)
    await files.expectNothingOverwritten()
  })

  it('a permanent delete whose commit was lost: the soft-deleted version stays, and the retry finishes the purge', async () => {
    await t.registered('perm-lost', avro('PermLost'))
    expect((await t.cf('DELETE', '/subjects/perm-lost/versions/1')).statusCode).toBe(200)
    const before = await Promise.all((await blobs.list('subjects/perm-lost/versions/')).map((k) => blobs.read(k)))
    expect(before).toHaveLength(3)
    commits.loseNext()
    expect((await t.cf('DELETE', '/subjects/perm-lost/versions/1?permanent=true')).json()).toMatchObject({ error_code: 50001 })
    expect((await t.cf('GET', '/subjects/perm-lost/versions?deleted=true')).json()).toEqual([1])
    await files.expectNothingOverwritten()

    expect((await t.cf('DELETE', '/subjects/perm-lost/versions/1?permanent=true')).json()).toBe(1)
    expect((await t.cf('GET', '/subjects/perm-lost/versions?deleted=true')).statusCode).toBe(404)
    expect(await blobs.list('subjects/perm-lost/versions/')).toEqual([])
    const purged = await blobs.list('subjects/perm-lost/purged/')
    expect((await Promise.all(purged.map((k) => blobs.read(k)))).sort()).toEqual([...before].sort())
    await files.expectNothingOverwritten()
  })

  it('content registered again over its soft-deleted registration: the old row goes, its files to purged/, the content stays', async () => {
    const schema = avro('Twin')
    await t.registered('twin-value', schema)
    await t.registered(
      'twin-value',
      avro('Twin', [
        { name: 'a', type: 'int' },
        { name: 't', type: ['null', 'int'], default: null },
      ]),
    )
    const text = (await t.cf('GET', '/subjects/twin-value/versions/1/schema')).body
    expect((await t.cf('DELETE', '/subjects/twin-value/versions/1')).statusCode).toBe(200)
    const again = await t.registered('twin-value', schema)
    expect(again.version).toBe(3)
    expect((await t.cf('GET', '/subjects/twin-value/versions?deleted=true')).json()).toEqual([2, 3])
    const keys = await blobs.list('subjects/twin-value/')
    expect(keys.filter((k) => k.includes('/versions/1.'))).toEqual([])
    expect(purgedOf(keys, 'subjects/twin-value/', 1)).toHaveLength(3)
    expect(await blobs.read('subjects/twin-value/versions/3.avsc')).toBe(text)
    expect(await blobs.read(`schemas/${sha256(text)}.avsc`)).toBe(text)
    await files.expectNothingOverwritten()
  })

  it('never deletes content under schemas/: soft, permanent and OpenSchema deletes; the number gets fresh files', async () => {
    const first = avro('Kept1')
    await t.registered('keep-value', first)
    const text = (await t.cf('GET', '/subjects/keep-value/versions/1/schema')).body
    const contentKey = `schemas/${sha256(text)}.avsc`
    expect(await blobs.read(contentKey)).toBe(text)

    expect((await t.cf('DELETE', '/subjects/keep-value')).statusCode).toBe(200)
    expect(await blobs.read('subjects/keep-value/versions/1.deleted.json')).toMatch(/"deletedAt":"\d{4}-/)
    expect((await t.cf('DELETE', '/subjects/keep-value?permanent=true')).statusCode).toBe(200)
    expect(await blobs.read(contentKey)).toBe(text)
    const keys = await blobs.list('subjects/keep-value/')
    expect(keys.filter((k) => k.includes('/versions/'))).toEqual([])
    expect(purgedOf(keys, 'subjects/keep-value/', 1).map((k) => k.replace(/-\d+\./, '-<ms>.'))).toEqual([
      'subjects/keep-value/purged/1-<ms>.avsc',
      'subjects/keep-value/purged/1-<ms>.deleted.json',
      'subjects/keep-value/purged/1-<ms>.meta.json',
    ])
    await files.expectNothingOverwritten()

    // the number again, with other content: fresh files, no marker carried over
    const again = await t.registered('keep-value', avro('Kept2', [{ name: 'b', type: 'string' }]))
    expect(again.version).toBe(1)
    expect(await blobs.read('subjects/keep-value/versions/1.avsc')).toContain('"b"')
    expect(await blobs.read('subjects/keep-value/versions/1.deleted.json')).toBeUndefined()
    expect(JSON.parse((await blobs.read('subjects/keep-value/versions/1.meta.json'))!).id).toBe(again.id)
    expect(await blobs.read(contentKey)).toBe(text)

    // an OpenSchema delete is permanent at once: files to purged/, content stays
    await t.registered('keep-os', avro('KeptOs'))
    const osText = (await t.cf('GET', '/subjects/keep-os/versions/1/schema')).body
    expect((await t.os('DELETE', '/subjects/keep-os/versions/1')).statusCode).toBe(200)
    expect((await blobs.list('subjects/keep-os/')).filter((k) => k.includes('/versions/'))).toEqual([])
    expect(purgedOf(await blobs.list('subjects/keep-os/'), 'subjects/keep-os/', 1)).toHaveLength(2)
    expect(await blobs.read(`schemas/${sha256(osText)}.avsc`)).toBe(osText)
    await t.registered('keep-os', avro('KeptOs'))
    expect(await blobs.read('subjects/keep-os/versions/1.avsc')).toBe(osText)
    await files.expectNothingOverwritten()
  })

  it('marks a soft delete in another context and purges a permanent one under contexts/<name>/', async () => {
    const subject = ':.ctx:orders'
    const { id } = await t.registered(subject, avro('CtxOrder'))
    const root = 'contexts/ctx/subjects/orders/'
    expect((await t.cf('DELETE', `/subjects/${subject}/versions/1`)).statusCode).toBe(200)
    expect(JSON.parse((await blobs.read(`${root}versions/1.deleted.json`))!).deletedAt).toMatch(/^\d{4}-/)
    expect(await blobs.list('subjects/orders/')).toEqual([])

    expect((await t.cf('DELETE', `/subjects/${subject}/versions/1?permanent=true`)).statusCode).toBe(200)
    const keys = await blobs.list(root)
    expect(keys.filter((k) => k.includes('/versions/'))).toEqual([])
    expect(purgedOf(keys, root, 1).map((k) => k.replace(/-\d+\./, '-<ms>.'))).toEqual([
      `${root}purged/1-<ms>.avsc`,
      `${root}purged/1-<ms>.deleted.json`,
      `${root}purged/1-<ms>.meta.json`,
    ])
    expect(JSON.parse((await blobs.read(purgedOf(keys, root, 1).find((k) => k.endsWith('.meta.json'))!))!)).toMatchObject({ id, subject, version: 1 })
    expect((await blobs.list('contexts/ctx/schemas/')).length).toBeGreaterThan(0)
    expect(await blobs.list('subjects/orders/')).toEqual([])
    await files.expectNothingOverwritten()
  })

  it('IMPORT over an existing version moves its files, marker included, to purged/ before writing the new ones', async () => {
    const { id: liveId } = await t.registered('imp-value', avro('Imp1'))
    await t.registered(
      'imp-value',
      avro('Imp1', [
        { name: 'a', type: 'int' },
        { name: 'b', type: ['null', 'string'], default: null },
      ]),
    )
    expect((await t.cf('DELETE', '/subjects/imp-value/versions/2')).statusCode).toBe(200)
    const oldText1 = (await blobs.read('subjects/imp-value/versions/1.avsc'))!
    const oldText2 = (await blobs.read('subjects/imp-value/versions/2.avsc'))!
    expect((await t.cf('PUT', '/mode/imp-value?force=true', { mode: 'IMPORT' })).statusCode).toBe(200)

    // over the live version 1 and the soft-deleted version 2
    const one = await t.cf('POST', '/subjects/imp-value/versions', { schema: avro('Imported1'), id: 9001, version: 1 })
    expect(one.json()).toMatchObject({ id: 9001, version: 1 })
    const two = await t.cf('POST', '/subjects/imp-value/versions', { schema: avro('Imported2'), id: 9002, version: 2 })
    expect(two.json()).toMatchObject({ id: 9002, version: 2 })
    expect((await t.cf('DELETE', '/mode/imp-value')).statusCode).toBe(200)

    const keys = await blobs.list('subjects/imp-value/')
    expect(keys.filter((k) => k.includes('/versions/'))).toEqual([
      'subjects/imp-value/versions/1.avsc',
      'subjects/imp-value/versions/1.meta.json',
      'subjects/imp-value/versions/2.avsc',
      'subjects/imp-value/versions/2.meta.json',
    ])
    expect(await blobs.read('subjects/imp-value/versions/1.avsc')).toBe((await t.cf('GET', '/subjects/imp-value/versions/1/schema')).body)
    expect(JSON.parse((await blobs.read('subjects/imp-value/versions/2.meta.json'))!).id).toBe(9002)
    const purged1 = purgedOf(keys, 'subjects/imp-value/', 1)
    const purged2 = purgedOf(keys, 'subjects/imp-value/', 2)
    expect(purged1.map((k) => k.replace(/-\d+\./, '-<ms>.'))).toEqual(['subjects/imp-value/purged/1-<ms>.avsc', 'subjects/imp-value/purged/1-<ms>.meta.json'])
    expect(purged2.map((k) => k.replace(/-\d+\./, '-<ms>.'))).toEqual([
      'subjects/imp-value/purged/2-<ms>.avsc',
      'subjects/imp-value/purged/2-<ms>.deleted.json',
      'subjects/imp-value/purged/2-<ms>.meta.json',
    ])
    expect(await blobs.read(purged1.find((k) => k.endsWith('.avsc'))!)).toBe(oldText1)
    expect(JSON.parse((await blobs.read(purged1.find((k) => k.endsWith('.meta.json'))!))!).id).toBe(liveId)
    expect(await blobs.read(purged2.find((k) => k.endsWith('.avsc'))!)).toBe(oldText2)
    await files.expectNothingOverwritten()
  })
})
