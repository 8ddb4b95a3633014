import { createHash } from 'node:crypto'
import type { Metadata, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'

/** Sorted-key JSON, so that hashes do not depend on the key order a client happened to send. */
export const stableJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
}

export interface ContentIdentity {
  schemaType: SchemaType
  schema: string
  references: SchemaReference[]
  metadata: Metadata | null
  ruleSet: RuleSet | null
}

/** The identity of content within a context: equal hashes mean one id. The type is part of it. */
export const contentHash = (c: ContentIdentity): string =>
  createHash('sha256')
    .update(stableJson([c.schemaType, c.schema, c.references.map((r) => [r.name, r.subject, r.version]), c.metadata, c.ruleSet]))
    .digest('hex')

/**
 * The guid: an MD5 over the canonical text, references, metadata and rule set (not the context), shown
 * as a name-based (version 3) UUID, so one content has one guid in every context and registry.
 */
export const contentGuid = (c: ContentIdentity): string => {
  const md5 = createHash('md5')
  md5.update(c.schema)
  for (const r of c.references) md5.update(`${r.name}${r.subject}${r.version}`)
  if (c.metadata) md5.update(stableJson(c.metadata))
  if (c.ruleSet) md5.update(stableJson(c.ruleSet))
  const b = md5.digest()
  b[6] = (b[6]! & 0x0f) | 0x30
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
