import { describe, expect, it } from 'vitest'
import type { RegistryStore, StoreChange } from '../../../src/storage/registry-store.js'
import { unique, type ContractContext } from './fixtures.js'

const audit = (eventType: string, outcome = 'success') => ({ eventType, outcome })

/** recordEvent and auditEvents: the audit log's own port methods (docs/EXTENSIONS.md §3.4). */
export const describeAudit = (c: ContractContext) =>
  describe('audit events', () => {
    it('lists events with an event type, oldest first, with every field, filtered by subject', async () => {
      const subject = unique('audit')
      await c.store.transaction((tx) => tx.appendEvent({ action: 'no.audit', subject }))
      await c.store.transaction((tx) =>
        tx.appendEvent({
          action: 'schema.register',
          context: '.',
          subject,
          version: 1,
          schemaId: 7,
          actor: 'bob',
          audit: {
            ...audit('schema_register'),
            actorType: 'user',
            authMethod: 'basic',
            role: 'writer',
            targetType: 'subject',
            targetId: subject,
            schemaType: 'AVRO',
            afterHash: 'h1',
            sourceIp: '10.0.0.1',
            userAgent: 'ua',
            method: 'POST',
            path: `/subjects/${subject}/versions`,
            statusCode: 200,
            requestId: 'req-1',
            durationMs: 1.5,
          },
        }),
      )
      await c.store.recordEvent({ action: 'refused', subject, audit: { ...audit('read', 'denied'), statusCode: 403, reason: 'no' } })
      const events = await c.store.auditEvents({ subject, limit: 10 })
      expect(events.map((e) => e.event_type)).toEqual(['schema_register', 'read'])
      expect(events[0]).toEqual({
        seq: expect.any(Number),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        event_type: 'schema_register',
        outcome: 'success',
        actor_id: 'bob',
        actor_type: 'user',
        auth_method: 'basic',
        role: 'writer',
        target_type: 'subject',
        target_id: subject,
        context: '.',
        subject,
        schema_id: 7,
        version: 1,
        schema_type: 'AVRO',
        before_hash: null,
        after_hash: 'h1',
        source_ip: '10.0.0.1',
        user_agent: 'ua',
        method: 'POST',
        path: `/subjects/${subject}/versions`,
        status_code: 200,
        reason: null,
        request_id: 'req-1',
        duration_ms: 1.5,
      })
      expect(events[1]).toMatchObject({ outcome: 'denied', status_code: 403, reason: 'no', actor_id: null })
      expect(events[1]!.seq).toBeGreaterThan(events[0]!.seq)
    })

    it('filters by event type, outcome, context and time, and pages after a seq', async () => {
      const subject = unique('audit-page')
      for (let i = 0; i < 5; i++) {
        await c.store.transaction((tx) =>
          tx.appendEvent({ action: 'x', context: '.ctx-audit', subject, audit: audit(i % 2 === 0 ? 'config_update' : 'mode_update', i === 4 ? 'rejected' : 'success') }),
        )
      }
      const all = await c.store.auditEvents({ subject, limit: 100 })
      expect(all).toHaveLength(5)
      const first = await c.store.auditEvents({ subject, limit: 2 })
      const second = await c.store.auditEvents({ subject, limit: 2, after: first.at(-1)!.seq })
      expect([...first, ...second].map((e) => e.seq)).toEqual(all.slice(0, 4).map((e) => e.seq))
      expect(await c.store.auditEvents({ subject, limit: 100, after: all.at(-1)!.seq })).toEqual([])
      expect((await c.store.auditEvents({ subject, eventType: 'config_update', limit: 100 })).map((e) => e.event_type)).toEqual(['config_update', 'config_update', 'config_update'])
      expect(await c.store.auditEvents({ subject, outcome: 'rejected', limit: 100 })).toHaveLength(1)
      expect(await c.store.auditEvents({ subject, context: '.', limit: 100 })).toEqual([])
      expect(await c.store.auditEvents({ subject, context: '.ctx-audit', limit: 100 })).toHaveLength(5)
      expect(await c.store.auditEvents({ subject, since: new Date(Date.now() + 60_000), limit: 100 })).toEqual([])
      expect(await c.store.auditEvents({ subject, since: new Date(Date.now() - 60_000), limit: 100 })).toHaveLength(5)
    })

    it('recordEvent notifies no listener (a refused request is no write of registry data)', async () => {
      const seen: StoreChange[] = []
      const store: RegistryStore = c.store
      store.onChange((change) => seen.push(change))
      await store.recordEvent({ action: 'refused', audit: audit('read', 'denied') })
      expect(seen).toEqual([])
    })

    it('an event appended in a transaction that rolls back is not listed', async () => {
      const subject = unique('audit-rollback')
      await expect(
        c.store.transaction(async (tx) => {
          await tx.appendEvent({ action: 'x', subject, audit: audit('schema_register') })
          throw new Error('boom')
        }),
      ).rejects.toBeDefined()
      expect(await c.store.auditEvents({ subject, limit: 10 })).toEqual([])
    })
  })
