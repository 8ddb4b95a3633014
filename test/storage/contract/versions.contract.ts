import { describe, expect, it } from 'vitest'
import { content, register, unique, type ContractContext } from './fixtures.js'

/** Version rows: insertVersion, version(s), versionsWithContent, replaceVersion, markVersionDeleted, deleteVersion, registrations. */
export const describeVersions = (c: ContractContext) =>
  describe('versions', () => {
    it('answers empty lists and undefined for a subject without versions', async () => {
      const subject = unique('s-empty')
      await c.store.transaction((tx) => tx.touchSubject('.', subject))
      expect(await c.store.versions('.', subject, true)).toEqual([])
      expect(await c.store.version('.', subject, 1)).toBeUndefined()
      expect(await c.store.versionsWithContent('.', subject, 'no-such-hash')).toEqual([])
      expect(await c.store.registrations('.', 987_654)).toEqual([])
    })

    it('reads back a version row with its annotations, numbers and Dates on every engine', async () => {
      const subject = unique('s-row')
      expect(await c.store.version('.', subject, 1)).toBeUndefined()
      const id = await c.store.transaction(async (tx) => {
        const id = await tx.insertSchema(content(unique('h-row')))
        await tx.touchSubject('.', subject)
        await tx.insertVersion({ context: '.', subject, version: 1, schemaId: id, name: 'first', comment: 'why', validator: 'v1' })
        await tx.insertVersion({ context: '.', subject, version: 2, schemaId: id })
        return id
      })
      const row = { context: '.', subject, schemaId: id, deleted: false, createdAt: expect.any(Date), updatedAt: expect.any(Date) }
      expect(await c.store.version('.', subject, 1)).toEqual({ ...row, version: 1, name: 'first', comment: 'why', validator: 'v1' })
      expect(await c.store.version('.', subject, 2)).toEqual({ ...row, version: 2, name: null, comment: null, validator: null })
      expect(await c.store.version('.', subject, 3)).toBeUndefined()
    })

    it('lists versions in ascending order whatever the order they were written in', async () => {
      const subject = unique('s-order')
      const id = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-order'))))
      expect(await c.store.versions('.', subject, false)).toEqual([])
      await c.store.transaction(async (tx) => {
        await tx.touchSubject('.', subject)
        for (const version of [3, 10, 1, 2]) await tx.insertVersion({ context: '.', subject, version, schemaId: id })
      })
      expect((await c.store.versions('.', subject, false)).map((v) => v.version)).toEqual([1, 2, 3, 10])
    })

    it('leaves soft-deleted versions out unless asked, and still reads one by number', async () => {
      const subject = unique('s-soft')
      await register(c.store, { subject, version: 1 }, content(unique('h-soft1')))
      await register(c.store, { subject, version: 2 }, content(unique('h-soft2')))
      const before = (await c.store.version('.', subject, 1))!
      expect(before.deleted).toBe(false)
      await c.store.transaction((tx) => tx.markVersionDeleted('.', subject, 1))
      expect((await c.store.versions('.', subject, false)).map((v) => v.version)).toEqual([2])
      expect((await c.store.versions('.', subject, true)).map((v) => [v.version, v.deleted])).toEqual([
        [1, true],
        [2, false],
      ])
      const after = (await c.store.version('.', subject, 1))!
      expect(after.deleted).toBe(true)
      expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime())
      expect(after.createdAt).toEqual(before.createdAt)
    })

    it('hard-deletes one version row and leaves the others; deleting a missing one, hard or soft, changes nothing', async () => {
      const subject = unique('s-hard')
      await register(c.store, { subject, version: 1 }, content(unique('h-hard1')))
      await register(c.store, { subject, version: 2 }, content(unique('h-hard2')))
      expect((await c.store.versions('.', subject, true)).map((v) => v.version)).toEqual([1, 2])
      await c.store.transaction(async (tx) => {
        await tx.deleteVersion('.', subject, 1)
        await tx.deleteVersion('.', subject, 7)
        await tx.markVersionDeleted('.', subject, 8)
      })
      expect((await c.store.versions('.', subject, true)).map((v) => v.version)).toEqual([2])
      expect(await c.store.version('.', subject, 1)).toBeUndefined()
    })

    it('refuses a second row for the same version number', async () => {
      const subject = unique('s-dup')
      const id = await register(c.store, { subject, version: 1 }, content(unique('h-dup')))
      await expect(c.store.transaction((tx) => tx.insertVersion({ context: '.', subject, version: 1, schemaId: id }))).rejects.toMatchObject({ kind: 'STORAGE_ERROR' })
      expect(await c.store.versions('.', subject, true)).toHaveLength(1)
    })

    it('finds the versions of one subject whose content has a hash, ascending, soft-deleted included', async () => {
      const [subject, other] = [unique('s-content'), unique('s-content-other')]
      const hash = unique('h-content')
      expect(await c.store.versionsWithContent('.', subject, hash)).toEqual([])
      await register(c.store, { subject, version: 1 }, content(hash))
      await register(c.store, { subject, version: 2 }, content(unique('h-content-else')))
      await register(c.store, { subject, version: 3 }, content(hash))
      await register(c.store, { subject: other, version: 1 }, content(hash))
      await c.store.transaction((tx) => tx.markVersionDeleted('.', subject, 3))
      expect((await c.store.versionsWithContent('.', subject, hash)).map((v) => [v.version, v.deleted])).toEqual([
        [1, false],
        [3, true],
      ])
    })

    it('finds versions of every id IMPORT bound to the same content', async () => {
      const context = unique('.imp-content')
      const subject = unique('s-imp-content')
      const hash = unique('h-imp-content')
      await c.store.transaction(async (tx) => {
        await tx.insertSchemaWithId(content(hash, { context }), 20)
        await tx.insertSchemaWithId(content(hash, { context }), 21)
        await tx.touchSubject(context, subject)
        await tx.insertVersion({ context, subject, version: 1, schemaId: 21 })
        await tx.insertVersion({ context, subject, version: 2, schemaId: 20 })
      })
      expect((await c.store.versionsWithContent(context, subject, hash)).map((v) => [v.version, v.schemaId])).toEqual([
        [1, 21],
        [2, 20],
      ])
      expect(await c.store.versionsWithContent('.', subject, hash)).toEqual([])
    })

    it('replaces a version in place: new content and annotations, revived from a soft delete', async () => {
      const subject = unique('s-replace')
      const first = await register(c.store, { subject, version: 1 }, content(unique('h-rep1')))
      await register(c.store, { subject, version: 2 }, content(unique('h-rep2')))
      await c.store.transaction(async (tx) => {
        await tx.replaceVersion({ context: '.', subject, version: 1, schemaId: first, name: 'old', comment: 'old' })
        await tx.markVersionDeleted('.', subject, 1)
      })
      const before = (await c.store.version('.', subject, 1))!
      expect(before).toMatchObject({ deleted: true, name: 'old', comment: 'old' })
      const next = await c.store.transaction(async (tx) => {
        const id = await tx.insertSchema(content(unique('h-rep3')))
        await tx.replaceVersion({ context: '.', subject, version: 1, schemaId: id, validator: 'v' })
        return id
      })
      const after = (await c.store.version('.', subject, 1))!
      expect(after).toMatchObject({ version: 1, schemaId: next, deleted: false, name: null, comment: null, validator: 'v' })
      expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime())
      expect((await c.store.versions('.', subject, false)).map((v) => [v.version, v.schemaId])).toEqual([
        [1, next],
        [2, expect.any(Number)],
      ])
      expect((await c.store.registrations('.', first)).map((r) => r.subject)).toEqual([])
    })

    it('does not create a row when replacing a version that does not exist', async () => {
      const subject = unique('s-replace-missing')
      const id = await register(c.store, { subject, version: 1 }, content(unique('h-rep-missing')))
      await c.store.transaction((tx) => tx.replaceVersion({ context: '.', subject, version: 5, schemaId: id }))
      expect((await c.store.versions('.', subject, true)).map((v) => v.version)).toEqual([1])
    })

    it('lists where an id is registered, by subject then version, with soft-delete flags, in its context only', async () => {
      const hash = unique('h-regs')
      const [a, b] = [unique('regs-a'), unique('regs-b')]
      const other = unique('.regs-other')
      const id = await c.store.transaction((tx) => tx.insertSchema(content(hash)))
      expect(await c.store.registrations('.', id)).toEqual([])
      await register(c.store, { subject: b, version: 1 }, content(hash))
      await register(c.store, { subject: a, version: 2 }, content(hash))
      await register(c.store, { subject: a, version: 1 }, content(hash))
      await c.store.transaction((tx) => tx.markVersionDeleted('.', a, 2))
      await c.store.transaction((tx) => tx.insertSchemaWithId(content(hash, { context: other }), id))
      await register(c.store, { context: other, subject: a, version: 1 }, content(hash, { context: other }))
      expect(await c.store.registrations('.', id)).toEqual([
        { context: '.', subject: a, version: 1, deleted: false, createdAt: expect.any(Date) },
        { context: '.', subject: a, version: 2, deleted: true, createdAt: expect.any(Date) },
        { context: '.', subject: b, version: 1, deleted: false, createdAt: expect.any(Date) },
      ])
      expect((await c.store.registrations(other, id)).map((r) => [r.context, r.subject])).toEqual([[other, a]])
      // the same answers in one round trip, creation times to the millisecond included
      expect(await c.store.schemaWithRegistrations('.', id)).toEqual({ row: await c.store.schemaById('.', id), registrations: await c.store.registrations('.', id) })
      expect(await c.store.schemaWithRegistrations(other, id)).toEqual({ row: await c.store.schemaById(other, id), registrations: await c.store.registrations(other, id) })
      const unregistered = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-regs-none'))))
      expect(await c.store.schemaWithRegistrations('.', unregistered)).toEqual({ row: await c.store.schemaById('.', unregistered), registrations: [] })
      expect(await c.store.schemaWithRegistrations('.', 987_654)).toBeUndefined()
    })

    it("creates the subject's row with its first version and bumps it with the next", async () => {
      const subject = unique('s-implicit')
      const [first, second] = [content(unique('h-implicit-1')), content(unique('h-implicit-2'))]
      const id = await c.store.transaction((tx) => tx.insertSchema(first))
      await c.store.transaction((tx) => tx.insertVersion({ context: '.', subject, version: 1, schemaId: id }))
      const created = await c.store.subject('.', subject)
      expect(created).toMatchObject({ context: '.', name: subject })
      await new Promise((r) => setTimeout(r, 5))
      const next = await c.store.transaction((tx) => tx.insertSchema(second))
      await c.store.transaction((tx) => tx.insertVersion({ context: '.', subject, version: 2, schemaId: next }))
      const bumped = await c.store.subject('.', subject)
      expect(bumped?.createdAt).toEqual(created?.createdAt)
      expect(bumped!.modifiedAt.getTime()).toBeGreaterThan(created!.modifiedAt.getTime())
    })
  })
