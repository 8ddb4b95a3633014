import { qualifySubject, scopeKey } from './subjects.js'

/**
 * The change stream's vocabulary (docs/EXTENSIONS.md §10): which rows of the events log are changes,
 * and how one becomes a CloudEvents 1.0 event. Plain data and rules; the store reads the rows, the
 * HTTP edge serves the events.
 */

const PREFIX = 'io.openschema.registry.'

export const CHANGE_TYPES = [
  `${PREFIX}schema.registered`,
  `${PREFIX}version.deleted`,
  `${PREFIX}subject.deleted`,
  `${PREFIX}config.changed`,
  `${PREFIX}mode.changed`,
  `${PREFIX}staging.promoted`,
] as const
export type ChangeType = (typeof CHANGE_TYPES)[number]

/**
 * The events log's actions that are changes, by type. Every other action is not: refused requests
 * (`refused.*`), ownership claims (`owner.*`: who may write, not what is registered), an OpenSchema
 * upsert of attributes only, and `context.delete` (it removes an empty context: no subject, so no
 * schema anyone reads changes).
 */
export const CHANGE_ACTIONS: Readonly<Record<ChangeType, readonly string[]>> = {
  [`${PREFIX}schema.registered`]: ['schema.register'],
  [`${PREFIX}version.deleted`]: ['version.delete.soft', 'version.delete.permanent'],
  [`${PREFIX}subject.deleted`]: ['subject.delete.soft', 'subject.delete.permanent'],
  [`${PREFIX}config.changed`]: ['config.update', 'config.delete'],
  [`${PREFIX}mode.changed`]: ['mode.update', 'mode.delete'],
  [`${PREFIX}staging.promoted`]: ['staging.promote'],
}

/**
 * An OpenSchema upsert (`POST /subjects/{s}`, `PUT /compatibility/{s}`) is a config change when it set
 * the subject's level: its detail then holds the config after it.
 */
export const UPSERT_ACTION = 'subject.upsert'

export const isChangeType = (t: string): t is ChangeType => (CHANGE_TYPES as readonly string[]).includes(t)

/** What a caller may read, as data the store can filter on: one entry per grant. */
export interface ReadableScope {
  /** The grant's context; every context when undefined. */
  context?: string
  /** Subject name prefixes; every subject and the context's (or global) scope when undefined. */
  prefixes?: readonly string[]
}

/** The filters of `GET /events`; every one given must hold. */
export interface ChangeQuery {
  /** Only events with a larger seq. */
  after: number
  limit: number
  /** Undefined: every type. */
  types?: readonly ChangeType[]
  /** Only this context's events. */
  context?: string
  /** Only this subject's events (unqualified name in its context). */
  subject?: { context: string; name: string }
  /** Only subjects whose name starts with `prefix`, in `context` (every context when undefined). */
  subjectPrefix?: { context?: string; prefix: string }
  /** Only what these scopes cover; undefined: everything. An empty list covers nothing. */
  readable?: readonly ReadableScope[]
}

/** One change row of the events log. */
export interface ChangeRow {
  seq: number
  at: Date
  action: string
  context: string
  /** Null for a scope's event (a context's or the global config or mode, a promotion). */
  subject: string | null
  version: number | null
  schemaId: number | null
  schemaType: string | null
  detail: Record<string, unknown> | null
}

export interface ChangeData {
  context: string
  subject: string | null
  version: number | null
  id: number | null
  schemaType: string | null
  [more: string]: unknown
}

export interface CloudEvent {
  specversion: '1.0'
  id: string
  source: '/schema-registry'
  type: ChangeType
  time: string
  subject: string
  datacontenttype: 'application/json'
  data: ChangeData
}

const typeOf = (action: string): ChangeType => {
  if (action === UPSERT_ACTION) return `${PREFIX}config.changed`
  const found = CHANGE_TYPES.find((t) => CHANGE_ACTIONS[t].includes(action))
  if (!found) throw new Error(`${action} is not a change`)
  return found
}

/** What each type adds to `data`, from the row's action and detail. */
const extraData = (row: ChangeRow, type: ChangeType): Record<string, unknown> => {
  const d = row.detail ?? {}
  const permanent = row.action.endsWith('.permanent')
  switch (type) {
    case `${PREFIX}version.deleted`:
      return { permanent }
    case `${PREFIX}subject.deleted`:
      return { permanent, versions: d.versions ?? [] }
    case `${PREFIX}config.changed`:
      // a row written before the config was recorded says only that it changed
      return row.action === 'config.delete' ? { config: null } : d.config === undefined ? {} : { config: d.config }
    case `${PREFIX}mode.changed`:
      return row.action === 'mode.delete' ? { mode: null, recursive: d.recursive === true } : { mode: d.mode ?? null }
    case `${PREFIX}staging.promoted`:
      return { promoted: d.promoted ?? [] }
    default:
      return {}
  }
}

/**
 * A change row as a CloudEvents 1.0 event: `id` is the seq, `subject` the qualified subject, or the
 * scope (`:.:`, `:.team-a:`, `:.__GLOBAL:`) of an event about no subject.
 */
export const toCloudEvent = (row: ChangeRow): CloudEvent => {
  const type = typeOf(row.action)
  return {
    specversion: '1.0',
    id: String(row.seq),
    source: '/schema-registry',
    type,
    time: row.at.toISOString(),
    subject: row.subject === null ? scopeKey({ context: row.context, name: '' }) : qualifySubject({ context: row.context, name: row.subject }),
    datacontenttype: 'application/json',
    data: { context: row.context, subject: row.subject, version: row.version, id: row.schemaId, schemaType: row.schemaType, ...extraData(row, type) },
  }
}
