import type { RegistryConfig } from '../domain/config.js'
import { parseLevel } from '../domain/levels.js'
import { scopeKey, type SubjectRef } from '../domain/subjects.js'
import { SUBJECT_ATTRIBUTES, type RegistryStore, type SubjectAttributes } from '../storage/registry-store.js'
import type { AuditActor } from '../domain/audit.js'
import { auditOf, auditTargetOf } from './audit-service.js'
import type { ConfigService } from './config-service.js'
import { applyPatch } from './config-service.js'

/** An OpenSchema subject upsert: attributes left out keep their value, `null` clears one. */
export interface SubjectPatch extends Partial<{ [K in keyof SubjectAttributes]: string | null }> {
  compatibility?: string | null
}

/** OpenSchema's subject level (`PUT /compatibility/{s}`) goes through the upsert: a config change for the audit log. */
const isLevelOnly = (patch: SubjectPatch) => Object.keys(patch).every((k) => k === 'compatibility')

export const createSubjectAttributesService = ({ store, config }: { store: RegistryStore; config: ConfigService }) => ({
  /** Creates or updates the subject and its level; answers nothing, callers read the subject back. */
  async upsert(ref: SubjectRef, patch: SubjectPatch, actor?: AuditActor): Promise<void> {
    const level = patch.compatibility === undefined || patch.compatibility === null ? patch.compatibility : parseLevel(patch.compatibility)
    const attributes: Partial<SubjectAttributes> = {}
    for (const key of SUBJECT_ATTRIBUTES) if (patch[key] !== undefined) attributes[key] = patch[key] ?? null
    await store.transaction(async (tx) => {
      await config.assertWritable(tx, ref)
      await tx.touchSubject(ref.context, ref.name, attributes)
      // a level set here is a config change for the change stream (docs/EXTENSIONS.md §10): it needs the config after it
      let stored: { config: RegistryConfig | null } | undefined
      if (level !== undefined) {
        const key = scopeKey(ref)
        const next = applyPatch(await tx.config(key), { compatibilityLevel: level })
        await tx.setConfig(key, next)
        stored = { config: next ?? null }
      }
      await tx.appendEvent({
        action: 'subject.upsert',
        context: ref.context,
        subject: ref.name,
        detail: { fields: Object.keys(patch), ...stored },
        ...auditOf(actor, { eventType: isLevelOnly(patch) ? 'config_update' : 'subject_update', ...auditTargetOf(ref) }),
      })
    })
  },
})

export type SubjectAttributesService = ReturnType<typeof createSubjectAttributesService>
