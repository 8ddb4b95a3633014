import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { startFakeGcs, type FakeGcs } from '../support/fake-gcs.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { avro, BUCKET, gcsStore, PREFIX, purgedOf, sha256 } from '../support/version-file-faults.js'

// docs/EXTENSIONS.md §1.2 when the bucket misbehaves: objects already there (GCS 412), an outage
// before, during and after the files of a registration or a purge, and reads that must not need the
// bucket. The real @google-cloud/storage client against test/support/fake-gcs.ts.

// The client sends JSON API calls to STORAGE_EMULATOR_HOST even when given an apiEndpoint.
delete process.env.STORAGE_EMULATOR_HOST

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
