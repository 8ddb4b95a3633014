import { qualifySubject, scopeKey, type SubjectRef } from '../domain/subjects.js'
import type { SchemaType } from '../domain/schema-types.js'
import type { VersionSpec } from '../domain/versions.js'
import { RegistryError } from '../errors/registry-error.js'
import type { AuditActor } from '../domain/audit.js'
import type { RegistryStore, StoreWriter, VersionRow } from '../storage/registry-store.js'
import { auditOf, auditTargetOf } from './audit-service.js'
import type { ConfigService } from './config-service.js'
import type { DeleteMode } from './policy.js'
import type { VersionFiles } from './version-files.js'
import { resolveVersion, subjectNotFound } from './version-resolution.js'

/**
 * `soft` marks versions deleted; `permanent` removes rows already soft-deleted; `immediate` removes
 * live rows at once (a policy whose deletes are immediate). `deleteModeOf` picks one for a request.
 */
type DeleteKind = DeleteMode

const referenceExists = (ref: SubjectRef, version: number) => new RegistryError('REFERENCE_EXISTS', { subject: qualifySubject(ref), version })

export const createDeleteService = ({ store, config, files }: { store: RegistryStore; config: ConfigService; files: VersionFiles }) => {
  /** Soft deletes are blocked by live referrers from other subjects, hard ones by any referrer. */
  const assertUnreferenced = async (tx: StoreWriter, ref: SubjectRef, v: VersionRow, kind: DeleteKind) => {
    const referrers = await tx.referrers(ref.context, ref.name, v.version)
    const blocking = referrers.some((r) => (kind === 'soft' ? r.registrations.some((g) => !g.deleted && !(g.context === ref.context && g.subject === ref.name)) : true))
    if (blocking) throw referenceExists(ref, v.version)
  }

  /** Removes version rows (their files moved to `purged/` first) and then content no longer registered anywhere. */
  const removeRows = async (tx: StoreWriter, ref: SubjectRef, rows: VersionRow[]): Promise<void> => {
    for (const v of rows) {
      await files.purge(ref, v.version)
      await tx.deleteVersion(ref.context, ref.name, v.version)
    }
    for (const id of new Set(rows.map((r) => r.schemaId))) await tx.deleteSchemaIfUnused(ref.context, id)
  }

  /** A soft delete marks the row and adds the marker file (written first: the commit follows). */
  const softDelete = async (tx: StoreWriter, ref: SubjectRef, version: number) => {
    await files.markDeleted(ref, version, new Date())
    await tx.markVersionDeleted(ref.context, ref.name, version)
  }

  /**
   * Confluent 8.1+ drops a subject's own config and mode only when a permanent delete leaves it no
   * version row at all (soft-deleted ones included); a soft delete keeps them, so a subject revived
   * by a new registration is still checked at its own level (8.0 dropped them on soft deletes too).
   * An OpenSchema version delete keeps them: there the subject outlives its versions (docs/API.md §5).
   */
  const dropSettingsWhenEmpty = async (tx: StoreWriter, ref: SubjectRef, kind: DeleteKind) => {
    if (kind !== 'permanent') return
    const remaining = await tx.versions(ref.context, ref.name, true)
    if (remaining.length > 0) return
    await tx.setConfig(scopeKey(ref), undefined)
    await tx.setMode(scopeKey(ref), undefined)
  }

  const pickSubjectRows = (ref: SubjectRef, rows: VersionRow[], kind: DeleteKind): VersionRow[] => {
    const live = rows.filter((r) => !r.deleted)
    if (kind === 'soft') {
      if (live.length === 0) throw new RegistryError('SUBJECT_SOFT_DELETED', { subject: qualifySubject(ref) })
      return live
    }
    if (kind === 'permanent' && live.length > 0) {
      throw new RegistryError('SUBJECT_NOT_SOFT_DELETED', { subject: qualifySubject(ref) })
    }
    return rows
  }

  return {
    /** Deletes a subject's versions; answers the version numbers deleted. */
    async deleteSubject(ref: SubjectRef, kind: DeleteKind, actor?: AuditActor): Promise<number[]> {
      return store.transaction(async (tx) => {
        await tx.lock(`subject:${scopeKey(ref)}`)
        const rows = await tx.versions(ref.context, ref.name, true)
        const subject = await tx.subject(ref.context, ref.name)
        if (rows.length === 0 && !(kind === 'immediate' && subject)) throw subjectNotFound(ref)
        await config.assertWritable(tx, ref)
        const picked = pickSubjectRows(ref, rows, kind)
        for (const v of picked) await assertUnreferenced(tx, ref, v, kind)
        await tx.appendEvent({
          action: `subject.delete.${kind}`,
          context: ref.context,
          subject: ref.name,
          detail: { versions: picked.map((v) => v.version) },
          ...auditOf(actor, { eventType: 'subject_delete', ...auditTargetOf(ref) }),
        })
        if (kind === 'soft') {
          for (const v of picked) await softDelete(tx, ref, v.version)
          await tx.bumpSubject(ref.context, ref.name)
          return picked.map((v) => v.version)
        }
        await removeRows(tx, ref, picked)
        await tx.deleteSubject(ref.context, ref.name)
        await tx.setConfig(scopeKey(ref), undefined)
        await tx.setMode(scopeKey(ref), undefined)
        return picked.map((v) => v.version)
      })
    },

    /** Deletes one version; `latest` means the newest live one. Answers its number and schema type. */
    async deleteVersion(ref: SubjectRef, spec: VersionSpec, kind: DeleteKind, actor?: AuditActor): Promise<{ version: number; schemaType: SchemaType }> {
      return store.transaction(async (tx) => {
        await tx.lock(`subject:${scopeKey(ref)}`)
        const target = await resolveVersion(tx, ref, spec, kind !== 'immediate', kind === 'immediate' ? 'subject-row' : 'live-version')
        await config.assertWritable(tx, ref)
        if (kind === 'soft' && target.deleted) {
          throw new RegistryError('VERSION_SOFT_DELETED', { subject: qualifySubject(ref), version: target.version })
        }
        if (kind === 'permanent' && !target.deleted) {
          throw new RegistryError('VERSION_NOT_SOFT_DELETED', { subject: qualifySubject(ref), version: target.version })
        }
        await assertUnreferenced(tx, ref, target, kind)
        // read before the rows go (a permanent delete may remove the content); a version row's content
        // always exists (a foreign key)
        const { schemaType, contentHash } = (await tx.schemaById(ref.context, target.schemaId))!
        await tx.appendEvent({
          action: `version.delete.${kind}`,
          context: ref.context,
          subject: ref.name,
          version: target.version,
          schemaId: target.schemaId,
          ...auditOf(actor, { eventType: 'version_delete', ...auditTargetOf(ref), schemaType, beforeHash: contentHash }),
        })
        await tx.bumpSubject(ref.context, ref.name)
        if (kind === 'soft') await softDelete(tx, ref, target.version)
        else await removeRows(tx, ref, [target])
        await dropSettingsWhenEmpty(tx, ref, kind)
        return { version: target.version, schemaType }
      })
    },
  }
}

export type DeleteService = ReturnType<typeof createDeleteService>
