import type { RegistryConfig } from '../domain/config.js'
import type { Mode } from '../domain/levels.js'
import type { Metadata, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'

/** Schema content as stored: immutable once written, keyed by context and id. */
export interface SchemaRow {
  context: string
  id: number
  schemaType: SchemaType
  schema: string
  contentHash: string
  guid: string
  references: SchemaReference[]
  metadata: Metadata | null
  ruleSet: RuleSet | null
  createdAt: Date
}

export type NewSchema = Omit<SchemaRow, 'id' | 'createdAt'>

export interface VersionRow {
  context: string
  subject: string
  version: number
  schemaId: number
  deleted: boolean
  name: string | null
  comment: string | null
  validator: string | null
  createdAt: Date
  updatedAt: Date
}

export type NewVersion = Pick<VersionRow, 'context' | 'subject' | 'version' | 'schemaId'> &
  Partial<Pick<VersionRow, 'name' | 'comment' | 'validator'>>

export const SUBJECT_ATTRIBUTES = ['tenant', 'namespace', 'app', 'description', 'status', 'coordinate'] as const
export type SubjectAttributes = { [K in (typeof SUBJECT_ATTRIBUTES)[number]]: string | null }

export interface SubjectRow extends SubjectAttributes {
  context: string
  name: string
  createdAt: Date
  modifiedAt: Date
}

/** A subject with counts of its version rows, for listings. */
export interface SubjectSummary {
  context: string
  name: string
  liveVersions: number
  allVersions: number
}

export interface Registration {
  context: string
  subject: string
  version: number
  deleted: boolean
  createdAt: Date
}

export interface RegistryEvent {
  action: string
  context?: string
  subject?: string
  version?: number
  schemaId?: number
  actor?: string
  detail?: unknown
}

/** Reads, available both outside and inside a transaction. */
export interface StoreReader {
  /** Undefined when no such id exists in the context. */
  schemaById(context: string, id: number): Promise<SchemaRow | undefined>
  schemasByGuid(guid: string): Promise<SchemaRow[]>
  /** The highest id in a context; 0 when it has none. */
  maxSchemaId(context: string): Promise<number>
  /** Version rows of a subject, ascending; soft-deleted ones included only when asked. */
  versions(context: string, subject: string, includeDeleted: boolean): Promise<VersionRow[]>
  version(context: string, subject: string, version: number): Promise<VersionRow | undefined>
  /** Version rows of a subject whose content has this hash, ascending (soft-deleted included). */
  versionsWithContent(context: string, subject: string, contentHash: string): Promise<VersionRow[]>
  subject(context: string, name: string): Promise<SubjectRow | undefined>
  /** Subjects with version counts, sorted by context then name; `context` undefined lists all. */
  listSubjects(context?: string): Promise<SubjectSummary[]>
  /** Where a schema id is registered, by subject then version. */
  registrations(context: string, schemaId: number): Promise<Registration[]>
  /**
   * Schemas whose references point at this subject-version, by id, each with its registrations by
   * subject then version (empty when the referring content is not registered); empty when none.
   */
  referrers(context: string, subject: string, version: number): Promise<{ schemaId: number; registrations: Registration[] }[]>
  config(scope: string): Promise<RegistryConfig | undefined>
  mode(scope: string): Promise<Mode | undefined>
  /** Contexts holding any subject, sorted. */
  contexts(): Promise<string[]>
  /** The newest events of the audit log, newest first. */
  recentEvents(limit: number): Promise<(RegistryEvent & { at: Date })[]>
}

/** Writes; only inside `transaction`, where the subject lock serializes writers of one subject. */
export interface StoreWriter extends StoreReader {
  /** Blocks other transactions that lock the same key until this one ends. */
  lock(key: string): Promise<void>
  /** Creates the subject row if missing and bumps its modified time. */
  touchSubject(context: string, name: string, attributes?: Partial<SubjectAttributes>): Promise<void>
  /** Bumps the modified time of an existing subject; does nothing when there is none. */
  bumpSubject(context: string, name: string): Promise<void>
  /** Returns the existing id for identical content in the context, or a new one from the sequence. */
  insertSchema(schema: NewSchema): Promise<number>
  /** IMPORT: inserts content under an explicit id and moves the id sequence past it. */
  insertSchemaWithId(schema: NewSchema, id: number): Promise<void>
  insertVersion(version: NewVersion): Promise<void>
  /** Replaces the row of an existing version number (IMPORT overwrite). */
  replaceVersion(version: NewVersion): Promise<void>
  markVersionDeleted(context: string, subject: string, version: number): Promise<void>
  deleteVersion(context: string, subject: string, version: number): Promise<void>
  /** Removes the subject row and its attributes (its versions must be gone). */
  deleteSubject(context: string, name: string): Promise<void>
  /** Deletes a schema row when no version row uses it any more; true when it was removed. */
  deleteSchemaIfUnused(context: string, id: number): Promise<boolean>
  setConfig(scope: string, config: RegistryConfig | undefined): Promise<void>
  setMode(scope: string, mode: Mode | undefined): Promise<void>
  /** Removes every mode whose scope key starts with `prefix` (all of them for an empty prefix). */
  clearModes(prefix: string): Promise<void>
  appendEvent(event: RegistryEvent): Promise<void>
}

/** What a committed write may have invalidated in a cache. */
export interface StoreChange {
  /** Schema content was removed or an id was bound by IMPORT: cached content by id may be stale too. */
  contentChanged: boolean
}

/**
 * The registry's persistence port. One Kysely implementation serves PGlite and PostgreSQL. Failures
 * of the database surface as `RegistryError('STORAGE_ERROR')`; RegistryErrors thrown by a transaction
 * callback pass through unchanged after the rollback.
 */
export interface RegistryStore extends StoreReader {
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>
  /**
   * Calls `listener` after every committed write: this instance's (before `transaction` returns) and,
   * on PostgreSQL, other instances' (LISTEN/NOTIFY, within about a second). When the feed of other
   * instances' writes is interrupted it also fires, with `contentChanged`, since anything may have changed.
   */
  onChange(listener: (change: StoreChange) => void): void
  close(): Promise<void>
}
