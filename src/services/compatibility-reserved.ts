import type { RegistryConfig } from '../domain/config.js'
import type { Metadata } from '../domain/schema-types.js'
import { READER, WRITER } from '../formats/format-plugin.js'
import type { StoreReader, VersionRow } from '../storage/registry-store.js'
import type { DirectedIncompatibility } from './compatibility-result.js'

/** The metadata property listing a subject's reserved field names, comma-separated. */
export const RESERVED_PROPERTY = 'confluent:reserved'

/** A field reserved by the previous version's metadata that the new schema's metadata dropped. */
export const RESERVED_FIELD_REMOVED = 'RESERVED_FIELD_REMOVED'
/** A top-level field of the new schema that its metadata reserves. */
export const FIELD_CONFLICTS_WITH_RESERVED_FIELD = 'FIELD_CONFLICTS_WITH_RESERVED_FIELD'

/** The reserved names of `validateFields`, compared by the registry for every schema type. */
export interface ReservedFields {
  /** Reserved by the schema being checked, after metadata inheritance and the config's metadata. */
  current: string[]
  /** Reserved by the version it follows (the latest, or the one a compatibility test names). */
  previous: string[]
}

/** Confluent's `getReservedFields`: the property split at commas, trimmed, empty names dropped. */
export const reservedFieldsOf = (metadata: Metadata | null | undefined): string[] => {
  const properties = metadata?.properties
  const value = properties && typeof properties === 'object' ? (properties as Record<string, unknown>)[RESERVED_PROPERTY] : undefined
  if (typeof value !== 'string') return []
  return [
    ...new Set(
      value
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
    ),
  ]
}

/**
 * Confluent's `validateReservedFields` (8.1+): reserved names may only be added, and no top-level
 * field may use one. Worded with the checked schema as the reader, so "new" in Confluent's words;
 * these findings come from the metadata, not from a comparison, so the path is the root.
 */
export const reservedFieldFindings = (reserved: ReservedFields, fieldNames: string[]): DirectedIncompatibility[] => {
  const current = new Set(reserved.current)
  const fields = new Set(fieldNames)
  const removed = reserved.previous.filter((f) => !current.has(f))
  const conflicting = reserved.current.filter((f) => fields.has(f))
  return [
    ...removed.map((f) =>
      finding(RESERVED_FIELD_REMOVED, `The ${READER} schema has reserved field ${f} removed from its metadata which is present in the ${WRITER} schema's metadata.`),
    ),
    ...conflicting.map((f) => finding(FIELD_CONFLICTS_WITH_RESERVED_FIELD, `The ${READER} schema has field that conflicts with the reserved field ${f}.`)),
  ]
}

const finding = (kind: string, description: string): DirectedIncompatibility => ({ kind, path: '/', description, direction: 'backward' })

/**
 * What `validateFields` checks for a candidate following `against` (the latest live version, or the
 * one a compatibility test names): undefined when off or when no name is reserved on either side.
 * Only metadata is read: the earlier version need not be parsed, so this works under NONE too.
 */
export const reservedCheck = async (
  reader: StoreReader,
  cfg: RegistryConfig,
  candidate: { metadata: Metadata | null },
  against: VersionRow | undefined,
): Promise<ReservedFields | undefined> => {
  if (cfg.validateFields !== true) return undefined
  const row = against ? await reader.schemaById(against.context, against.schemaId) : undefined
  const reserved = { current: reservedFieldsOf(candidate.metadata), previous: reservedFieldsOf(row?.metadata) }
  return reserved.current.length + reserved.previous.length > 0 ? reserved : undefined
}
