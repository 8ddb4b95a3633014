import type { Metadata, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'
import type { SchemaRow, VersionRow } from '../storage/registry-store.js'

/** Schema content as services return it; presenters turn it into each dialect's body. */
export interface SchemaView {
  context: string
  id: number
  guid: string
  schemaType: SchemaType
  schema: string
  references: SchemaReference[]
  metadata: Metadata | null
  ruleSet: RuleSet | null
  createdAt: Date
}

/** A registration of content under a subject version. `subject` is qualified outside the default context. */
export interface VersionView extends SchemaView {
  subject: string
  version: number
  deleted: boolean
  registeredAt: Date
  name: string | null
  comment: string | null
  validator: string | null
}

export const toSchemaView = (row: SchemaRow): SchemaView => ({
  context: row.context,
  id: row.id,
  guid: row.guid,
  schemaType: row.schemaType,
  schema: row.schema,
  references: row.references,
  metadata: row.metadata,
  ruleSet: row.ruleSet,
  createdAt: row.createdAt,
})

export const toVersionView = (row: SchemaRow, version: VersionRow, subject: string): VersionView => ({
  ...toSchemaView(row),
  subject,
  version: version.version,
  deleted: version.deleted,
  registeredAt: version.createdAt,
  name: version.name,
  comment: version.comment,
  validator: version.validator,
})
