import { describe, expect, it } from 'vitest'
import { content, register, unique, type ContractContext } from './fixtures.js'

/** referrers: the schemas whose references point at a subject-version. */
export const describeReferences = (c: ContractContext) =>
  describe('references', () => {
    it('answers an empty list for a version nobody refers to', async () => {
      const base = unique('ref-none')
      await register(c.store, { subject: base, version: 1 }, content(unique('h-ref-none')))
      expect(await c.store.referrers('.', base, 1)).toEqual([])
    })

    it('lists each referring schema once, by id, with its registrations by subject then version', async () => {
      const base = unique('ref-base')
      const [userA, userB] = [unique('ref-user-a'), unique('ref-user-b')]
      await register(c.store, { subject: base, version: 1 }, content(unique('h-ref-base')))
      const user = content(unique('h-ref-user'), { references: [{ name: 'Base', subject: base, version: 1 }] })
      const registered = await register(c.store, { subject: userB, version: 1 }, user)
      await register(c.store, { subject: userA, version: 2 }, user)
      await register(c.store, { subject: userA, version: 1 }, user)
      await c.store.transaction((tx) => tx.markVersionDeleted('.', userA, 2))
      const unregistered = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-ref-loose'), { references: [{ name: 'B', subject: base, version: 1 }] })))
      expect(await c.store.referrers('.', base, 1)).toEqual([
        {
          schemaId: registered,
          registrations: [
            { context: '.', subject: userA, version: 1, deleted: false, createdAt: expect.any(Date) },
            { context: '.', subject: userA, version: 2, deleted: true, createdAt: expect.any(Date) },
            { context: '.', subject: userB, version: 1, deleted: false, createdAt: expect.any(Date) },
          ],
        },
        { schemaId: unregistered, registrations: [] },
      ])
      expect(await c.store.referrers('.', base, 2)).toEqual([])
    })

    it('resolves a qualified reference to the context it names', async () => {
      const other = unique('.ref-ctx')
      const base = unique('ref-q-base')
      await register(c.store, { context: other, subject: base, version: 1 }, content(unique('h-ref-q-base'), { context: other }))
      const id = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-ref-q'), { references: [{ name: 'Q', subject: `:${other}:${base}`, version: 1 }] })))
      expect((await c.store.referrers(other, base, 1)).map((r) => r.schemaId)).toEqual([id])
      expect(await c.store.referrers('.', base, 1)).toEqual([])
    })

    it('stops listing a referrer once its content is removed', async () => {
      const base = unique('ref-gone')
      await register(c.store, { subject: base, version: 1 }, content(unique('h-ref-gone-base')))
      const id = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-ref-gone'), { references: [{ name: 'G', subject: base, version: 1 }] })))
      expect((await c.store.referrers('.', base, 1)).map((r) => r.schemaId)).toEqual([id])
      await c.store.transaction((tx) => tx.deleteSchemaIfUnused('.', id))
      expect(await c.store.referrers('.', base, 1)).toEqual([])
    })
  })
