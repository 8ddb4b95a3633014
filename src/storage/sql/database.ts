import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T> = ColumnType<T, string, string>

export interface SchemasTable {
  context: string
  id: Generated<number>
  schema_type: string
  schema_text: string
  content_hash: string
  guid: string
  refs: Json<{ name: string; subject: string; version: number }[]>
  metadata: Json<Record<string, unknown> | null> | null
  rule_set: Json<Record<string, unknown> | null> | null
  created_at: Timestamp
}

export interface SubjectsTable {
  context: string
  name: string
  tenant: string | null
  namespace: string | null
  app: string | null
  description: string | null
  status: string | null
  coordinate: string | null
  created_at: Timestamp
  modified_at: Timestamp
}

export interface SubjectVersionsTable {
  context: string
  subject: string
  version: number
  schema_id: number
  deleted: Generated<boolean>
  name: string | null
  comment: string | null
  validator: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface SchemaReferencesTable {
  context: string
  schema_id: number
  name: string
  ref_context: string
  ref_subject: string
  ref_version: number
}

export interface ConfigsTable {
  scope: string
  config: Json<Record<string, unknown>>
  updated_at: Timestamp
}

export interface ModesTable {
  scope: string
  mode: string
  updated_at: Timestamp
}

export interface EventsTable {
  seq: Generated<string | number>
  at: Timestamp
  actor: string | null
  action: string
  context: string | null
  subject: string | null
  version: number | null
  schema_id: number | null
  detail: Json<unknown> | null
  event_type: string | null
  outcome: string | null
  actor_type: string | null
  auth_method: string | null
  role: string | null
  target_type: string | null
  target_id: string | null
  schema_type: string | null
  before_hash: string | null
  after_hash: string | null
  source_ip: string | null
  user_agent: string | null
  method: string | null
  path: string | null
  status_code: number | null
  reason: string | null
  request_id: string | null
  duration_ms: number | null
}

export interface SubjectOwnersTable {
  context: string
  subject: string
  token_hash: string
  claimed_at: Timestamp
}

export interface StagedSchemasTable {
  context: string
  subject: string
  schema_type: string
  schema_text: string
  references: Json<{ name: string; subject: string; version: number }[]>
  metadata: Json<Record<string, unknown> | null> | null
  rule_set: Json<Record<string, unknown> | null> | null
  forced: boolean
  staged_at: Timestamp
}

export interface Database {
  schemas: SchemasTable
  subjects: SubjectsTable
  subject_versions: SubjectVersionsTable
  schema_references: SchemaReferencesTable
  configs: ConfigsTable
  modes: ModesTable
  events: EventsTable
  subject_owners: SubjectOwnersTable
  staged_schemas: StagedSchemasTable
}
