import { parseSubject, qualifySubject } from '../domain/subjects.js'
import type { SchemaView, VersionView } from '../services/views.js'

// Bodies of the resources that come from Confluent's API. Every dialect that serves them uses these
// shapes with its own id type (docs/API.md §5: OpenSchema serves them with decimal-string ids), so
// they live here rather than in one dialect's folder.

/** A schema id as a dialect writes it. */
export type IdOut = (id: number) => number | string

/**
 * `?referenceFormat=qualified`: reference subjects written with their context, so a client outside
 * the schema's context can follow them (Confluent).
 */
export const withReferenceFormat = <V extends SchemaView>(v: V, format: string | undefined): V =>
  format?.toLowerCase() === 'qualified' ? { ...v, references: v.references.map((r) => ({ ...r, subject: qualifySubject(parseSubject(r.subject, v.context)) })) } : v

/** Confluent leaves `references` out when empty and `metadata`/`ruleSet` when null (8.x shapes). */
const extras = (v: Pick<SchemaView, 'references' | 'metadata' | 'ruleSet'>) => ({
  ...(v.references.length > 0 ? { references: v.references } : {}),
  ...(v.metadata ? { metadata: v.metadata } : {}),
  ...(v.ruleSet ? { ruleSet: v.ruleSet } : {}),
})

export const schemaByIdShape = (v: SchemaView, schema: string, deleted: boolean) => ({
  schema,
  schemaType: v.schemaType,
  ...extras(v),
  guid: v.guid,
  ts: v.createdAt.getTime(),
  deleted,
})

export const versionShape = (v: VersionView, schema: string, id: IdOut) => ({
  subject: v.subject,
  id: id(v.id),
  version: v.version,
  guid: v.guid,
  schemaType: v.schemaType,
  schema,
  ...extras(v),
  ts: v.registeredAt.getTime(),
  deleted: v.deleted,
  // the version's schema file in the versioned file store, when files are kept (clients ignore it)
  ...(v.locator ? { locator: v.locator } : {}),
})

export const registeredShape = (
  r: { id: number; version: number; guid: string; schemaType: string; schema: string } & Pick<SchemaView, 'references' | 'metadata' | 'ruleSet'>,
) => ({
  id: r.id,
  version: r.version,
  guid: r.guid,
  schemaType: r.schemaType,
  schema: r.schema,
  ...extras(r),
})

export const schemaListItemShape = (subject: string, version: number, v: SchemaView, id: IdOut) => ({
  subject,
  version,
  id: id(v.id),
  guid: v.guid,
  schemaType: v.schemaType,
  schema: v.schema,
  ...extras(v),
})
