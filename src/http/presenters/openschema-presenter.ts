import type { SchemaType } from '../../domain/schema-types.js'
import type { SubjectRow } from '../../storage/registry-store.js'
import type { SchemaView, VersionView } from '../../services/views.js'

/** OpenSchema calls Protobuf `PB`. */
export const serialization = (type: SchemaType | undefined): string => (type === 'PROTOBUF' ? 'PB' : (type ?? 'NONE'))

/** The spec's time form, UTC without zone: `2021-09-14T02:26:09.018`. */
export const openSchemaTime = (d: Date | null | undefined): string | null => (d ? d.toISOString().replace(/Z$/, '') : null)

/**
 * `schemaDefinition` embeds a schema whose text is JSON (Avro, JSON Schema) as a JSON value, and any
 * other (Protobuf) as text.
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
}

export const NO_REGISTRATION: Registration = { subject: null, version: null, name: null, comment: null, validator: null }

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
})

export const registrationOf = (v: VersionView): Registration => ({
  subject: v.subject,
  version: v.version,
  name: v.name,
  comment: v.comment,
  validator: v.validator,
})

export const openSchemaSubject = (subject: string, row: SubjectRow, compatibility: string, format: SchemaType | undefined) => ({
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
