import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCachedStore, type CacheOptions } from '../../src/storage/cached-store.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { openTestStore, type TestStore } from '../support/stores.js'
import { content, register } from './contract/fixtures.js'

// What the cache does beyond the store contract (registry-store.test.ts runs that over the cache too).
const OPTIONS: CacheOptions = { schemaBytes: 1 << 20, mutableBytes: 1 << 20, maxAgeMs: 60_000 }

describe('cached store', () => {
  let t: TestStore
  beforeAll(async () => {
    t = await openTestStore('pglite')
  })
  afterAll(() => t.dispose())

  /** The cache over the test store, with one reader replaced (to count or delay its calls). */
  const cacheWith = (override: Partial<RegistryStore>) => createCachedStore({ ...t.store, ...override } as RegistryStore, OPTIONS)

  it('serves repeated reads from memory until a write commits', async () => {
    let calls = 0
    const counting = cacheWith({ versions: (...args) => (calls++, t.store.versions(...args)) })
    expect(await counting.versions('.', 'c1', true)).toEqual([])
    expect(await counting.versions('.', 'c1', false)).toEqual([])
    expect(calls).toBe(1)
    await register(t.store, { subject: 'c1', version: 1 }, content('c1'))
    // the committed write notified the cache, so the next read goes to the store and is fresh
    expect((await counting.versions('.', 'c1', true)).map((v) => v.version)).toEqual([1])
    expect(calls).toBe(2)
  })

  it('counts hits and misses per cache, and pings the store, never the cache', async () => {
    let pings = 0
    const cache = cacheWith({ ping: () => (pings++, t.store.ping()) })
    const id = await register(t.store, { subject: 'c-stats', version: 1 }, content('c-stats'))
    expect(cache.cacheStats()).toEqual({ schemas: { hits: 0, misses: 0, bytes: 0 }, mutable: { hits: 0, misses: 0, bytes: 0 } })
    await cache.versions('.', 'c-stats', true)
    await cache.version('.', 'c-stats', 1)
    await cache.schemaById('.', id)
    await cache.schemaById('.', id)
    const stats = cache.cacheStats()
    expect(stats).toMatchObject({ schemas: { hits: 1, misses: 1 }, mutable: { hits: 1, misses: 1 } })
    // one schema row (its text at two bytes a character, and more) and one list of versions
    expect(stats.schemas.bytes).toBeGreaterThan(2 * content('c-stats').schema.length)
    expect(stats.mutable.bytes).toBeGreaterThan(200)
    await cache.ping()
    await cache.ping()
    expect(pings).toBe(2)
  })

  it('reads a missing row by id and where it is registered in one round trip, then keeps each apart', async () => {
    const calls = { both: 0, row: 0, regs: 0 }
    const cache = cacheWith({
      schemaWithRegistrations: (...args) => (calls.both++, t.store.schemaWithRegistrations(...args)),
      schemaById: (...args) => (calls.row++, t.store.schemaById(...args)),
      registrations: (...args) => (calls.regs++, t.store.registrations(...args)),
    })
    const id = await register(t.store, { subject: 'c-one', version: 1 }, content('c-one'))
    expect(await cache.schemaById('.', id)).toEqual(await t.store.schemaById('.', id))
    expect(await cache.registrations('.', id)).toEqual(await t.store.registrations('.', id))
    expect(calls).toEqual({ both: 1, row: 0, regs: 0 })
    // registered under another subject: the commit drops where the id is registered, not its content
    await register(t.store, { subject: 'c-one-b', version: 1 }, content('c-one'))
    await cache.schemaById('.', id)
    expect((await cache.registrations('.', id)).map((r) => r.subject)).toEqual(['c-one', 'c-one-b'])
    expect(calls).toEqual({ both: 1, row: 0, regs: 1 })
    // an unknown id is not cached either way
    expect(await cache.schemaById('.', 987_654)).toBeUndefined()
    expect(calls.both).toBe(2)
  })

  it('does not keep a value read before a write that committed while it was read', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const slow = cacheWith({
      versions: async (...args) => {
        const rows = await t.store.versions(...args)
        await gate
        return rows
      },
    })
    const pending = slow.versions('.', 'c2', true)
    await register(t.store, { subject: 'c2', version: 1 }, content('c2'))
    release()
    expect(await pending).toEqual([])
    expect((await slow.versions('.', 'c2', true)).map((v) => v.version)).toEqual([1])
  })

  it('keeps content by id across writes that change no content, and reads it again when content is removed', async () => {
    let calls = 0
    // a miss reads the row alone or with its registrations: either is a read of the store
    const counting = cacheWith({
      schemaById: (...args) => (calls++, t.store.schemaById(...args)),
      schemaWithRegistrations: (...args) => (calls++, t.store.schemaWithRegistrations(...args)),
    })
    const id = await t.store.transaction((tx) => tx.insertSchema(content('c3')))
    expect((await counting.schemaById('.', id))?.id).toBe(id)
    await register(t.store, { subject: 'c3-other', version: 1 }, content('c3-other'))
    expect((await counting.schemaById('.', id))?.id).toBe(id)
    expect(calls).toBe(1)
    await t.store.transaction((tx) => tx.deleteSchemaIfUnused('.', id))
    expect(await counting.schemaById('.', id)).toBeUndefined()
    expect(calls).toBe(2)
  })

  it('inside a transaction on an exclusive store, reads cached content by id from memory until the transaction deletes', async () => {
    let inTx = 0
    const counted = (exclusive: boolean) =>
      cacheWith({
        exclusive,
        transaction: (fn) => t.store.transaction((tx) => fn({ ...tx, schemaById: (...args) => (inTx++, tx.schemaById(...args)) })),
      })
    const id = await register(t.store, { subject: 'c-tx', version: 1 }, content('c-tx'))
    const row = await t.store.schemaById('.', id)
    const exclusive = counted(true)
    await exclusive.schemaById('.', id)
    await exclusive.transaction(async (tx) => {
      expect(await tx.schemaById('.', id)).toEqual(row)
      // not cached: the database, and what it reads is not kept (the transaction may roll back)
      expect(await tx.schemaById('.', 987_655)).toBeUndefined()
      expect(inTx).toBe(1)
      await tx.deleteSchemaIfUnused('.', 987_656)
      expect(await tx.schemaById('.', id)).toEqual(row)
      expect(inTx).toBe(2)
    })
    // a store other instances write: always the database
    inTx = 0
    const shared = counted(false)
    await shared.schemaById('.', id)
    await shared.transaction(async (tx) => expect(await tx.schemaById('.', id)).toEqual(row))
    expect(inTx).toBe(1)
  })

  it('on an exclusive store, keeps claims until a claim commits and ignores the age limit', async () => {
    let calls = 0
    const aged = createCachedStore({ ...t.store, exclusive: true, subjectClaim: (...args) => (calls++, t.store.subjectClaim(...args)) } as RegistryStore, {
      ...OPTIONS,
      maxAgeMs: 0,
    })
    expect(await aged.subjectClaim('.', 'c-owned')).toBeUndefined()
    expect(await aged.subjectClaim('.', 'c-owned')).toBeUndefined()
    expect(calls).toBe(1)
    await t.store.transaction((tx) => tx.setSubjectClaim('.', 'c-owned', 'ab'.repeat(32)))
    expect((await aged.subjectClaim('.', 'c-owned'))?.tokenHash).toBe('ab'.repeat(32))
    expect(calls).toBe(2)
  })

  it('on a shared store, reads every claim from the database and honours the age limit', async () => {
    let claims = 0
    let versions = 0
    const shared = createCachedStore(
      {
        ...t.store,
        exclusive: false,
        subjectClaim: (...args) => (claims++, t.store.subjectClaim(...args)),
        versions: (...args) => (versions++, t.store.versions(...args)),
      } as RegistryStore,
      { ...OPTIONS, maxAgeMs: 0 },
    )
    await shared.subjectClaim('.', 'c-shared')
    await shared.subjectClaim('.', 'c-shared')
    expect(claims).toBe(2)
    await shared.versions('.', 'c-shared', true)
    await new Promise((r) => setTimeout(r, 2))
    await shared.versions('.', 'c-shared', true)
    expect(versions).toBe(2)
  })

  it('holds mutable data within its byte bound, dropping the least recently used', async () => {
    let calls = 0
    const small = createCachedStore({ ...t.store, versions: (...args) => (calls++, t.store.versions(...args)) } as RegistryStore, { ...OPTIONS, mutableBytes: 8192 })
    for (let i = 0; i < 40; i++) await small.versions('.', `c-bound-${i}`, true)
    expect(small.cacheStats().mutable.bytes).toBeLessThanOrEqual(8192)
    expect(calls).toBe(40)
    // the most recent is still held, the first was dropped
    await small.versions('.', 'c-bound-39', true)
    expect(calls).toBe(40)
    await small.versions('.', 'c-bound-0', true)
    expect(calls).toBe(41)
  })

  describe('where an id is registered', () => {
    const counted = () => {
      const calls = { n: 0 }
      const cache = cacheWith({ registrations: (...args) => (calls.n++, t.store.registrations(...args)) })
      return { cache, calls }
    }
    const subjectsOf = async (cache: RegistryStore, id: number) => (await cache.registrations('.', id)).map((r) => `${r.subject}/${r.version}${r.deleted ? ' deleted' : ''}`)

    it('keeps the answer across registrations of other ids in other subjects', async () => {
      const { cache, calls } = counted()
      const id = await register(t.store, { subject: 'r1', version: 1 }, content('r1'))
      expect(await subjectsOf(cache, id)).toEqual(['r1/1'])
      await register(t.store, { subject: 'r1-other', version: 1 }, content('r1-other'))
      await register(t.store, { subject: 'r1', version: 2 }, content('r1-v2'))
      expect(await subjectsOf(cache, id)).toEqual(['r1/1'])
      expect(calls.n).toBe(1)
    })

    it('reads it again when the id gains a registration, or a version listing it changes', async () => {
      const { cache, calls } = counted()
      const id = await register(t.store, { subject: 'r2', version: 1 }, content('r2'))
      expect(await subjectsOf(cache, id)).toEqual(['r2/1'])
      await register(t.store, { subject: 'r2-too', version: 1 }, content('r2'))
      expect(await subjectsOf(cache, id)).toEqual(['r2/1', 'r2-too/1'])
      await t.store.transaction((tx) => tx.markVersionDeleted('.', 'r2-too', 1))
      expect(await subjectsOf(cache, id)).toEqual(['r2/1', 'r2-too/1 deleted'])
      await t.store.transaction((tx) => tx.deleteVersion('.', 'r2-too', 1))
      expect(await subjectsOf(cache, id)).toEqual(['r2/1'])
      const other = await t.store.transaction((tx) => tx.insertSchema(content('r2-replacement')))
      await t.store.transaction((tx) => tx.replaceVersion({ context: '.', subject: 'r2', version: 1, schemaId: other }))
      expect(await subjectsOf(cache, id)).toEqual([])
      expect(calls.n).toBe(5)
    })

    it('reads everything again after a write that does not say what it changed', async () => {
      const { cache, calls } = counted()
      const id = await register(t.store, { subject: 'r3', version: 1 }, content('r3'))
      await subjectsOf(cache, id)
      await t.store.transaction((tx) =>
        tx.stageSchema({ context: '.', subject: 'r3-staged', schemaType: 'AVRO', schema: '"string"', references: [], metadata: null, ruleSet: null, forced: false }),
      )
      await subjectsOf(cache, id)
      expect(calls.n).toBe(2)
    })

    it('does not keep an answer read while a registration of that id committed', async () => {
      let release!: () => void
      const gate = new Promise<void>((r) => (release = r))
      const id = await register(t.store, { subject: 'r4', version: 1 }, content('r4'))
      const slow = cacheWith({
        registrations: async (...args) => {
          const rows = await t.store.registrations(...args)
          await gate
          return rows
        },
      })
      const pending = slow.registrations('.', id)
      await register(t.store, { subject: 'r4-too', version: 1 }, content('r4'))
      release()
      expect((await pending).map((r) => r.subject)).toEqual(['r4'])
      expect((await slow.registrations('.', id)).map((r) => r.subject)).toEqual(['r4', 'r4-too'])
    })
  })
})
