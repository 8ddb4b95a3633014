import { describe, expect, it } from 'vitest'
import { content, register, unique, type ContractContext } from './fixtures.js'

/** Subject claims (docs/EXTENSIONS.md §3.3): subjectClaim, setSubjectClaim. */
export const describeClaims = (c: ContractContext) =>
  describe('subject claims', () => {
    it('claims a name without a subject row, replaces the hash, and releases it', async () => {
      const name = unique('claim')
      expect(await c.store.subjectClaim('.', name)).toBeUndefined()
      const before = Date.now()
      await c.store.transaction((tx) => tx.setSubjectClaim('.', name, 'a'.repeat(64)))
      const claim = await c.store.subjectClaim('.', name)
      expect(claim).toMatchObject({ context: '.', subject: name, tokenHash: 'a'.repeat(64) })
      expect(claim!.claimedAt).toBeInstanceOf(Date)
      expect(claim!.claimedAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
      // a claim is not a subject
      expect(await c.store.subject('.', name)).toBeUndefined()
      await c.store.transaction((tx) => tx.setSubjectClaim('.', name, 'b'.repeat(64)))
      expect((await c.store.subjectClaim('.', name))?.tokenHash).toBe('b'.repeat(64))
      await c.store.transaction(async (tx) => {
        await tx.setSubjectClaim('.', name, undefined)
        await tx.setSubjectClaim('.', name, undefined)
      })
      expect(await c.store.subjectClaim('.', name)).toBeUndefined()
    })

    it('keeps claims per context and name, and outlives the subject row', async () => {
      const name = unique('claim-ctx')
      const ctx = unique('.claims')
      await register(c.store, { subject: name, version: 1 }, content(unique('claim-hash')))
      await c.store.transaction((tx) => tx.setSubjectClaim(ctx, name, 'c'.repeat(64)))
      expect(await c.store.subjectClaim('.', name)).toBeUndefined()
      expect(await c.store.subjectClaim(ctx, `${name}x`)).toBeUndefined()
      await c.store.transaction((tx) => tx.setSubjectClaim('.', name, 'd'.repeat(64)))
      await c.store.transaction(async (tx) => {
        await tx.deleteVersion('.', name, 1)
        await tx.deleteSubject('.', name)
      })
      expect((await c.store.subjectClaim('.', name))?.tokenHash).toBe('d'.repeat(64))
      expect((await c.store.subjectClaim(ctx, name))?.tokenHash).toBe('c'.repeat(64))
    })

    it('reads a claim inside the transaction that wrote it, and a rolled-back claim is gone', async () => {
      const name = unique('claim-tx')
      const seen = await c.store.transaction(async (tx) => {
        await tx.setSubjectClaim('.', name, 'e'.repeat(64))
        return tx.subjectClaim('.', name)
      })
      expect(seen?.tokenHash).toBe('e'.repeat(64))
      const other = unique('claim-rollback')
      await expect(
        c.store.transaction(async (tx) => {
          await tx.setSubjectClaim('.', other, 'f'.repeat(64))
          throw new Error('rolled back')
        }),
      ).rejects.toThrow()
      expect(await c.store.subjectClaim('.', other)).toBeUndefined()
    })
  })
