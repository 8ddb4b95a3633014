import { DEFAULT_CONTEXT } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { AuditActor } from '../domain/audit.js'
import type { RegistryStore } from '../storage/registry-store.js'
import { auditOf } from './audit-service.js'

export const createContextService = ({ store }: { store: RegistryStore }) => ({
  /** Contexts holding subjects, the default one always first. */
  async list(prefix?: string): Promise<string[]> {
    const found = (await store.contexts()).filter((c) => c !== DEFAULT_CONTEXT)
    return [DEFAULT_CONTEXT, ...found].filter((c) => !prefix || c.startsWith(prefix))
  },

  /** A context is deletable only when it holds no subject, soft-deleted ones included (42211). */
  async delete(context: string, actor?: AuditActor): Promise<void> {
    await store.transaction(async (tx) => {
      if ((await tx.listSubjects(context)).length > 0) {
        throw new RegistryError('CONTEXT_NOT_EMPTY', { context })
      }
      await tx.setConfig(`:${context}:`, undefined)
      await tx.setMode(`:${context}:`, undefined)
      await tx.appendEvent({ action: 'context.delete', context, ...auditOf(actor, { eventType: 'context_delete', targetType: 'context', targetId: context }) })
    })
  },
})

export type ContextService = ReturnType<typeof createContextService>
