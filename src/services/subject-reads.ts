import { metadataProperty } from '../domain/metadata.js'
import { qualifySubject, type SubjectRef } from '../domain/subjects.js'
import type { VersionSpec } from '../domain/versions.js'
import { RegistryError } from '../errors/registry-error.js'
import type { RegistryStore, VersionRow } from '../storage/registry-store.js'
import type { RegisterInput, RegisterService } from './register-service.js'
import type { ConfigService } from './config-service.js'
import type { ContentService } from './content-service.js'
import type { SchemaReads } from './schema-reads.js'
import type { Policy } from './policy.js'
import { resolveVersion, subjectNotFound } from './version-resolution.js'
import type { VersionFiles } from './version-files.js'
import { toSubjectView, toVersionView, type SubjectView, type VersionView } from './views.js'

export interface ListSubjectsQuery {
  /** Undefined lists every context, non-default ones qualified. */
  context?: string
  /** Matched against qualified names. */
  prefix?: string
  /** Matched against unqualified names. */
  namePrefix?: string
  deleted: boolean
  deletedOnly: boolean
}

export const createSubjectReads = ({
  store,
  schemas,
  registrar,
  content,
  config,
  files,
}: {
  store: RegistryStore
  schemas: SchemaReads
  registrar: RegisterService
  content: ContentService
  config: ConfigService
  files: VersionFiles
}) => {
  const view = async (ref: SubjectRef, version: VersionRow): Promise<VersionView> => {
    const row = await schemas.row(ref.context, version.schemaId)
    return toVersionView(row, version, qualifySubject(ref), files.locator(ref, version.version, row.schemaType) || null)
  }

  return {
    /** Sorted names; under a `subject-row` policy subjects without any version are listed too. */
    async listSubjects(q: ListSubjectsQuery, policy: Policy): Promise<string[]> {
      const includeEmpty = policy.subjectExists === 'subject-row'
      const all = await store.listSubjects(q.context)
      return all
        .filter((s) => {
          const softOnly = s.allVersions > 0 && s.liveVersions === 0
          if (q.deletedOnly) return softOnly
          if (s.liveVersions > 0) return true
          return (q.deleted && softOnly) || (includeEmpty && s.allVersions === 0)
        })
        .filter((s) => !q.namePrefix || s.name.startsWith(q.namePrefix))
        .map((s) => qualifySubject({ context: s.context, name: s.name }))
        .filter((name) => !q.prefix || name.startsWith(q.prefix))
        .sort()
    },

    /** Version numbers; a subject whose every version is soft-deleted is not found without a flag. */
    async listVersions(ref: SubjectRef, opts: { deleted: boolean; deletedOnly: boolean }, policy: Policy): Promise<number[]> {
      ref = await config.aliasOf(ref)
      const rows = await store.versions(ref.context, ref.name, true)
      const live = rows.filter((r) => !r.deleted)
      if (rows.length === 0) {
        if (policy.subjectExists === 'subject-row' && (await store.subject(ref.context, ref.name))) return []
        throw subjectNotFound(ref)
      }
      if (live.length === 0 && !opts.deleted && !opts.deletedOnly) throw subjectNotFound(ref)
      const picked = opts.deletedOnly ? rows.filter((r) => r.deleted) : opts.deleted ? rows : live
      return picked.map((r) => r.version)
    },

    async version(ref: SubjectRef, spec: VersionSpec, includeDeleted: boolean, policy: Policy): Promise<VersionView> {
      ref = await config.aliasOf(ref)
      return view(ref, await resolveVersion(store, ref, spec, includeDeleted, policy.subjectExists))
    },

    /** Ids of schemas that reference this version (also for a soft-deleted target). */
    async referencedBy(ref: SubjectRef, spec: VersionSpec, deleted: boolean): Promise<number[]> {
      ref = await config.aliasOf(ref)
      const target = await resolveVersion(store, ref, spec, true)
      const referrers = await store.referrers(ref.context, ref.name, target.version)
      return referrers.filter((r) => r.registrations.some((g) => deleted || !g.deleted)).map((r) => r.schemaId)
    },

    /** POST /subjects/{s}: the registration of this content under the subject. */
    async lookup(input: RegisterInput, deleted: boolean): Promise<VersionView> {
      input = { ...input, subject: await config.aliasOf(input.subject) }
      const ref = input.subject
      const rows = await store.versions(ref.context, ref.name, true)
      if (rows.length === 0 || (!deleted && rows.every((r) => r.deleted))) throw subjectNotFound(ref)
      if (!input.schema) throw new RegistryError('SCHEMA_NOT_FOUND', {})
      const { candidate, normalize } = await registrar.prepareFor(input)
      const pool = deleted ? rows : rows.filter((r) => !r.deleted)
      const found = await content.findRegistration(store, ref.context, pool, candidate, normalize)
      if (!found) throw new RegistryError('SCHEMA_NOT_FOUND', {})
      return view(ref, found)
    },

    /** The latest version whose metadata property `key` equals `value`. */
    async latestWithMetadata(ref: SubjectRef, key: string, value: string, deleted: boolean): Promise<VersionView> {
      ref = await config.aliasOf(ref)
      const rows = await store.versions(ref.context, ref.name, deleted)
      if (rows.length === 0) throw subjectNotFound(ref)
      for (const v of [...rows].reverse()) {
        const row = await schemas.row(ref.context, v.schemaId)
        if (String(metadataProperty(row.metadata, key)) === value) return view(ref, v)
      }
      throw new RegistryError('VERSION_NOT_FOUND', { version: 'latest', reason: `Subject '${qualifySubject(ref)}' has no version with metadata ${key}=${value}.` })
    },

    async subject(ref: SubjectRef): Promise<SubjectView> {
      const row = await store.subject(ref.context, ref.name)
      if (!row) throw subjectNotFound(ref)
      return toSubjectView(row)
    },
  }
}

export type SubjectReads = ReturnType<typeof createSubjectReads>
