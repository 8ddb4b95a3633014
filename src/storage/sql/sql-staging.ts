import { sql, type Kysely } from 'kysely'
import type { SchemaType } from '../../domain/schema-types.js'
import type { StagedSchema, StoreReader, StoreWriter } from '../registry-store.js'
import type { Database } from './database.js'

// pg and PGlite differ in what they return for jsonb and timestamps; rows pass through these.
const toJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))
const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v))
const json = (v: unknown): string => JSON.stringify(v ?? null)

/** The staging table's read (docs/EXTENSIONS.md §8), part of the reader so a transaction sees its own writes. */
export const stagingReads = (db: Kysely<Database>): Pick<StoreReader, 'stagedSchemas'> => ({
  async stagedSchemas(context) {
    const rows = await db
      .selectFrom('staged_schemas')
      .selectAll()
      .where('context', '=', context)
      .orderBy(sql`subject collate "C"`)
      .execute()
    return rows.map((r): StagedSchema => ({
      context: r.context,
      subject: r.subject,
      schemaType: r.schema_type as SchemaType,
      schema: r.schema_text,
      references: toJson(r.references) ?? [],
      metadata: toJson(r.metadata) ?? null,
      ruleSet: toJson(r.rule_set) ?? null,
      forced: Boolean(r.forced),
      stagedAt: toDate(r.staged_at),
    }))
  },
})

/** Staging's writes: one row per subject, replaced when staged again. */
export const stagingWrites = (db: Kysely<Database>): Pick<StoreWriter, 'stageSchema' | 'discardStaged'> => ({
  async stageSchema(s) {
    const values = {
      schema_type: s.schemaType,
      schema_text: s.schema,
      references: json(s.references),
      metadata: s.metadata === null ? null : json(s.metadata),
      rule_set: s.ruleSet === null ? null : json(s.ruleSet),
      forced: s.forced,
      staged_at: new Date(),
    }
    await db
      .insertInto('staged_schemas')
      .values({ context: s.context, subject: s.subject, ...values })
      .onConflict((oc) => oc.columns(['context', 'subject']).doUpdateSet(values))
      .execute()
  },
  async discardStaged(context, subject) {
    let q = db.deleteFrom('staged_schemas').where('context', '=', context)
    if (subject !== undefined) q = q.where('subject', '=', subject)
    const res = await q.executeTakeFirst()
    return Number(res.numDeletedRows)
  },
})
