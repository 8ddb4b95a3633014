import { createHash } from 'node:crypto'
import type { AuditActor, AuditEvent, AuditEventType, AuditQuery, AuditTarget } from '../domain/audit.js'
import { GLOBAL_CONTEXT, parseSubject, qualifySubject, type SubjectRef } from '../domain/subjects.js'
import type { RegistryStore } from '../storage/registry-store.js'
import type { AuditFields, RegistryEvent } from '../storage/store-events.js'
import { stableJson } from './content-hash.js'

/**
 * The audit log (docs/EXTENSIONS.md §3.4). Writes record their event in their own transaction through
 * `auditOf`; the HTTP edge records refused requests through `recordRefusal` and lists events for
 * `GET /audit`.
 */

/** A config's or mode's hash for before_hash / after_hash: sha256 of its sorted-key JSON; undefined for none. */
export const settingHash = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : `sha256:${createHash('sha256').update(stableJson(value)).digest('hex')}`

/** What an event's target is: a subject, a context's own scope, or the global one. */
export const auditTargetOf = (ref: SubjectRef): Pick<AuditTarget, 'targetType' | 'targetId'> => {
  if (ref.name !== '') return { targetType: 'subject', targetId: qualifySubject(ref) }
  if (ref.context === GLOBAL_CONTEXT) return { targetType: 'global', targetId: '' }
  return { targetType: 'context', targetId: ref.context }
}

/** The actor's part of an event; `duration_ms` counts until now (inside the write's transaction). */
export const actorFields = (actor: AuditActor | undefined, outcome: string, statusCode: number | undefined): Omit<AuditFields, 'eventType'> => ({
  outcome,
  actorType: actor?.type,
  authMethod: actor?.authMethod,
  role: actor?.role,
  sourceIp: actor?.sourceIp,
  userAgent: actor?.userAgent,
  method: actor?.method,
  path: actor?.path,
  requestId: actor?.requestId,
  statusCode,
  durationMs: actor ? Date.now() - actor.startedAt : undefined,
})

/** A successful write's event fields, for the service's `appendEvent`. */
export const auditOf = (actor: AuditActor | undefined, target: AuditTarget): Pick<RegistryEvent, 'actor' | 'audit'> => ({
  actor: actor?.id,
  audit: {
    ...actorFields(actor, 'success', actor ? (actor.successStatus ?? 200) : undefined),
    eventType: target.eventType,
    targetType: target.targetType,
    targetId: target.targetId,
    schemaType: target.schemaType,
    beforeHash: target.beforeHash,
    afterHash: target.afterHash,
    ...(target.reason === undefined ? {} : { reason: target.reason }),
  },
})

/** `GET /audit`'s filters as the edge passes them: the store's, with the subject as the request names it. */
export type AuditListInput = Omit<AuditQuery, 'subject'> & {
  /** A subject name, qualified (`:.ctx:s`) or in the request's context. */
  subject?: string
}

export const createAuditService = ({ store }: { store: RegistryStore }) => ({
  /** A refused request (401, 403, 409): its own small write, after the answer is known. */
  async recordRefusal(
    actor: AuditActor,
    refusal: { eventType: AuditEventType; outcome: 'denied' | 'rejected'; statusCode: number; reason?: string; subject?: SubjectRef; durationMs: number },
  ): Promise<void> {
    const target = refusal.subject ? auditTargetOf(refusal.subject) : {}
    await store.recordEvent({
      action: `refused.${refusal.eventType}`,
      actor: actor.id,
      context: refusal.subject?.context,
      subject: refusal.subject?.name || undefined,
      audit: { ...actorFields(actor, refusal.outcome, refusal.statusCode), ...target, eventType: refusal.eventType, reason: refusal.reason, durationMs: refusal.durationMs },
    })
  },

  /** Events oldest first after `after`, and the seq to ask after next (null when this page is the last). */
  async list(input: AuditListInput, requestContext: string): Promise<{ events: AuditEvent[]; next: number | null }> {
    const ref = input.subject === undefined ? undefined : parseSubject(input.subject, requestContext)
    if (input.context !== undefined && ref !== undefined && ref.context !== input.context) return { events: [], next: null }
    // one more than asked tells whether another page follows
    const rows = await store.auditEvents({
      subject: ref?.name,
      context: ref?.context ?? input.context,
      eventType: input.eventType,
      outcome: input.outcome,
      since: input.since,
      after: input.after,
      limit: input.limit + 1,
    })
    const events = rows.slice(0, input.limit)
    return { events, next: rows.length > input.limit ? events.at(-1)!.seq : null }
  },
})

export type AuditService = ReturnType<typeof createAuditService>
