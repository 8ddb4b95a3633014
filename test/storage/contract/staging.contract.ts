import { describe, expect, it } from 'vitest'
import { unique, type ContractContext } from './fixtures.js'

const staged = (context: string, subject: string, schema: string) => ({
  context,
  subject,
  schemaType: 'AVRO' as const,
  schema,
  references: [{ name: 'dep', subject: 'dep-value', version: -1 }],
  metadata: { properties: { owner: 'team-a' } },
  ruleSet: null,
  forced: subject === 'b',
})

/** Staging (docs/EXTENSIONS.md §8): stagedSchemas, stageSchema, discardStaged. */
export const describeStaging = (c: ContractContext) =>
  describe('staging', () => {
    it('stages one schema per subject of a context, replaces it, lists by subject, and keeps -1 references as given', async () => {
      const ctx = unique('.staging')
      expect(await c.store.stagedSchemas(ctx)).toEqual([])
      await c.store.transaction(async (tx) => {
        await tx.stageSchema(staged(ctx, 'b', '"string"'))
        await tx.stageSchema(staged(ctx, 'a', '"int"'))
        await tx.stageSchema(staged(ctx, 'b', '"long"'))
      })
      const rows = await c.store.stagedSchemas(ctx)
      expect(rows.map((r) => [r.subject, r.schema])).toEqual([
        ['a', '"int"'],
        ['b', '"long"'],
      ])
      expect(rows[0]).toMatchObject({
        context: ctx,
        schemaType: 'AVRO',
        references: [{ name: 'dep', subject: 'dep-value', version: -1 }],
        metadata: { properties: { owner: 'team-a' } },
        ruleSet: null,
        forced: false,
      })
      expect(rows[1]!.forced).toBe(true)
      expect(rows[0]!.stagedAt).toBeInstanceOf(Date)
      // another context sees none of it
      expect(await c.store.stagedSchemas(unique('.other'))).toEqual([])
    })

    it('discards one subject or the whole context, answering how many went, and rolls back with its transaction', async () => {
      const ctx = unique('.discard')
      await c.store.transaction(async (tx) => {
        for (const s of ['x', 'y', 'z']) await tx.stageSchema(staged(ctx, s, '"int"'))
      })
      expect(await c.store.transaction((tx) => tx.discardStaged(ctx, 'y'))).toBe(1)
      expect(await c.store.transaction((tx) => tx.discardStaged(ctx, 'y'))).toBe(0)
      await expect(
        c.store.transaction(async (tx) => {
          expect(await tx.discardStaged(ctx)).toBe(2)
          expect(await tx.stagedSchemas(ctx)).toEqual([])
          throw new Error('roll back')
        }),
      ).rejects.toMatchObject({ kind: 'STORAGE_ERROR' })
      expect((await c.store.stagedSchemas(ctx)).map((r) => r.subject)).toEqual(['x', 'z'])
      expect(await c.store.transaction((tx) => tx.discardStaged(ctx))).toBe(2)
      expect(await c.store.stagedSchemas(ctx)).toEqual([])
    })
  })
