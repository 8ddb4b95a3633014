import type { SchemaType } from '../../../domain/schema-types.js'
import type { SchemaView, SubjectView, VersionView } from '../../../services/views.js'

/** OpenSchema calls Protobuf `PB`. */
export const serialization = (type: SchemaType | undefined): string => (type === 'PROTOBUF' ? 'PB' : (type ?? 'NONE'))

/** The spec's time form, UTC without zone: `2021-09-14T02:26:09.018`. */
export const openSchemaTime = (d: Date | null | undefined): string | null => (d ? d.toISOString().replace(/Z$/, '') : null)

/**
 * `schemaDefinition` embeds a schema written in JSON (Avro, JSON Schema) as a JSON value and any other
 * (Protobuf's `.proto` text) as a string.
 */
export const schemaDefinition = (schema: string): unknown => {
  try {
    return JSON.parse(schema)
  } catch {
    return schema
  }
}

export interface Registration {
  subject: string | null
  version: number | null
  name: string | null
  comment: string | null
  validator: string | null
  /** The registration's schema file, null when files are not kept. */
  locator: string | null
}

export const NO_REGISTRATION: Registration = { subject: null, version: null, name: null, comment: null, validator: null, locator: null }

/** The Schema object: every key present, `null` when unset, `id` a decimal string. */
export const openSchemaSchema = (v: SchemaView, reg: Registration) => ({
  id: String(v.id),
  subject: reg.subject,
  version: reg.version,
  name: reg.name,
  comment: reg.comment,
  serialization: serialization(v.schemaType),
  schemaType: v.schemaType,
  schemaDefinition: schemaDefinition(v.schema),
  validator: reg.validator,
  locator: reg.locator,
})

export const registrationOf = (v: VersionView): Registration => ({
  subject: v.subject,
  version: v.version,
  name: v.name,
  comment: v.comment,
  validator: v.validator,
  locator: v.locator,
})

export const openSchemaSubject = (subject: string, row: SubjectView, compatibility: string, format: SchemaType | undefined) => ({
  subject,
  tenant: row.tenant,
  namespace: row.namespace,
  app: row.app,
  description: row.description,
  status: row.status,
  compatibility,
  coordinate: row.coordinate,
  format: serialization(format),
  createdTime: openSchemaTime(row.createdAt),
  lastModifiedTime: openSchemaTime(row.modifiedAt),
})
