import type { VersionSpec } from '../domain/versions.js'
import { qualifySubject, type SubjectRef } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { Policy } from './policy.js'
import type { StoreReader, VersionRow } from '../storage/registry-store.js'

export const subjectNotFound = (ref: SubjectRef) => new RegistryError('SUBJECT_NOT_FOUND', { subject: qualifySubject(ref) })
export const versionNotFound = (version: number | string) => new RegistryError('VERSION_NOT_FOUND', { version })

/**
 * What makes a subject exist when a version is missing (`Policy.subjectExists`): a live version, or
 * the subject row itself, from its first upsert or registration until deleted.
 */
export type SubjectExistence = Policy['subjectExists']

/**
 * Finds the row a version spec names (docs/API.md §3): reads treat soft-deleted rows as absent unless
 * `includeDeleted`; `latest` is always the newest live version. A missing version is "version not
 * found" while the subject exists, else "subject not found".
 */
export const resolveVersion = async (
  reader: StoreReader,
  ref: SubjectRef,
  spec: VersionSpec,
  includeDeleted: boolean,
  existence: SubjectExistence = 'live-version',
): Promise<VersionRow> => {
  const rows = await reader.versions(ref.context, ref.name, true)
  const live = rows.filter((r) => !r.deleted)
  const row = spec.kind === 'latest' ? live.at(-1) : rows.find((r) => r.version === spec.version)
  if (row && (!row.deleted || includeDeleted)) return row
  // a subject whose every version was soft-deleted (through Confluent) counts as deleted in both
  const exists =
    existence === 'subject-row'
      ? (rows.length === 0 || live.length > 0) && (await reader.subject(ref.context, ref.name)) !== undefined
      : live.length > 0 || (includeDeleted && rows.length > 0 && spec.kind !== 'latest')
  if (!exists) throw subjectNotFound(ref)
  throw versionNotFound(spec.kind === 'latest' ? 'latest' : spec.version)
}
