import type { SchemaReference } from '../domain/schema-types.js'
import type { SchemaRow, StagedSchema, StoreReader, VersionRow } from '../storage/registry-store.js'
import { contentHash } from './content-hash.js'

/**
 * A reader that shows each staged schema of one context as one more live version of its subject, so
 * that `version: -1` in a reference (the latest version) resolves to the staged schema where the
 * subject has one (docs/EXTENSIONS.md §8). Only references are resolved through it: the subject being
 * staged (`except`) keeps its own live versions, which its new schema is checked against.
 *
 * A staged version has the number after the subject's last one and a negative schema id, which no
 * stored schema has.
 */
export const stagedView = (reader: StoreReader, staged: readonly StagedSchema[], except: string): StoreReader => {
  const context = staged[0]?.context
  const shown = staged.filter((s) => s.subject !== except)
  const bySubject = new Map(shown.map((s, i) => [s.subject, { staged: s, id: -(i + 1) }]))
  const byId = new Map([...bySubject.values()].map((e) => [e.id, e.staged]))

  const virtualVersion = (s: StagedSchema, id: number, after: VersionRow[]): VersionRow => ({
    context: s.context,
    subject: s.subject,
    version: (after.at(-1)?.version ?? 0) + 1,
    schemaId: id,
    deleted: false,
    name: null,
    comment: null,
    validator: null,
    createdAt: s.stagedAt,
    updatedAt: s.stagedAt,
  })

  return {
    ...reader,
    async versions(ctx, subject, includeDeleted) {
      const rows = await reader.versions(ctx, subject, includeDeleted)
      const hit = ctx === context ? bySubject.get(subject) : undefined
      if (!hit) return rows
      // numbered after every row, soft-deleted ones included, as a registration would be
      const all = includeDeleted ? rows : await reader.versions(ctx, subject, true)
      return [...rows, virtualVersion(hit.staged, hit.id, all)]
    },
    async schemaById(ctx, id) {
      const s = ctx === context ? byId.get(id) : undefined
      return s ? asSchemaRow(s, id) : reader.schemaById(ctx, id)
    },
  }
}

const asSchemaRow = (s: StagedSchema, id: number): SchemaRow => {
  const identity = { schemaType: s.schemaType, schema: s.schema, references: s.references as SchemaReference[], metadata: s.metadata, ruleSet: s.ruleSet }
  return { context: s.context, id, ...identity, contentHash: contentHash(identity), guid: '', createdAt: s.stagedAt }
}
