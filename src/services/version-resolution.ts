import type { VersionSpec } from '../domain/versions.js'
import { qualifySubject, type SubjectRef } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { StoreReader, VersionRow } from '../storage/registry-store.js'

export const subjectNotFound = (ref: SubjectRef) =>
  new RegistryError('SUBJECT_NOT_FOUND', `Subject '${qualifySubject(ref)}' not found.`)
export const versionNotFound = (version: number | string) => new RegistryError('VERSION_NOT_FOUND', `Version ${version} not found.`)

/**
 * Finds the row a version spec names (API.md §3): reads treat soft-deleted rows as absent unless
 * `includeDeleted`; `latest` is always the newest live version. A missing version is "version not
 * found" while the subject has a live version, else "subject not found".
 */
export const resolveVersion = async (
  reader: StoreReader,
  ref: SubjectRef,
  spec: VersionSpec,
  includeDeleted: boolean,
): Promise<VersionRow> => {
  const rows = await reader.versions(ref.context, ref.name, true)
  const live = rows.filter((r) => !r.deleted)
  if (spec.kind === 'latest') {
    const latest = live.at(-1)
    if (!latest) throw subjectNotFound(ref)
    return latest
  }
  const row = rows.find((r) => r.version === spec.version)
  if (row && (!row.deleted || includeDeleted)) return row
  if (live.length === 0 && !(includeDeleted && rows.length > 0)) throw subjectNotFound(ref)
  throw versionNotFound(spec.version)
}
