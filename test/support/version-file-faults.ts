import { createHash } from 'node:crypto'
import { Storage } from '@google-cloud/storage'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { createGcsBlobStore } from '../../src/blobs/gcs/gcs-blob-store.js'
import type { FakeGcs } from './fake-gcs.js'

// What the version-file fault tests (test/http/version-files-*faults.test.ts) share.

export const avro = (name: string, fields: object[] = [{ name: 'a', type: 'int' }]) => JSON.stringify({ type: 'record', name, fields })
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export const BUCKET = 'registry-faults'
export const PREFIX = 'reg/'

/** The real client over HTTP to the fake; no retries, so an outage shows at once. */
export const gcsStore = (fake: FakeGcs): BlobStore => {
  const storage = new Storage({ apiEndpoint: fake.endpoint, projectId: 'test', retryOptions: { autoRetry: false } })
  return createGcsBlobStore({ bucket: storage.bucket(BUCKET), bucketName: BUCKET, prefix: PREFIX })
}

/** The keys a purge of `version` moved under `root`'s purged/. */
export const purgedOf = (keys: string[], root: string, version: number) => keys.filter((k) => k.startsWith(`${root}purged/${version}-`))
