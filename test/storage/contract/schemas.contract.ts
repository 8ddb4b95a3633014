import { describe, expect, it } from 'vitest'
import { content, register, unique, type ContractContext } from './fixtures.js'

/** Content by id: insertSchema (dedupe), insertSchemaWithId, schemaById, schemasByGuid, maxSchemaId, deleteSchemaIfUnused. */
export const describeSchemas = (c: ContractContext) =>
  describe('schema content', () => {
    it('answers undefined for an id that is not in the context', async () => {
      const id = await c.store.transaction((tx) => tx.insertSchema(content(unique('h'))))
      expect(await c.store.schemaById('.', id + 1_000_000)).toBeUndefined()
      expect(await c.store.schemaById(unique('.nowhere'), id)).toBeUndefined()
    })

    it('reads back every field of stored content, with numbers and Dates on every engine', async () => {
      const hash = unique('h-full')
      const written = content(hash, {
        schemaType: 'JSON',
        schema: '{"type":"object"}',
        references: [{ name: 'a.json', subject: 'refd', version: 2 }],
        metadata: { properties: { owner: 'team-a' } },
        ruleSet: { domainRules: [{ name: 'r', kind: 'CONDITION' }] },
      })
      const id = await c.store.transaction((tx) => tx.insertSchema(written))
      expect(typeof id).toBe('number')
      expect(await c.store.schemaById('.', id)).toEqual({ ...written, id, createdAt: expect.any(Date) })
    })

    it('returns the existing id when the same content is inserted twice', async () => {
      const hash = unique('h-twice')
      const a = await c.store.transaction((tx) => tx.insertSchema(content(hash)))
      const b = await c.store.transaction((tx) => tx.insertSchema(content(hash)))
      const inOne = await c.store.transaction(async (tx) => [await tx.insertSchema(content(hash)), await tx.insertSchema(content(hash))])
      expect([b, ...inOne]).toEqual([a, a, a])
      expect(await c.store.schemasByGuid(`guid-${hash}`)).toHaveLength(1)
    })

    it('returns one id when the same content is inserted concurrently', async () => {
      const hash = unique('h-race')
      const ids = await Promise.all([1, 2, 3, 4, 5].map(() => c.store.transaction((tx) => tx.insertSchema(content(hash)))))
      expect(new Set(ids).size).toBe(1)
      expect(await c.store.schemasByGuid(`guid-${hash}`)).toHaveLength(1)
    })

    it('gives different content different, increasing ids', async () => {
      const a = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-a'))))
      const b = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-b'))))
      expect(b).toBeGreaterThan(a)
    })

    it('keeps ids per context: the same content in another context is a separate row', async () => {
      const hash = unique('h-ctx')
      const other = unique('.other')
      const a = await c.store.transaction((tx) => tx.insertSchema(content(hash)))
      const b = await c.store.transaction((tx) => tx.insertSchema(content(hash, { context: other })))
      expect(b).not.toBe(a)
      expect((await c.store.schemaById(other, b))?.context).toBe(other)
      expect(await c.store.schemaById(other, a)).toBeUndefined()
    })

    it('binds content to an explicit id on import and gives later content ids past it', async () => {
      const imported = 50_000
      const hash = unique('h-import')
      expect(await c.store.schemaById('.', imported)).toBeUndefined()
      await c.store.transaction((tx) => tx.insertSchemaWithId(content(hash), imported))
      expect((await c.store.schemaById('.', imported))?.contentHash).toBe(hash)
      const next = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-after-import'))))
      expect(next).toBeGreaterThan(imported)
      // the same content now dedupes onto the imported id
      expect(await c.store.transaction((tx) => tx.insertSchema(content(hash)))).toBe(imported)
    })

    it('never moves ids back when an id below the newest is imported', async () => {
      const before = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-before-low'))))
      await c.store.transaction((tx) => tx.insertSchemaWithId(content(unique('h-low'), { context: unique('.low') }), 3))
      const after = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-after-low'))))
      expect(after).toBeGreaterThan(before)
    })

    it('dedupes onto an imported id when IMPORT bound one content to several ids', async () => {
      const context = unique('.multi')
      const hash = unique('h-multi')
      await c.store.transaction(async (tx) => {
        await tx.insertSchemaWithId(content(hash, { context }), 70_001)
        await tx.insertSchemaWithId(content(hash, { context }), 70_000)
      })
      const id = await c.store.transaction((tx) => tx.insertSchema(content(hash, { context })))
      expect([70_000, 70_001]).toContain(id)
      expect((await c.store.schemasByGuid(`guid-${hash}`)).map((r) => r.id)).toEqual([70_000, 70_001])
    })

    it('finds content by guid in every context, ordered by context then id, and nothing for an unknown guid', async () => {
      const guid = unique('guid-shared')
      const [cb, ca] = [unique('.guid-b'), unique('.guid-a')]
      const b = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-g1'), { context: cb, guid })))
      const a2 = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-g2'), { context: ca, guid })))
      const a1 = await c.store.transaction((tx) => tx.insertSchemaWithId(content(unique('h-g3'), { context: ca, guid }), 1).then(() => 1))
      expect((await c.store.schemasByGuid(guid)).map((r) => [r.context, r.id])).toEqual([
        [ca, a1],
        [ca, a2],
        [cb, b],
      ])
      expect(await c.store.schemasByGuid(unique('guid-none'))).toEqual([])
    })

    it('reports the highest id of a context only, and 0 for a context without content', async () => {
      const context = unique('.max')
      expect(await c.store.maxSchemaId(context)).toBe(0)
      await c.store.transaction((tx) => tx.insertSchemaWithId(content(unique('h-max'), { context }), 40))
      await c.store.transaction((tx) => tx.insertSchemaWithId(content(unique('h-max'), { context }), 12))
      await c.store.transaction((tx) => tx.insertSchemaWithId(content(unique('h-max'), { context: unique('.max-other') }), 45_000))
      expect(await c.store.maxSchemaId(context)).toBe(40)
    })

    it('removes content no version uses and keeps content a version uses, even a soft-deleted one', async () => {
      const subject = unique('s-gc')
      const used = await register(c.store, { subject, version: 1 }, content(unique('h-used')))
      const unused = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-unused'))))
      expect(await c.store.schemaById('.', unused)).toBeDefined()
      await c.store.transaction((tx) => tx.markVersionDeleted('.', subject, 1))
      const [kept, removed, missing] = await c.store.transaction(async (tx) => [
        await tx.deleteSchemaIfUnused('.', used),
        await tx.deleteSchemaIfUnused('.', unused),
        await tx.deleteSchemaIfUnused('.', unused + 1_000_000),
      ])
      expect([kept, removed, missing]).toEqual([false, true, false])
      expect(await c.store.schemaById('.', used)).toBeDefined()
      expect(await c.store.schemaById('.', unused)).toBeUndefined()
    })

    it('frees content once its last version is hard-deleted', async () => {
      const subject = unique('s-gc-hard')
      const id = await register(c.store, { subject, version: 1 }, content(unique('h-hard')))
      expect((await c.store.schemaById('.', id))?.id).toBe(id)
      const removed = await c.store.transaction(async (tx) => {
        await tx.deleteVersion('.', subject, 1)
        return tx.deleteSchemaIfUnused('.', id)
      })
      expect(removed).toBe(true)
      expect(await c.store.schemaById('.', id)).toBeUndefined()
    })
  })
