import type { AuditActor } from '../domain/audit.js'
import type { SubjectRef } from '../domain/subjects.js'
import type { VersionSpec } from '../domain/versions.js'
import { RegistryError } from '../errors/registry-error.js'
import type { RegistryStore } from '../storage/registry-store.js'
import { auditOf, auditTargetOf } from './audit-service.js'
import type { Policy } from './policy.js'
import type { RegisterInput, RegisterResult, RegisterService } from './register-service.js'
import type { StagingService } from './staging-service.js'
import { resolveVersion } from './version-resolution.js'

export type RollbackResult = { registered: RegisterResult } | { staged: Awaited<ReturnType<StagingService['stage']>> }

/**
 * Rollback (docs/EXTENSIONS.md §8): an earlier version's content becomes the subject's latest again,
 * as a new version with the content's id, after the check a registration makes with the current
 * latest as the earlier schema. So a rollback that drops what was added since is caught where the
 * level says that breaks readers (FORWARD, FULL), and one that brings back a field removed since
 * without a default where BACKWARD says so.
 */
export const createRollbackService = ({ store, registrar, staging }: { store: RegistryStore; registrar: RegisterService; staging: StagingService }) => ({
  /** Registers (or with `stage`, stages) version `spec`'s content; nothing new when it is already the latest. */
  async rollback(ref: SubjectRef, spec: VersionSpec, opts: { force: boolean; stage: boolean }, policy: Policy, actor?: AuditActor): Promise<RollbackResult> {
    const target = await resolveVersion(store, ref, spec, false, policy.subjectExists)
    const row = await store.schemaById(ref.context, target.schemaId)
    if (!row) throw new RegistryError('STORAGE_ERROR', { reason: `Schema ${target.schemaId} of version ${target.version} is missing` })
    const input: RegisterInput = {
      subject: ref,
      schema: row.schema,
      schemaType: row.schemaType,
      references: row.references,
      metadata: row.metadata,
      ruleSet: row.ruleSet,
      normalize: false,
      force: opts.force,
      asLatest: true,
    }
    if (opts.stage) return { staged: await staging.stage(input, policy, actor) }
    const registered = await store.transaction(async (tx) => {
      const result = await registrar.registerIn(tx, input, policy, actor)
      // the registration's own event says what was registered; this one that it was a rollback, and from where
      if (result.created) {
        await tx.appendEvent({
          action: 'subject.rollback',
          context: ref.context,
          subject: ref.name,
          version: result.version,
          schemaId: result.id,
          detail: { from: target.version },
          ...auditOf(actor, { eventType: 'rollback', ...auditTargetOf(ref), schemaType: row.schemaType, afterHash: row.contentHash }),
        })
      }
      return result
    })
    return { registered }
  },
})

export type RollbackService = ReturnType<typeof createRollbackService>
