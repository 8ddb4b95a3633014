import { describe, expect, it } from 'vitest'
import type { ChangeQuery } from '../../../src/domain/change-events.js'
import { RegistryError } from '../../../src/errors/registry-error.js'
import type { RegistryEvent } from '../../../src/storage/store-events.js'
import { unique, type ContractContext } from './fixtures.js'

const T = 'io.openschema.registry.'

/** changeEvents and the order of appended events (docs/EXTENSIONS.md §10). */
export const describeChangeEvents = (c: ContractContext) =>
  describe('change events', () => {
    /** Appends events in one transaction each; answers the seq before them. */
    const append = async (...events: RegistryEvent[]): Promise<number> => {
      const before = (await c.store.changeEvents({ after: 0, limit: 100_000 })).at(-1)?.seq ?? 0
      for (const e of events) await c.store.transaction((tx) => tx.appendEvent(e))
      return before
    }
    const read = async (q: Partial<ChangeQuery> & { after: number }) => c.store.changeEvents({ limit: 1000, ...q })

    it('lists only changes, by seq, with their fields; refused and non-change rows never', async () => {
      const s = unique('chg')
      const after = await append(
        { action: 'schema.register', context: '.', subject: s, version: 1, schemaId: 4, audit: { eventType: 'schema_register', outcome: 'success', schemaType: 'AVRO' } },
        { action: 'owner.claim', context: '.', subject: s },
        { action: 'subject.upsert', context: '.', subject: s, detail: { fields: ['description'] } },
        { action: 'subject.upsert', context: '.', subject: s, detail: { fields: ['compatibility'], config: { compatibilityLevel: 'NONE' } } },
        { action: 'context.delete', context: '.x' },
        { action: 'mode.delete', context: '.', detail: { recursive: true } },
      )
      await c.store.recordEvent({ action: 'refused.schema_register', context: '.', subject: s })
      const rows = await read({ after })
      expect(rows.map((r) => r.action)).toEqual(['schema.register', 'subject.upsert', 'mode.delete'])
      expect(rows[0]).toEqual({
        seq: expect.any(Number),
        at: expect.any(Date),
        action: 'schema.register',
        context: '.',
        subject: s,
        version: 1,
        schemaId: 4,
        schemaType: 'AVRO',
        detail: null,
      })
      expect(rows[1]!.detail).toEqual({ fields: ['compatibility'], config: { compatibilityLevel: 'NONE' } })
      expect(rows[2]).toMatchObject({ subject: null, detail: { recursive: true } })
      expect(rows[0]!.seq).toBeLessThan(rows[1]!.seq)
      expect((await read({ after, limit: 1 })).map((r) => r.action)).toEqual(['schema.register'])
      expect(await read({ after: rows[2]!.seq })).toEqual([])
    })

    it('keeps the order events were appended in within one transaction', async () => {
      const s = unique('chg-tx')
      const after = await append()
      await c.store.transaction(async (tx) => {
        await tx.appendEvent({ action: 'config.update', context: '.', subject: s, detail: { config: null } })
        await tx.appendEvent({ action: 'mode.update', context: '.', subject: s, detail: { mode: 'IMPORT' } })
      })
      expect((await read({ after })).map((r) => r.action)).toEqual(['config.update', 'mode.update'])
    })

    it('appends nothing from a transaction that rolled back', async () => {
      const after = await append()
      await expect(
        c.store.transaction(async (tx) => {
          await tx.appendEvent({ action: 'schema.register', context: '.', subject: unique('chg-rb') })
          throw new RegistryError('INVALID_SCHEMA', { reason: 'rolled back' })
        }),
      ).rejects.toThrow('rolled back')
      expect(await read({ after })).toEqual([])
    })

    it('filters by type, context, subject, subject prefix and readable scopes; an empty scope list reads nothing', async () => {
      const p = unique('flt')
      const after = await append(
        { action: 'schema.register', context: '.', subject: `${p}-a` },
        { action: 'schema.register', context: '.c', subject: `${p}-a` },
        { action: 'version.delete.soft', context: '.', subject: `${p}-b` },
        { action: 'config.update', context: '.c', detail: { config: {} } },
        { action: 'schema.register', context: '.', subject: `x%_${p}` },
      )
      const subjects = async (q: Partial<ChangeQuery>) => (await read({ after, ...q })).map((r) => `${r.context} ${r.subject ?? ''}`)
      expect(await subjects({ types: [`${T}version.deleted`, `${T}config.changed`] })).toEqual([`. ${p}-b`, '.c '])
      expect(await subjects({ context: '.c' })).toEqual([`.c ${p}-a`, '.c '])
      expect(await subjects({ subject: { context: '.', name: `${p}-a` } })).toEqual([`. ${p}-a`])
      expect(await subjects({ subjectPrefix: { prefix: `${p}-` } })).toEqual([`. ${p}-a`, `.c ${p}-a`, `. ${p}-b`])
      expect(await subjects({ subjectPrefix: { context: '.c', prefix: '' } })).toEqual([`.c ${p}-a`])
      // a prefix is compared literally: % and _ are no wildcards
      expect(await subjects({ subjectPrefix: { prefix: 'x%_' } })).toEqual([`. x%_${p}`])
      expect(await subjects({ subjectPrefix: { prefix: 'x__' } })).toEqual([])
      expect(await subjects({ readable: [{ prefixes: [`${p}-b`] }, { context: '.c', prefixes: [p] }] })).toEqual([`.c ${p}-a`, `. ${p}-b`])
      // a scope's event (no subject) needs a grant without prefixes
      expect(await subjects({ readable: [{ context: '.c' }] })).toEqual([`.c ${p}-a`, '.c '])
      expect(await subjects({ readable: [] })).toEqual([])
    })
  })
