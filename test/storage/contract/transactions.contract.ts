import { describe, expect, it } from 'vitest'
import { RegistryError } from '../../../src/errors/registry-error.js'
import { content, register, unique, type ContractContext } from './fixtures.js'

/** transaction (commit, rollback, errors, reads of its own writes), lock, appendEvent (read back through the fixture). */
export const describeTransactions = (c: ContractContext) =>
  describe('transactions', () => {
    it('returns what the callback returns and commits its writes', async () => {
      const subject = unique('tx-commit')
      const result = await c.store.transaction(async (tx) => {
        await tx.touchSubject('.', subject)
        return { done: true }
      })
      expect(result).toEqual({ done: true })
      expect(await c.store.subject('.', subject)).toBeDefined()
    })

    it('sees its own uncommitted writes inside the transaction', async () => {
      const subject = unique('tx-own')
      const seen = await c.store.transaction(async (tx) => {
        const id = await tx.insertSchema(content(unique('h-own')))
        await tx.touchSubject('.', subject)
        await tx.insertVersion({ context: '.', subject, version: 1, schemaId: id })
        await tx.setMode(`:.:${subject}`, 'READONLY')
        return [(await tx.schemaById('.', id))?.id === id, (await tx.versions('.', subject, false)).length, await tx.mode(`:.:${subject}`)]
      })
      expect(seen).toEqual([true, 1, 'READONLY'])
    })

    it('leaves nothing written when the callback throws, and keeps what it would have changed', async () => {
      const [subject, kept] = [unique('tx-rolled'), unique('tx-kept')]
      const hash = unique('h-rolled')
      const keptId = await register(c.store, { subject: kept, version: 1 }, content(unique('h-kept')))
      await c.store.transaction((tx) => tx.setMode(`:.:${kept}`, 'READONLY'))
      const eventsBefore = await c.fixture.recentEvents(1)
      const boom = new Error('boom')
      const failed = c.store.transaction(async (tx) => {
        const id = await tx.insertSchema(content(hash))
        await tx.touchSubject('.', subject, { tenant: 't' })
        await tx.insertVersion({ context: '.', subject, version: 1, schemaId: id })
        await tx.setConfig(`:.:${subject}`, { compatibilityLevel: 'NONE' })
        await tx.markVersionDeleted('.', kept, 1)
        await tx.clearModes(`:.:${kept}`)
        await tx.appendEvent({ action: 'rolled.back' })
        throw boom
      })
      await expect(failed).rejects.toMatchObject({ kind: 'STORAGE_ERROR', cause: boom })
      expect(await c.store.subject('.', subject)).toBeUndefined()
      expect(await c.store.versions('.', subject, true)).toEqual([])
      expect(await c.store.schemasByGuid(`guid-${hash}`)).toEqual([])
      expect(await c.store.config(`:.:${subject}`)).toBeUndefined()
      expect((await c.store.version('.', kept, 1))?.deleted).toBe(false)
      expect((await c.store.version('.', kept, 1))?.schemaId).toBe(keptId)
      expect(await c.store.mode(`:.:${kept}`)).toBe('READONLY')
      expect(await c.fixture.recentEvents(1)).toEqual(eventsBefore)
    })

    it('passes a RegistryError thrown by the callback through unchanged after the rollback', async () => {
      const subject = unique('tx-registry-error')
      // a RegistryError the store itself made, so that this test needs no knowledge of error details
      const error: unknown = await c.store.transaction(() => Promise.reject(new Error('inner'))).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RegistryError)
      const failed = c.store.transaction(async (tx) => {
        await tx.touchSubject('.', subject)
        throw error
      })
      await expect(failed).rejects.toBe(error)
      expect(await c.store.subject('.', subject)).toBeUndefined()
    })

    it('rolls back the earlier writes of a transaction whose statement fails', async () => {
      const subject = unique('tx-failed-statement')
      const id = await register(c.store, { subject, version: 1 }, content(unique('h-failed')))
      const failed = c.store.transaction(async (tx) => {
        await tx.insertVersion({ context: '.', subject, version: 2, schemaId: id })
        await tx.insertVersion({ context: '.', subject, version: 1, schemaId: id })
      })
      await expect(failed).rejects.toMatchObject({ kind: 'STORAGE_ERROR' })
      expect((await c.store.versions('.', subject, true)).map((v) => v.version)).toEqual([1])
    })

    it('serializes writers that take the same lock', async () => {
      const subject = unique('tx-lock')
      await c.store.transaction((tx) => tx.touchSubject('.', subject))
      const taken: number[] = []
      await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          c.store.transaction(async (tx) => {
            await tx.lock(`subject:${subject}`)
            // read, then write what was read plus one: two writers interleaving would take one number twice
            const next = ((await tx.versions('.', subject, true)).at(-1)?.version ?? 0) + 1
            const id = await tx.insertSchema(content(unique(`h-lock-${n}`)))
            await tx.insertVersion({ context: '.', subject, version: next, schemaId: id })
            taken.push(next)
          }),
        ),
      )
      expect(taken.sort()).toEqual([1, 2, 3, 4, 5])
      expect((await c.store.versions('.', subject, true)).map((v) => v.version)).toEqual([1, 2, 3, 4, 5])
    })

    it('appends events with every field and reads the newest first, as many as asked', async () => {
      const subject = unique('ev')
      await c.store.transaction((tx) => tx.appendEvent({ action: 'test.first' }))
      await c.store.transaction(async (tx) => {
        await tx.appendEvent({ action: 'test.second', context: '.ctx', subject, version: 3, schemaId: 42, actor: 'alice', detail: { nested: [1, 'two'] } })
        await tx.appendEvent({ action: 'test.third', detail: null })
      })
      const [third, second, first] = await c.fixture.recentEvents(3)
      expect(second).toEqual({ action: 'test.second', context: '.ctx', subject, version: 3, schemaId: 42, actor: 'alice', detail: { nested: [1, 'two'] }, at: expect.any(Date) })
      expect(first).toEqual({ action: 'test.first', at: expect.any(Date) })
      expect(third?.action).toBe('test.third')
      expect(third!.at.getTime()).toBeGreaterThanOrEqual(first!.at.getTime())
      expect(await c.fixture.recentEvents(1)).toHaveLength(1)
      expect(await c.fixture.recentEvents(0)).toEqual([])
    })
  })
