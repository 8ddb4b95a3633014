import { describe, expect, it } from 'vitest'
import { SUBJECT_ATTRIBUTES } from '../../../src/storage/registry-store.js'
import { content, pause, register, unique, type ContractContext } from './fixtures.js'

const noAttributes = Object.fromEntries(SUBJECT_ATTRIBUTES.map((a) => [a, null]))

/** Subject rows and listings: touchSubject, bumpSubject, deleteSubject, subject, listSubjects, contexts. */
export const describeSubjects = (c: ContractContext) =>
  describe('subjects', () => {
    it('answers undefined for a subject without a row', async () => {
      expect(await c.store.subject('.', unique('s-none'))).toBeUndefined()
    })

    it('creates a subject row with no attributes and both times set, and nothing else', async () => {
      const name = unique('s-new')
      expect(await c.store.subject('.', name)).toBeUndefined()
      await c.store.transaction((tx) => tx.touchSubject('.', name))
      const row = (await c.store.subject('.', name))!
      expect(row).toEqual({ context: '.', name, ...noAttributes, createdAt: expect.any(Date), modifiedAt: expect.any(Date) })
      expect(row.modifiedAt.getTime()).toBe(row.createdAt.getTime())
    })

    it('touching again keeps the creation time and attributes not given, and bumps the modified time', async () => {
      const name = unique('s-touch')
      await c.store.transaction((tx) => tx.touchSubject('.', name, { tenant: 't', app: 'a' }))
      const first = (await c.store.subject('.', name))!
      expect(first).toMatchObject({ tenant: 't', app: 'a', description: null })
      await pause(5)
      // an attribute given as undefined is not given
      await c.store.transaction((tx) => tx.touchSubject('.', name, { tenant: undefined, app: null, description: 'd' }))
      const second = (await c.store.subject('.', name))!
      expect(second).toMatchObject({ tenant: 't', app: null, description: 'd' })
      expect(second.createdAt).toEqual(first.createdAt)
      expect(second.modifiedAt.getTime()).toBeGreaterThan(first.modifiedAt.getTime())
    })

    it('bumps the modified time of an existing subject and creates none for a missing one', async () => {
      const [name, missing] = [unique('s-bump'), unique('s-bump-missing')]
      await c.store.transaction((tx) => tx.touchSubject('.', name, { status: 'active' }))
      const before = (await c.store.subject('.', name))!
      await pause(5)
      await c.store.transaction(async (tx) => {
        await tx.bumpSubject('.', name)
        await tx.bumpSubject('.', missing)
      })
      const after = (await c.store.subject('.', name))!
      expect(after.modifiedAt.getTime()).toBeGreaterThan(before.modifiedAt.getTime())
      expect(after).toMatchObject({ createdAt: before.createdAt, status: 'active' })
      expect(await c.store.subject('.', missing)).toBeUndefined()
    })

    it('removes a subject row with its attributes once its versions are gone', async () => {
      const name = unique('s-delete')
      await register(c.store, { subject: name, version: 1 }, content(unique('h-sdel')))
      await expect(c.store.transaction((tx) => tx.deleteSubject('.', name))).rejects.toMatchObject({ kind: 'STORAGE_ERROR' })
      expect(await c.store.subject('.', name)).toBeDefined()
      await c.store.transaction(async (tx) => {
        await tx.deleteVersion('.', name, 1)
        await tx.deleteSubject('.', name)
      })
      expect(await c.store.subject('.', name)).toBeUndefined()
      await c.store.transaction((tx) => tx.touchSubject('.', name))
      expect(await c.store.subject('.', name)).toMatchObject(noAttributes)
    })

    it('lists the subjects of a context by name with live and total version counts', async () => {
      const context = unique('.list')
      expect(await c.store.listSubjects(context)).toEqual([])
      const [b, a, empty] = [unique('b'), unique('a'), unique('c')]
      await register(c.store, { context, subject: b, version: 1 }, content(unique('h-l1'), { context }))
      await register(c.store, { context, subject: b, version: 2 }, content(unique('h-l2'), { context }))
      await register(c.store, { context, subject: a, version: 1 }, content(unique('h-l3'), { context }))
      await c.store.transaction(async (tx) => {
        await tx.markVersionDeleted(context, b, 1)
        await tx.touchSubject(context, empty)
      })
      const elsewhere = unique('.list-other')
      await register(c.store, { context: elsewhere, subject: a, version: 1 }, content(unique('h-l4'), { context: elsewhere }))
      expect(await c.store.listSubjects(context)).toEqual([
        { context, name: a, liveVersions: 1, allVersions: 1 },
        { context, name: b, liveVersions: 1, allVersions: 2 },
        { context, name: empty, liveVersions: 0, allVersions: 0 },
      ])
    })

    it('lists the subjects of every context, by context then name, when no context is given', async () => {
      const [c2, c1] = [unique('.all-b'), unique('.all-a')]
      await c.store.transaction(async (tx) => {
        for (const ctx of [c2, c1]) for (const name of ['y', 'x']) await tx.touchSubject(ctx, name)
      })
      const all = await c.store.listSubjects()
      expect(all.filter((s) => s.context === c1 || s.context === c2).map((s) => `${s.context}/${s.name}`)).toEqual([`${c1}/x`, `${c1}/y`, `${c2}/x`, `${c2}/y`])
      const keys = all.map((s) => [s.context, s.name])
      expect(keys).toEqual([...keys].sort((p, q) => (p[0]! < q[0]! ? -1 : p[0]! > q[0]! ? 1 : p[1]! < q[1]! ? -1 : p[1]! > q[1]! ? 1 : 0)))
    })

    it('lists the contexts holding a subject, sorted, and drops one with its last subject', async () => {
      const [held, schemaOnly] = [unique('.ctx-held'), unique('.ctx-schema-only')]
      expect(await c.store.contexts()).not.toContain(held)
      await c.store.transaction(async (tx) => {
        await tx.touchSubject(held, 's')
        await tx.insertSchema(content(unique('h-ctx'), { context: schemaOnly }))
      })
      const listed = await c.store.contexts()
      expect(listed).toContain(held)
      expect(listed).not.toContain(schemaOnly)
      expect(listed).toEqual([...listed].sort())
      expect(new Set(listed).size).toBe(listed.length)
      await c.store.transaction((tx) => tx.deleteSubject(held, 's'))
      expect(await c.store.contexts()).not.toContain(held)
    })
  })
