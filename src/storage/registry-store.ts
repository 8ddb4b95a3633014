import type { AuditEvent, AuditQuery } from '../domain/audit.js'
import type { ChangeQuery, ChangeRow } from '../domain/change-events.js'
import type { RegistryConfig } from '../domain/config.js'
import type { Mode } from '../domain/levels.js'
import type { Metadata, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'
import type { RegistryEvent } from './store-events.js'

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

export type NewVersion = Pick<VersionRow, 'context' | 'subject' | 'version' | 'schemaId'> & Partial<Pick<VersionRow, 'name' | 'comment' | 'validator'>>

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

/** A subject's claim (docs/EXTENSIONS.md §3.3): the owner's token, kept only as a hash. */
export interface SubjectClaim {
  context: string
  subject: string
  /** Hex SHA-256 of the token; the token itself is never stored. */
  tokenHash: string
  claimedAt: Date
}

/**
 * A schema waiting in staging (docs/EXTENSIONS.md §8): at most one per subject of a context. Its
 * references are kept as given: `version: -1` is resolved when it is checked or promoted.
 */
export interface StagedSchema {
  context: string
  subject: string
  schemaType: SchemaType
  schema: string
  references: SchemaReference[]
  metadata: Metadata | null
  ruleSet: RuleSet | null
  /** Staged with `force` (what the level rejects): promoted with `force` as well. */
  forced: boolean
  stagedAt: Date
}

/**
 * Reads, available both outside and inside a transaction. Listings order text by UTF-16 code unit
 * (JavaScript's `sort()`), whatever the database's collation.
 */
export interface StoreReader {
  /** Undefined when no such id exists in the context. */
  schemaById(context: string, id: number): Promise<SchemaRow | undefined>
  /** Content with this guid in every context, by context then id; empty when none. */
  schemasByGuid(guid: string): Promise<SchemaRow[]>
  /** The highest id in a context; 0 when it has none. */
  maxSchemaId(context: string): Promise<number>
  /** Version rows of a subject, ascending; soft-deleted ones included only when asked. */
  versions(context: string, subject: string, includeDeleted: boolean): Promise<VersionRow[]>
  /** One version row, soft-deleted or not; undefined when there is no row. */
  version(context: string, subject: string, version: number): Promise<VersionRow | undefined>
  /** Version rows of a subject whose content has this hash, ascending (soft-deleted included). */
  versionsWithContent(context: string, subject: string, contentHash: string): Promise<VersionRow[]>
  /** Undefined when the subject has no row. */
  subject(context: string, name: string): Promise<SubjectRow | undefined>
  /**
   * Subjects with version counts, sorted by context then name; `context` undefined lists all. A subject
   * row without versions is listed with zero counts.
   */
  listSubjects(context?: string): Promise<SubjectSummary[]>
  /** Where a schema id is registered in its context, by subject then version, soft-deleted included; empty when nowhere. */
  registrations(context: string, schemaId: number): Promise<Registration[]>
  /**
   * Schemas whose references point at this subject-version, by id, each with its registrations by
   * subject then version (empty when the referring content is not registered); empty when none.
   */
  referrers(context: string, subject: string, version: number): Promise<{ schemaId: number; registrations: Registration[] }[]>
  /** The config stored at exactly this scope key (no inheritance); undefined when none. */
  config(scope: string): Promise<RegistryConfig | undefined>
  /** The mode stored at exactly this scope key (no inheritance); undefined when none. */
  mode(scope: string): Promise<Mode | undefined>
  /**
   * The configs and modes stored at these scope keys, in the order given (undefined where none): a
   * scope chain in one read, where `config` and `mode` take one each.
   */
  settings(scopes: readonly string[]): Promise<{ configs: (RegistryConfig | undefined)[]; modes: (Mode | undefined)[] }>
  /** Contexts holding any subject row, sorted; a context with content but no subject is not listed. */
  contexts(): Promise<string[]>
  /** The claim on a subject name (whether or not the subject has a row); undefined when unclaimed. */
  subjectClaim(context: string, subject: string): Promise<SubjectClaim | undefined>
  /**
   * The staging of a context (docs/EXTENSIONS.md §8), by subject in code-unit order; empty when nothing
   * is staged. Only the staging service reads it: no read path of registered schemas does, and no
   * cache keeps it (every instance must see the same staging at once).
   */
  stagedSchemas(context: string): Promise<StagedSchema[]>
}

/** Writes; only inside `transaction`, where the subject lock serializes writers of one subject. */
export interface StoreWriter extends StoreReader {
  /**
   * Blocks other transactions that lock the same key until this one ends (a store whose transactions
   * run one at a time, the embedded one, need not do anything).
   */
  lock(key: string): Promise<void>
  /**
   * Creates the subject row if missing and bumps its modified time; sets the attributes given (null
   * clears one) and keeps the others and the creation time.
   */
  touchSubject(context: string, name: string, attributes?: Partial<SubjectAttributes>): Promise<void>
  /** Bumps the modified time of an existing subject; does nothing when there is none. */
  bumpSubject(context: string, name: string): Promise<void>
  /** Returns the existing id for identical content in the context, or a new one from the sequence. */
  insertSchema(schema: NewSchema): Promise<number>
  /** IMPORT: inserts content under an explicit id and moves the id sequence past it. */
  insertSchemaWithId(schema: NewSchema, id: number): Promise<void>
  /**
   * Adds a live version row, and its subject's row when missing (bumping its modified time otherwise),
   * in one statement; STORAGE_ERROR when the number is taken (the transaction is then lost).
   */
  insertVersion(version: NewVersion): Promise<void>
  /**
   * Replaces the row of an existing version number (IMPORT overwrite): its content and annotations
   * (absent ones become null), live again; keeps its creation time. Does nothing when there is no row.
   */
  replaceVersion(version: NewVersion): Promise<void>
  /** Soft delete: the row stays, flagged; does nothing when there is no row. */
  markVersionDeleted(context: string, subject: string, version: number): Promise<void>
  /** Hard delete of one version row; does nothing when there is none. */
  deleteVersion(context: string, subject: string, version: number): Promise<void>
  /** Removes the subject row and its attributes; STORAGE_ERROR while version rows remain. */
  deleteSubject(context: string, name: string): Promise<void>
  /**
   * Deletes a schema row (and its reference rows) when no version row, soft-deleted included, uses it;
   * true when it was removed, false when it is used or missing.
   */
  deleteSchemaIfUnused(context: string, id: number): Promise<boolean>
  /** Stores the whole config of a scope (replacing, not merging); undefined removes it. */
  setConfig(scope: string, config: RegistryConfig | undefined): Promise<void>
  /** Stores the mode of a scope; undefined removes it. */
  setMode(scope: string, mode: Mode | undefined): Promise<void>
  /**
   * Removes every mode whose scope key starts with `prefix`, compared literally (`%`, `_` and `\` in
   * a name are not wildcards), and all of them for an empty prefix. Configs are untouched.
   */
  clearModes(prefix: string): Promise<void>
  /**
   * Appends an event to the log. It is inserted when the transaction is about to commit, in commit
   * order (docs/EXTENSIONS.md §10); events of one transaction keep the order they were appended in.
   */
  appendEvent(event: RegistryEvent): Promise<void>
  /**
   * Claims a subject name with a token hash, replacing any claim (a rotation keeps nothing of the old
   * one but the name); undefined releases it. Callers lock the name and read the claim first.
   */
  setSubjectClaim(context: string, subject: string, tokenHash: string | undefined): Promise<void>
  /** Stages a schema for its subject, replacing the one staged before, if any. */
  stageSchema(staged: Omit<StagedSchema, 'stagedAt'>): Promise<void>
  /**
   * Discards the staged schema of one subject, or without `subject` the whole staging of the context;
   * answers how many were discarded (0 when none was staged).
   */
  discardStaged(context: string, subject?: string): Promise<number>
}

/** What a committed write may have invalidated in a cache. */
export interface StoreChange {
  /** Schema content was removed or an id was bound by IMPORT: cached content by id may be stale too. */
  contentChanged: boolean
  /**
   * Where registrations (the versions an id is registered under) may have changed: ids that gained
   * or lost one, and subjects whose versions changed otherwise (`registrationKey` of either).
   * Undefined: anywhere (another instance's commit, a write that does not say).
   */
  registrations?: { ids: string[]; subjects: string[] }
}

/** How `StoreChange.registrations` names an id or a subject within its context. */
export const registrationKey = (context: string, idOrSubject: number | string): string => `${context}\u0000${idOrSubject}`

/**
 * The registry's persistence port. One Kysely implementation serves PGlite and PostgreSQL. Failures
 * of the database surface as `RegistryError('STORAGE_ERROR')`; RegistryErrors thrown by a transaction
 * callback pass through unchanged after the rollback.
 */
export interface RegistryStore extends StoreReader {
  /**
   * True when no other process writes this database (embedded PGlite owns its directory): every
   * change passes through this store's `onChange` before `transaction` returns, so whatever is read
   * between two changes stays true until the next one, claims included.
   */
  readonly exclusive: boolean
  /**
   * `schemaById` and `registrations` of one id in one round trip (a cache that missed both); undefined
   * when no such id exists in the context.
   */
  schemaWithRegistrations(context: string, id: number): Promise<{ row: SchemaRow; registrations: Registration[] } | undefined>
  /** Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>
  /**
   * Calls `listener` after every committed write: this instance's (before `transaction` returns) and,
   * on PostgreSQL, other instances' on the same schema (LISTEN/NOTIFY, within about a second). A
   * transaction that rolled back or only read notifies nobody. When the feed of other instances'
   * writes is interrupted it also fires, with `contentChanged`, since anything may have changed. A
   * listener that throws neither fails the committed transaction nor keeps the others from hearing.
   */
  onChange(listener: (change: StoreChange) => void): void
  /**
   * Appends one event in a small transaction of its own (a refused request's audit event): it is not
   * a write of registry data, so no `onChange` listener hears of it.
   */
  recordEvent(event: RegistryEvent): Promise<void>
  /**
   * Audit events (rows with an event type) matching the query, by seq ascending, at most `limit`;
   * events written before the audit log existed (no event type) are never listed. Never cached.
   */
  auditEvents(query: AuditQuery): Promise<AuditEvent[]>
  /**
   * Change rows (docs/EXTENSIONS.md §10) after `query.after` that match every filter, by seq
   * ascending, at most `limit`; never cached. Every committed change with a smaller seq than one
   * answered has committed before it: a reader resuming after the last seq it got misses nothing.
   */
  changeEvents(query: ChangeQuery): Promise<ChangeRow[]>
  /**
   * One cheap round trip to the database (readiness checks): resolves when it answered, fails with
   * STORAGE_ERROR when it could not be reached. It never reads the cache and sets no timeout of its own.
   */
  ping(): Promise<void>
  /** Stops hearing other instances and releases the connections; transactions after it fail with STORAGE_ERROR. */
  close(): Promise<void>
}
