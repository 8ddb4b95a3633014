import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { isRegistryError } from '../../src/errors/registry-error.js'

/** One store under test, fresh for each test. */
export interface BlobStoreFixture {
  store: BlobStore
  /** The locator this store must give the key (`file://...`, `gs://...`). */
  expectedLocator(key: string): string
  /** A store of the same kind that cannot write (a root that is a file, a stopped server). */
  unwritable(): Promise<BlobStore>
  close(): Promise<void>
}

const expectStorageError = async (p: Promise<unknown>): Promise<void> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(isRegistryError(e) && e.kind === 'STORAGE_ERROR', `expected STORAGE_ERROR, got ${String(e)}`).toBe(true)
}

const ENCODED = `subjects/${encodeURIComponent('a/b:c %')}/versions/1.avsc`

/** The rules every BlobStore keeps (src/blobs/blob-store.ts, docs/EXTENSIONS.md §1). */
export const describeBlobStore = (name: string, make: () => Promise<BlobStoreFixture>): void => {
  describe(`BlobStore contract: ${name}`, () => {
    let fixture: BlobStoreFixture
    let store: BlobStore
    beforeEach(async () => {
      fixture = await make()
      store = fixture.store
    })
    afterEach(async () => fixture.close())

    it('reads what it created', async () => {
      expect(await store.create('schemas/abc.avsc', '{"type":"string"}', 'application/json')).toBe('created')
      expect(await store.read('schemas/abc.avsc')).toBe('{"type":"string"}')
    })

    it('answers exists to a second create of the same key and keeps the first content', async () => {
      await store.create('schemas/abc.avsc', 'first', 'text/plain')
      expect(await store.create('schemas/abc.avsc', 'second', 'text/plain')).toBe('exists')
      expect(await store.read('schemas/abc.avsc')).toBe('first')
    })

    it('round-trips keys holding encoded subject names', async () => {
      expect(await store.create(ENCODED, 'text é ✓', 'text/plain')).toBe('created')
      expect(await store.read(ENCODED)).toBe('text é ✓')
      expect(await store.list('subjects/')).toEqual([ENCODED])
    })

    it('reads a missing key as undefined', async () => {
      expect(await store.read('subjects/none/versions/1.avsc')).toBeUndefined()
    })

    it('lists keys under a prefix, sorted, and none for an unknown prefix', async () => {
      const keys = ['subjects/b/versions/2.avsc', 'subjects/a/versions/1.avsc', 'subjects/ab/versions/1.avsc', 'subjects/b/versions/10.avsc', 'schemas/x.avsc']
      for (const key of keys) await store.create(key, key, 'text/plain')
      expect(await store.list('')).toEqual([...keys].sort())
      expect(await store.list('subjects/')).toEqual(['subjects/a/versions/1.avsc', 'subjects/ab/versions/1.avsc', 'subjects/b/versions/10.avsc', 'subjects/b/versions/2.avsc'])
      // A prefix is a prefix of the key, not a folder: `subjects/a` also matches `subjects/ab/...`.
      expect(await store.list('subjects/a')).toEqual(['subjects/a/versions/1.avsc', 'subjects/ab/versions/1.avsc'])
      expect(await store.list('subjects/a/')).toEqual(['subjects/a/versions/1.avsc'])
      expect(await store.list('subjects/c/')).toEqual([])
      expect(await store.list('nothing')).toEqual([])
    })

    it('moves an object to a new key and removes the old one', async () => {
      await store.create('subjects/s/versions/1.avsc', 'v1', 'text/plain')
      await store.move('subjects/s/versions/1.avsc', 'subjects/s/purged/1-1700000000000.avsc')
      expect(await store.read('subjects/s/purged/1-1700000000000.avsc')).toBe('v1')
      expect(await store.read('subjects/s/versions/1.avsc')).toBeUndefined()
      expect(await store.list('subjects/s/')).toEqual(['subjects/s/purged/1-1700000000000.avsc'])
    })

    it('moves nothing when the old key does not exist', async () => {
      await store.move('subjects/s/versions/9.avsc', 'subjects/s/purged/9-1.avsc')
      expect(await store.list('')).toEqual([])
    })

    // The decision: a move never overwrites. A target with other content makes the move fail with
    // STORAGE_ERROR and both objects stay as they were; a target with the same content is a move that
    // stopped between its two steps, so the move completes by removing the old key.
    it('refuses to move onto a target with other content and keeps both', async () => {
      await store.create('from.avsc', 'old', 'text/plain')
      await store.create('to.avsc', 'taken', 'text/plain')
      await expectStorageError(store.move('from.avsc', 'to.avsc'))
      expect(await store.read('to.avsc')).toBe('taken')
      expect(await store.read('from.avsc')).toBe('old')
    })

    it('completes a move onto a target that already has the same content', async () => {
      await store.create('from.avsc', 'same', 'text/plain')
      await store.create('to.avsc', 'same', 'text/plain')
      await store.move('from.avsc', 'to.avsc')
      expect(await store.list('')).toEqual(['to.avsc'])
    })

    it('gives each key its locator', () => {
      expect(store.locator(ENCODED)).toBe(fixture.expectedLocator(ENCODED))
    })

    it('rejects with STORAGE_ERROR when it cannot write', async () => {
      const broken = await fixture.unwritable()
      await expectStorageError(broken.create('schemas/abc.avsc', 'x', 'text/plain'))
      await expectStorageError(broken.list(''))
    })
  })
}
