import type { Metadata, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'
import type { SchemaRow, SubjectRow, VersionRow } from '../storage/registry-store.js'

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
  /** Where the version's schema file is (docs/EXTENSIONS.md §1); null when files are not kept. */
  locator: string | null
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

export const toVersionView = (row: SchemaRow, version: VersionRow, subject: string, locator: string | null): VersionView => ({
  ...toSchemaView(row),
  subject,
  version: version.version,
  deleted: version.deleted,
  registeredAt: version.createdAt,
  name: version.name,
  comment: version.comment,
  validator: version.validator,
  locator,
})

/** A subject's own attributes (OpenSchema's Subject object is built from these). */
export interface SubjectView {
  tenant: string | null
  namespace: string | null
  app: string | null
  description: string | null
  status: string | null
  coordinate: string | null
  createdAt: Date
  modifiedAt: Date
}

export const toSubjectView = (row: SubjectRow): SubjectView => ({
  tenant: row.tenant,
  namespace: row.namespace,
  app: row.app,
  description: row.description,
  status: row.status,
  coordinate: row.coordinate,
  createdAt: row.createdAt,
  modifiedAt: row.modifiedAt,
})

/** Where content is registered, with the annotations OpenSchema keeps per registration. */
export interface RegistrationView {
  subject: string
  version: number
  name: string | null
  comment: string | null
  validator: string | null
  locator: string | null
}
