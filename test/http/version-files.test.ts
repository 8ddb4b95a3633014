import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFsBlobStore } from '../../src/blobs/fs/fs-blob-store.js'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §1: every registration writes its files before the commit; reads never touch them.
const avro = (name: string, fields: object[] = [{ name: 'a', type: 'int' }]) => JSON.stringify({ type: 'record', name, fields })

describe('versioned files on the fs store', () => {
  let t: TestApp
  let dir: string
  let blobs: BlobStore
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registry-files-'))
    blobs = createFsBlobStore(path.join(dir, 'files'))
    t = await createTestApp({ blobs })
  })
  afterAll(async () => {
    await t.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('writes the content, the version text and its metadata, and answers the locator in both dialects', async () => {
    const { id } = await t.registered('orders-value', avro('Order'))
    const keys = await blobs.list('')
    expect(keys).toContain('subjects/orders-value/versions/1.avsc')
    expect(keys).toContain('subjects/orders-value/versions/1.meta.json')
    expect(keys.filter((k) => k.startsWith('schemas/') && k.endsWith('.avsc'))).toHaveLength(1)
    const raw = (await t.cf('GET', '/subjects/orders-value/versions/1/schema')).body
    expect(await blobs.read('subjects/orders-value/versions/1.avsc')).toBe(raw)
    const meta = JSON.parse((await blobs.read('subjects/orders-value/versions/1.meta.json'))!)
    expect(meta).toMatchObject({ id, subject: 'orders-value', version: 1, schemaType: 'AVRO', references: [], metadata: null, ruleSet: null })
    expect(meta.guid).toMatch(/^[0-9a-f-]{36}$/)

    const version = (await t.cf('GET', '/subjects/orders-value/versions/1')).json()
    expect(version.locator).toBe(blobs.locator('subjects/orders-value/versions/1.avsc'))
    expect(await readFile(fileURLToPath(version.locator), 'utf8')).toBe(raw)
    expect((await t.os('GET', `/schemas/ids/${id}`)).json().locator).toBe(version.locator)
    expect((await t.os('GET', '/subjects/orders-value/versions/1/schema')).json().schema.locator).toBe(version.locator)
  })

  it('writes nothing when known content is registered again, and keeps content once for two subjects', async () => {
    const before = await blobs.list('')
    await t.registered('orders-value', avro('Order'))
    expect(await blobs.list('')).toEqual(before)
    await t.registered('orders-copy', avro('Order'))
    const after = await blobs.list('')
    expect(after.filter((k) => k.startsWith('schemas/'))).toEqual(before.filter((k) => k.startsWith('schemas/')))
    expect(after).toContain('subjects/orders-copy/versions/1.avsc')
  })

  it('encodes subject names and puts other contexts under contexts/', async () => {
    await t.registered(encodeURIComponent(':.team-a:a/b c'), avro('Ctx'))
    expect(await blobs.list('contexts/team-a/')).toContain(`contexts/team-a/subjects/${encodeURIComponent('a/b c')}/versions/1.avsc`)
  })

  it('marks a soft delete and moves a permanent one to purged/, so the number can be used again', async () => {
    await t.registered('del-value', avro('Del'))
    expect((await t.cf('DELETE', '/subjects/del-value/versions/1')).statusCode).toBe(200)
    expect(JSON.parse((await blobs.read('subjects/del-value/versions/1.deleted.json'))!).deletedAt).toMatch(/^\d{4}-/)
    expect((await t.cf('DELETE', '/subjects/del-value/versions/1?permanent=true')).statusCode).toBe(200)
    const keys = await blobs.list('subjects/del-value/')
    expect(keys.filter((k) => k.startsWith('subjects/del-value/versions/'))).toEqual([])
    expect(keys.filter((k) => /^subjects\/del-value\/purged\/1-\d+\.(avsc|meta\.json|deleted\.json)$/.test(k))).toHaveLength(3)
    await t.registered('del-value', avro('Del', [{ name: 'b', type: 'string' }]))
    expect(await blobs.read('subjects/del-value/versions/1.avsc')).toContain('"b"')
  })

  it('moves the files of an OpenSchema delete (permanent at once) to purged/', async () => {
    await t.registered('os-del', avro('OsDel'))
    expect((await t.os('DELETE', '/subjects/os-del')).statusCode).toBe(200)
    const keys = await blobs.list('subjects/os-del/')
    expect(keys.some((k) => k.startsWith('subjects/os-del/versions/'))).toBe(false)
    expect(keys.some((k) => k.startsWith('subjects/os-del/purged/1-'))).toBe(true)
  })
})

describe('a file store that cannot be written', () => {
  let t: TestApp
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registry-files-down-'))
    // the store's root sits below a regular file, so no folder can be made until it is removed
    await writeFile(path.join(dir, 'blocker'), 'not a folder')
    t = await createTestApp({ blobs: createFsBlobStore(path.join(dir, 'blocker', 'files')) })
  })
  afterAll(async () => {
    await t.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('fails the registration with 500/50001, leaves the database as it was, and succeeds once the store is back', async () => {
    const body = { schema: avro('Down') }
    const failed = await t.cf('POST', '/subjects/down-value/versions', body)
    expect(failed.statusCode).toBe(500)
    expect(failed.json().error_code).toBe(50001)
    expect((await t.cf('GET', '/subjects/down-value/versions')).statusCode).toBe(404)
    expect((await t.os('POST', '/subjects/down-value/versions', { schemaDefinition: JSON.parse(avro('Down')) })).json().errorCode).toBe(50001)

    await rm(path.join(dir, 'blocker'))
    const retried = await t.cf('POST', '/subjects/down-value/versions', body)
    expect(retried.statusCode).toBe(200)
    expect(retried.json().version).toBe(1)
    expect(await readFile(path.join(dir, 'blocker', 'files', 'subjects', 'down-value', 'versions', '1.avsc'), 'utf8')).toBe(retried.json().schema)
  })
})
