import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NewSchema, RegistryStore } from '../../src/storage/registry-store.js'
import { engines, openTestStore, type TestStore } from '../support/stores.js'

const content = (text: string, hash = text): NewSchema => ({
  context: '.',
  schemaType: 'AVRO',
  schema: text,
  contentHash: hash,
  guid: `guid-${hash}`,
  references: [],
  metadata: null,
  ruleSet: null,
})

// One contract, run against every engine this run has (docs/ARCHITECTURE.md §5).
describe.each(engines())('RegistryStore on %s', (engine) => {
  let t: TestStore
  let store: RegistryStore
  beforeAll(async () => {
    t = await openTestStore(engine)
    store = t.store
  })
  afterAll(() => t.dispose())

  it('returns the existing id when the same content is inserted twice', async () => {
    const [a, b] = await Promise.all([
      store.transaction((tx) => tx.insertSchema(content('"string"', 'h-same'))),
      store.transaction((tx) => tx.insertSchema(content('"string"', 'h-same'))),
    ])
    expect(a).toBe(b)
    expect((await store.schemaByHash('.', 'h-same'))?.id).toBe(a)
  })

  it('gives different content different, increasing ids', async () => {
    const a = await store.transaction((tx) => tx.insertSchema(content('"int"', 'h-int')))
    const b = await store.transaction((tx) => tx.insertSchema(content('"long"', 'h-long')))
    expect(b).toBeGreaterThan(a)
  })

  it('keeps ids per context: the same content in another context is a separate row', async () => {
    const a = await store.transaction((tx) => tx.insertSchema(content('"bytes"', 'h-bytes')))
    const b = await store.transaction((tx) => tx.insertSchema({ ...content('"bytes"', 'h-bytes'), context: '.other' }))
    expect(b).not.toBe(a)
    expect((await store.schemaById('.other', b))?.context).toBe('.other')
    expect(await store.schemaById('.other', a)).toBeUndefined()
  })

  it('moves the id sequence past an imported id', async () => {
    await store.transaction((tx) => tx.insertSchemaWithId(content('"float"', 'h-float'), 5000))
    const next = await store.transaction((tx) => tx.insertSchema(content('"double"', 'h-double')))
    expect(next).toBeGreaterThan(5000)
    expect(await store.maxSchemaId('.')).toBe(next)
    expect(await store.maxSchemaId('.no-such-context')).toBe(0)
  })

  it('returns numbers for ids and versions and Dates for times on every engine', async () => {
    const id = await store.transaction(async (tx) => {
      const id = await tx.insertSchema(content('"boolean"', 'h-bool'))
      await tx.touchSubject('.', 'types')
      await tx.insertVersion({ context: '.', subject: 'types', version: 1, schemaId: id })
      return id
    })
    const [v] = await store.versions('.', 'types', false)
    expect(v).toMatchObject({ version: 1, schemaId: id, deleted: false })
    expect(typeof v!.version).toBe('number')
    expect(v!.createdAt).toBeInstanceOf(Date)
    expect(await store.maxVersion('.', 'types')).toBe(1)
  })

  it('rolls back every write of a transaction that throws', async () => {
    await expect(
      store.transaction(async (tx) => {
        const id = await tx.insertSchema(content('"null"', 'h-null'))
        await tx.touchSubject('.', 'rolled-back')
        await tx.insertVersion({ context: '.', subject: 'rolled-back', version: 1, schemaId: id })
        throw new Error('boom')
      }),
    ).rejects.toMatchObject({ kind: 'STORAGE_ERROR' })
    expect(await store.subject('.', 'rolled-back')).toBeUndefined()
    expect(await store.schemaByHash('.', 'h-null')).toBeUndefined()
  })

  it('serializes writers that take the same lock', async () => {
    await store.transaction(async (tx) => {
      await tx.touchSubject('.', 'counter')
    })
    const order: number[] = []
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        store.transaction(async (tx) => {
          await tx.lock('subject:counter')
          const next = (await tx.maxVersion('.', 'counter')) + 1
          const id = await tx.insertSchema(content(`"v${n}"`, `h-counter-${n}`))
          await tx.insertVersion({ context: '.', subject: 'counter', version: next, schemaId: id })
          order.push(next)
        }),
      ),
    )
    expect(order.sort()).toEqual([1, 2, 3, 4, 5])
    expect((await store.versions('.', 'counter', true)).map((v) => v.version)).toEqual([1, 2, 3, 4, 5])
  })

  it('soft-deletes and hard-deletes versions and collects unused content', async () => {
    const id = await store.transaction(async (tx) => {
      const id = await tx.insertSchema(content('"enum-ish"', 'h-del'))
      await tx.touchSubject('.', 'deletable')
      await tx.insertVersion({ context: '.', subject: 'deletable', version: 1, schemaId: id })
      await tx.markVersionDeleted('.', 'deletable', 1)
      return id
    })
    expect(await store.versions('.', 'deletable', false)).toEqual([])
    expect((await store.versions('.', 'deletable', true))[0]?.deleted).toBe(true)
    const removed = await store.transaction(async (tx) => {
      await tx.deleteVersion('.', 'deletable', 1)
      return tx.deleteSchemaIfUnused('.', id)
    })
    expect(removed).toBe(true)
    expect(await store.schemaById('.', id)).toBeUndefined()
  })

  it('records references and answers who refers to a version', async () => {
    await store.transaction(async (tx) => {
      const base = await tx.insertSchema(content('{"type":"fixed","name":"Id","size":4}', 'h-ref-base'))
      await tx.touchSubject('.', 'base')
      await tx.insertVersion({ context: '.', subject: 'base', version: 1, schemaId: base })
      const user = await tx.insertSchema({ ...content('{"type":"record"}', 'h-ref-user'), references: [{ name: 'Id', subject: 'base', version: 1 }] })
      await tx.touchSubject('.', 'user')
      await tx.insertVersion({ context: '.', subject: 'user', version: 1, schemaId: user })
    })
    const referrers = await store.referrers('.', 'base', 1)
    expect(referrers).toHaveLength(1)
    expect(referrers[0]!.registrations.map((r) => r.subject)).toEqual(['user'])
  })

  it('stores configs and modes by scope and removes them', async () => {
    await store.transaction(async (tx) => {
      await tx.setConfig(':.:orders', { compatibilityLevel: 'FULL', normalize: true })
      await tx.setMode(':.:orders', 'READONLY')
    })
    expect(await store.config(':.:orders')).toEqual({ compatibilityLevel: 'FULL', normalize: true })
    expect(await store.mode(':.:orders')).toBe('READONLY')
    await store.transaction(async (tx) => {
      await tx.setConfig(':.:orders', undefined)
      await tx.setMode(':.:orders', undefined)
    })
    expect(await store.config(':.:orders')).toBeUndefined()
    expect(await store.mode(':.:orders')).toBeUndefined()
  })

  it('appends an event for a write and reads it back newest first', async () => {
    await store.transaction((tx) => tx.appendEvent({ action: 'test.first', subject: 'x' }))
    await store.transaction((tx) => tx.appendEvent({ action: 'test.event', subject: 'x', detail: { a: 1 } }))
    const [latest, before] = await store.recentEvents(2)
    expect(latest).toMatchObject({ action: 'test.event', subject: 'x', detail: { a: 1 } })
    expect(latest!.at).toBeInstanceOf(Date)
    expect(before!.action).toBe('test.first')
  })
})
