import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Storage } from '@google-cloud/storage'
import { describe, expect, it } from 'vitest'
import { createFsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import { createGcsBlobStore } from '../../src/blobs/gcs/gcs-blob-store.js'
import { isRegistryError } from '../../src/errors/registry-error.js'
import { startFakeGcs, type FakeGcs } from '../support/fake-gcs.js'
import { describeBlobStore, type BlobStoreFixture } from './blob-store.contract.js'

const makeFs = async (): Promise<BlobStoreFixture> => {
  const dir = await mkdtemp(join(tmpdir(), 'blobs-'))
  const root = join(dir, 'files')
  return {
    store: createFsBlobStore(root),
    expectedLocator: (key) => `file://${root}/${key}`,
    // A root that is a file: nothing can be created under it, whoever runs the tests (root included).
    async unwritable() {
      await writeFile(join(dir, 'a-file'), 'x')
      return createFsBlobStore(join(dir, 'a-file'))
    },
    close: () => rm(dir, { recursive: true, force: true }),
  }
}

const BUCKET = 'registry-test'

// The client sends JSON API calls to STORAGE_EMULATOR_HOST even when given an apiEndpoint: an
// emulator set in the shell must not take these tests elsewhere (the test below sets it itself).
delete process.env.STORAGE_EMULATOR_HOST

/** The real client over HTTP to the fake server: a custom apiEndpoint needs no credentials. */
const gcsStore = (fake: FakeGcs, prefix: string) => {
  // Failures must show at once, not after the client's backoff.
  const storage = new Storage({ apiEndpoint: fake.endpoint, projectId: 'test', retryOptions: { autoRetry: false } })
  return createGcsBlobStore({ bucket: storage.bucket(BUCKET), bucketName: BUCKET, prefix })
}

const makeGcs = (prefix: string) => async (): Promise<BlobStoreFixture> => {
  const fake = await startFakeGcs()
  return {
    store: gcsStore(fake, prefix),
    expectedLocator: (key) => `gs://${BUCKET}/${prefix}${key}`,
    async unwritable() {
      const stopped = await startFakeGcs()
      const store = gcsStore(stopped, prefix)
      await stopped.stop()
      return store
    },
    async close() {
      await fake.stop()
      // Every request the store made must be one the fake knows.
      expect(fake.unknown).toEqual([])
    },
  }
}

describeBlobStore('fs', makeFs)
describeBlobStore('gcs', makeGcs(''))
describeBlobStore('gcs with a prefix', makeGcs('registry/prod/'))

describe('fs blob store', () => {
  it('leaves no temporary file behind, whether it created or found the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blobs-'))
    try {
      const store = createFsBlobStore(dir)
      expect(await store.create('schemas/a.avsc', 'x', 'text/plain')).toBe('created')
      expect(await store.create('schemas/a.avsc', 'y', 'text/plain')).toBe('exists')
      expect(await readdir(join(dir, 'schemas'))).toEqual(['a.avsc'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('refuses to create a key where a folder of other keys is', async () => {
    const { store, close } = await makeFs()
    try {
      await store.create('subjects/a/versions/1.avsc', 'x', 'text/plain')
      const e = await store.create('subjects/a', 'x', 'text/plain').catch((err: unknown) => err)
      expect(isRegistryError(e) && e.kind === 'STORAGE_ERROR').toBe(true)
      expect(await store.list('')).toEqual(['subjects/a/versions/1.avsc'])
    } finally {
      await close()
    }
  })

  it.each(['../escape.avsc', 'subjects/../../escape.avsc', '/etc/passwd', 'a//b', './a', ''])('refuses the key %j', async (key) => {
    const { store, close } = await makeFs()
    try {
      const e = await store.create(key, 'x', 'text/plain').catch((err: unknown) => err)
      expect(isRegistryError(e) && e.kind === 'STORAGE_ERROR').toBe(true)
      expect(() => store.locator(key)).toThrow()
    } finally {
      await close()
    }
  })
})

describe('gcs blob store', () => {
  it('keeps its objects under its prefix, out of sight of a store with another prefix', async () => {
    const fake = await startFakeGcs()
    try {
      await gcsStore(fake, 'a/').create('k.avsc', 'in a', 'text/plain')
      await gcsStore(fake, 'ab/').create('k.avsc', 'in ab', 'text/plain')
      expect(await gcsStore(fake, '').list('')).toEqual(['a/k.avsc', 'ab/k.avsc'])
      expect(await gcsStore(fake, 'a/').list('')).toEqual(['k.avsc'])
      expect(await gcsStore(fake, 'a/').read('k.avsc')).toBe('in a')
    } finally {
      await fake.stop()
    }
    expect(fake.unknown).toEqual([])
  })
})

describe('gcs blob store through STORAGE_EMULATOR_HOST', () => {
  it('reaches the server the variable names, without credentials', async () => {
    const fake = await startFakeGcs()
    process.env.STORAGE_EMULATOR_HOST = fake.endpoint
    try {
      const storage = new Storage({ projectId: 'test', retryOptions: { autoRetry: false } })
      const store = createGcsBlobStore({ bucket: storage.bucket(BUCKET), bucketName: BUCKET, prefix: 'p/' })
      expect(await store.create('a.avsc', 'x', 'text/plain')).toBe('created')
      expect(await store.create('a.avsc', 'y', 'text/plain')).toBe('exists')
      await store.move('a.avsc', 'b.avsc')
      expect(await store.list('')).toEqual(['b.avsc'])
      expect(await store.read('b.avsc')).toBe('x')
    } finally {
      delete process.env.STORAGE_EMULATOR_HOST
      await fake.stop()
    }
    expect(fake.unknown).toEqual([])
  })
})
