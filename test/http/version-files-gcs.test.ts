import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NO_BLOBS, type BlobStore } from '../../src/blobs/blob-store.js'
import { openBlobStore } from '../../src/composition.js'
import { startFakeGcs, type FakeGcs } from '../support/fake-gcs.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §1 over BLOB_STORE=gcs: the store composition builds from the configuration, the
// real @google-cloud/storage client, and a local server speaking the GCS JSON API.
describe('versioned files in a GCS bucket', () => {
  let fake: FakeGcs
  let blobs: BlobStore
  let t: TestApp
  beforeAll(async () => {
    fake = await startFakeGcs()
    // how an operator points the client at an emulator; no credentials are needed then
    process.env.STORAGE_EMULATOR_HOST = fake.endpoint
    blobs = await openBlobStore({ BLOB_STORE: 'gcs', GCS_BUCKET: 'registry-files', GCS_PREFIX: 'prod', DATA_DIR: 'unused' })
    t = await createTestApp({ blobs })
  })
  afterAll(async () => {
    await t?.close()
    delete process.env.STORAGE_EMULATOR_HOST
    await fake?.stop()
  })

  it('writes a Protobuf version as .proto text under the prefix and answers its gs:// locator', async () => {
    const schema = 'syntax = "proto3";\npackage shop;\nmessage Order { string id = 1; }\n'
    const res = await t.cf('POST', '/subjects/orders-proto/versions', { schema, schemaType: 'PROTOBUF' })
    expect(res.statusCode).toBe(200)
    const version = (await t.cf('GET', '/subjects/orders-proto/versions/1')).json()
    expect(version.locator).toBe('gs://registry-files/prod/subjects/orders-proto/versions/1.proto')
    expect(await blobs.read('subjects/orders-proto/versions/1.proto')).toBe((await t.cf('GET', '/subjects/orders-proto/versions/1/schema')).body)
    expect(JSON.parse((await blobs.read('subjects/orders-proto/versions/1.meta.json'))!)).toMatchObject({ subject: 'orders-proto', version: 1, schemaType: 'PROTOBUF' })
    expect(fake.unknown).toEqual([])
  })
})

describe('choosing the file store from the configuration', () => {
  it('keeps files under DATA_DIR/files by default and none when asked', async () => {
    const fs = await openBlobStore({ BLOB_STORE: 'fs', DATA_DIR: './data', GCS_BUCKET: undefined, GCS_PREFIX: '' })
    expect(fs.locator('subjects/s/versions/1.avsc')).toBe(`file://${path.resolve('data', 'files', 'subjects', 's', 'versions', '1.avsc')}`)
    expect(await openBlobStore({ BLOB_STORE: 'none', DATA_DIR: './data', GCS_BUCKET: undefined, GCS_PREFIX: '' })).toBe(NO_BLOBS)
  })
})
