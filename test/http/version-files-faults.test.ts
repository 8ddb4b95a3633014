import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Storage } from '@google-cloud/storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { createFsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { createGcsBlobStore } from '../../src/blobs/gcs/gcs-blob-store.js'
import { RegistryError } from '../../src/errors/registry-error.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { startFakeGcs, type FakeGcs } from '../support/fake-gcs.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §1.2 under faults: a commit that never happens after the files were written,
// objects already there (GCS 412), deletes that must keep content, another context, IMPORT over a
// version, a bucket outage, and reads that must not need the store. Real app, real stores, the real
// @google-cloud/storage client against test/support/fake-gcs.ts.

// The client sends JSON API calls to STORAGE_EMULATOR_HOST even when given an apiEndpoint.
delete process.env.STORAGE_EMULATOR_HOST

const avro = (name: string, fields: object[] = [{ name: 'a', type: 'int' }]) => JSON.stringify({ type: 'record', name, fields })
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

const BUCKET = 'registry-faults'
const PREFIX = 'reg/'

/** The real client over HTTP to the fake; no retries, so an outage shows at once. */
const gcsStore = (fake: FakeGcs): BlobStore => {
  const storage = new Storage({ apiEndpoint: fake.endpoint, projectId: 'test', retryOptions: { autoRetry: false } })
  return createGcsBlobStore({ bucket: storage.bucket(BUCKET), bucketName: BUCKET, prefix: PREFIX })
}

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

const purgedOf = (keys: string[], root: string, version: number) => keys.filter((k) => k.startsWith(`${root}purged/${version}-`))

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
    expect(purged.map((k) => k.replace(/-\d+\./, '-<ms>.'))).toEqual(['subjects/crash-other/purged/1-<ms>.avsc', 'subjects/crash-other/purged/1-<ms>.meta.json'])
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

describe('version files in a GCS bucket that refuses writes or is down', () => {
  let fake: FakeGcs
  let blobs: BlobStore
  let t: TestApp
  const object = (key: string) => fake.object(BUCKET, `${PREFIX}${key}`)
  beforeAll(async () => {
    fake = await startFakeGcs()
    blobs = gcsStore(fake)
    t = await createTestApp({ blobs })
  })
  afterAll(async () => {
    await t?.close()
    await fake?.stop()
  })

  it('takes a 412 as exists: the same content is kept as it was, a different version file is moved aside', async () => {
    // what the registry stores for this schema, and so what its files hold
    await t.registered('probe-value', avro('Pre'))
    const text = (await t.cf('GET', '/subjects/probe-value/versions/1/schema')).body
    const contentKey = `schemas/${sha256(text)}.avsc`
    // files an uncommitted registration would have left at pre-value version 1
    expect(await blobs.create('subjects/pre-value/versions/1.avsc', text, 'text/plain')).toBe('created')
    expect(await blobs.create('subjects/pre-value/versions/1.meta.json', '{"left": "by a lost transaction"}\n', 'application/json')).toBe('created')
    const before = { content: object(contentKey)!, text: object('subjects/pre-value/versions/1.avsc')!, meta: object('subjects/pre-value/versions/1.meta.json')! }
    expect(await blobs.create('subjects/pre-value/versions/1.avsc', 'other', 'text/plain')).toBe('exists')
    fake.preconditionFailures.length = 0

    const res = await t.cf('POST', '/subjects/pre-value/versions', { schema: avro('Pre') })
    expect(res.json()).toMatchObject({ version: 1 })
    // every create met an existing object: GCS answered 412, the store said exists
    expect(fake.preconditionFailures).toEqual(
      expect.arrayContaining([`${PREFIX}${contentKey}`, `${PREFIX}subjects/pre-value/versions/1.avsc`, `${PREFIX}subjects/pre-value/versions/1.meta.json`]),
    )
    // the same content: the very objects, same generations
    expect(object(contentKey)).toEqual(before.content)
    expect(object('subjects/pre-value/versions/1.avsc')).toEqual(before.text)
    // other content: moved to purged/ (a copy, then the old object removed) and a new object created
    const purged = purgedOf(await blobs.list('subjects/pre-value/'), 'subjects/pre-value/', 1)
    expect(purged).toHaveLength(1)
    expect(object(purged[0])!.text).toBe(before.meta.text)
    const meta = object('subjects/pre-value/versions/1.meta.json')!
    expect(meta.generation).toBeGreaterThan(before.meta.generation)
    expect(JSON.parse(meta.text)).toMatchObject({ id: res.json().id, subject: 'pre-value', version: 1 })
    expect(fake.overwrites).toEqual([])
    expect(fake.unknown).toEqual([])
  })

  it('a bucket outage fails the registration with 50001 in both dialects, writes no row, and the same request succeeds after', async () => {
    await t.registered('down-value', avro('Down'))
    const body = {
      schema: avro('Down', [
        { name: 'a', type: 'int' },
        { name: 'c', type: ['null', 'int'], default: null },
      ]),
    }
    fake.setOutage(true)
    try {
      const failed = await t.cf('POST', '/subjects/down-value/versions', body)
      expect(failed.statusCode).toBe(500)
      expect(failed.json()).toMatchObject({ error_code: 50001 })
      // what the client library said stays in the log
      expect(failed.json().message).not.toContain('fake-gcs')
      const fresh = await t.cf('POST', '/subjects/down-new/versions', body)
      expect(fresh.json()).toMatchObject({ error_code: 50001 })
      const os = await t.os('POST', '/subjects/down-os/versions', { schemaDefinition: JSON.parse(body.schema) })
      expect(os.statusCode).toBe(500)
      expect(os.json()).toEqual({ errorCode: 50001, errorMessage: expect.any(String) })
      expect((await t.cf('GET', '/subjects/down-value/versions')).json()).toEqual([1])
      expect((await t.cf('GET', '/subjects/down-new/versions')).statusCode).toBe(404)
      expect((await t.os('GET', '/subjects/down-os/versions')).statusCode).toBe(404)
    } finally {
      fake.setOutage(false)
    }
    const retried = await t.cf('POST', '/subjects/down-value/versions', body)
    expect(retried.json()).toMatchObject({ version: 2 })
    expect(await blobs.read('subjects/down-value/versions/2.avsc')).toBe((await t.cf('GET', '/subjects/down-value/versions/2/schema')).body)
    expect((await t.cf('POST', '/subjects/down-new/versions', body)).json()).toMatchObject({ version: 1 })
  })

  it('a bucket that goes down half-way through the files: the retry reuses what was written and completes the rest', async () => {
    const body = { schema: avro('Half') }
    const objects = async () => new Map([...(await blobs.list('schemas/')), ...(await blobs.list('subjects/half-value/'))].map((k) => [k, object(k)]))
    const before = await objects()
    // the files are written at once: two of the four requests (three files and the listing of the
    // number) get through, whichever arrive first, the others do not
    fake.setOutage(true, { after: 2 })
    try {
      expect((await t.cf('POST', '/subjects/half-value/versions', body)).json()).toMatchObject({ error_code: 50001 })
    } finally {
      fake.setOutage(false)
    }
    expect((await t.cf('GET', '/subjects/half-value/versions')).statusCode).toBe(404)
    const left = [...(await objects())].filter(([k]) => !before.has(k))
    expect(left.length).toBeGreaterThanOrEqual(1)
    expect(left.length).toBeLessThanOrEqual(2)
    const retried = await t.cf('POST', '/subjects/half-value/versions', body)
    expect(retried.json()).toMatchObject({ version: 1 })
    const text = (await t.cf('GET', '/subjects/half-value/versions/1/schema')).body
    const files = [`schemas/${sha256(text)}.avsc`, 'subjects/half-value/versions/1.avsc', 'subjects/half-value/versions/1.meta.json']
    // what was written stays as it was (the same generation), the rest is written now, nothing else
    for (const [k, o] of left) expect([files.includes(k), object(k)]).toEqual([true, o])
    expect(object(files[1]!)?.text).toBe(text)
    expect(JSON.parse(object(files[2]!)!.text)).toMatchObject({ id: retried.json().id })
    expect([...(await objects()).keys()].filter((k) => !before.has(k)).sort()).toEqual([...files].sort())
    expect(fake.overwrites).toEqual([])
  })

  it('a bucket that goes down half-way through a purge: the permanent delete fails whole, and its retry moves the rest', async () => {
    await t.registered('purge-half', avro('PurgeHalf'))
    expect((await t.cf('DELETE', '/subjects/purge-half/versions/1')).statusCode).toBe(200)
    const before = (await blobs.list('subjects/purge-half/versions/')).map((k) => object(k)!.text)
    expect(before).toHaveLength(3)
    // how many requests listing the version's files takes (the fake answers in pages)
    const seen = fake.requests.length
    await blobs.list('subjects/purge-half/versions/1.')
    const listing = fake.requests.length - seen
    // the listing and the first file's copy get through; removing the original does not
    fake.setOutage(true, { after: listing + 1 })
    try {
      expect((await t.cf('DELETE', '/subjects/purge-half/versions/1?permanent=true')).json()).toMatchObject({ error_code: 50001 })
    } finally {
      fake.setOutage(false)
    }
    expect((await t.cf('GET', '/subjects/purge-half/versions?deleted=true')).json()).toEqual([1])
    expect(await blobs.list('subjects/purge-half/versions/')).toHaveLength(3)
    expect(await blobs.list('subjects/purge-half/purged/')).toHaveLength(1)

    expect((await t.cf('DELETE', '/subjects/purge-half/versions/1?permanent=true')).json()).toBe(1)
    expect(await blobs.list('subjects/purge-half/versions/')).toEqual([])
    // every file under purged/; the one copied before the outage is there twice (two stamps), never lost
    const purged = await blobs.list('subjects/purge-half/purged/')
    const texts = await Promise.all(purged.map((k) => blobs.read(k)))
    expect(purged).toHaveLength(4)
    expect(new Set(texts)).toEqual(new Set(before))
    expect(fake.overwrites).toEqual([])
  })

  it('reads never touch the bucket: with it down, ids, versions, latest and the raw schema still answer', async () => {
    const { id } = await t.registered('read-value', avro('Read'))
    const seen = fake.requests.length
    fake.setOutage(true)
    try {
      for (const url of [
        '/schemas/ids/' + id,
        '/schemas/ids/' + id + '/schema',
        '/subjects/read-value/versions',
        '/subjects/read-value/versions/latest',
        '/subjects/read-value/versions/1',
        '/subjects/read-value/versions/1/schema',
        '/subjects',
      ]) {
        expect((await t.cf('GET', url)).statusCode, url).toBe(200)
      }
      expect((await t.cf('GET', '/subjects/read-value/versions/1')).json().locator).toBe(`gs://${BUCKET}/${PREFIX}subjects/read-value/versions/1.avsc`)
      for (const url of [`/schemas/ids/${id}`, '/subjects/read-value/versions', '/subjects/read-value/versions/1/schema']) {
        expect((await t.os('GET', url)).statusCode, url).toBe(200)
      }
      // re-registering known content is a read too
      expect((await t.cf('POST', '/subjects/read-value/versions', { schema: avro('Read') })).json()).toMatchObject({ id, version: 1 })
      expect(fake.requests.length).toBe(seen)
    } finally {
      fake.setOutage(false)
    }
  })
})
