import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCachedStore } from '../../src/storage/cached-store.js'
import type { NewSchema, RegistryStore } from '../../src/storage/registry-store.js'
import { openTestStore, type TestStore } from '../support/stores.js'

const content = (hash: string): NewSchema => ({ context: '.', schemaType: 'AVRO', schema: '"string"', contentHash: hash, guid: hash, references: [], metadata: null, ruleSet: null })

describe('cached store', () => {
  let t: TestStore
  let cached: RegistryStore
  beforeAll(async () => {
    t = await openTestStore('pglite')
    cached = createCachedStore(t.store, { schemaBytes: 1 << 20, mutableEntries: 1000, maxAgeMs: 60_000 })
  })
  afterAll(() => t.dispose())

  it('serves repeated reads from memory until a write commits', async () => {
    let calls = 0
    const counting = createCachedStore({ ...t.store, versions: (...args) => (calls++, t.store.versions(...args)) } as RegistryStore, { schemaBytes: 1 << 20, mutableEntries: 1000, maxAgeMs: 60_000 })
    expect(await counting.versions('.', 'c1', true)).toEqual([])
    expect(await counting.versions('.', 'c1', false)).toEqual([])
    expect(calls).toBe(1)
    await t.store.transaction(async (tx) => {
      const id = await tx.insertSchema(content('c1'))
      await tx.touchSubject('.', 'c1')
      await tx.insertVersion({ context: '.', subject: 'c1', version: 1, schemaId: id })
    })
    // the committed write notified the cache, so the next read goes to the store and is fresh
    expect((await counting.versions('.', 'c1', true)).map((v) => v.version)).toEqual([1])
    expect(calls).toBe(2)
    expect((await cached.versions('.', 'c1', true)).map((v) => v.version)).toEqual([1])
  })

  it('does not keep a value read before a write that committed while it was read', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const slow = createCachedStore({ ...t.store, versions: async (...args) => { const rows = await t.store.versions(...args); await gate; return rows } } as RegistryStore, { schemaBytes: 1 << 20, mutableEntries: 1000, maxAgeMs: 60_000 })
    const pending = slow.versions('.', 'c2', true)
    await t.store.transaction(async (tx) => {
      const id = await tx.insertSchema(content('c2'))
      await tx.touchSubject('.', 'c2')
      await tx.insertVersion({ context: '.', subject: 'c2', version: 1, schemaId: id })
    })
    release()
    expect(await pending).toEqual([])
    expect((await slow.versions('.', 'c2', true)).map((v) => v.version)).toEqual([1])
  })
})
