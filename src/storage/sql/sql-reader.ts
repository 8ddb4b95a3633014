import { sql, type Kysely, type Selectable } from 'kysely'
import type { RegistryConfig } from '../../domain/config.js'
import type { Mode } from '../../domain/levels.js'
import type { SchemaType } from '../../domain/schema-types.js'
import type { Registration, SchemaRow, StoreReader, VersionRow } from '../registry-store.js'
import type { Database, SchemasTable, SubjectVersionsTable } from './database.js'
import { stagingReads } from './sql-staging.js'

// pg and PGlite differ in what they return for some types; rows pass through these to look the same.
const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v))
const toJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))

export const toSchemaRow = (r: Selectable<SchemasTable>): SchemaRow => ({
  context: r.context,
  id: Number(r.id),
  schemaType: r.schema_type as SchemaType,
  schema: r.schema_text,
  contentHash: r.content_hash,
  guid: r.guid,
  references: toJson(r.refs) ?? [],
  metadata: toJson(r.metadata) ?? null,
  ruleSet: toJson(r.rule_set) ?? null,
  createdAt: toDate(r.created_at),
})

const toVersionRow = (r: Selectable<SubjectVersionsTable>): VersionRow => ({
  context: r.context,
  subject: r.subject,
  version: Number(r.version),
  schemaId: Number(r.schema_id),
  deleted: Boolean(r.deleted),
  name: r.name,
  comment: r.comment,
  validator: r.validator,
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
})

// Text is ordered by code unit, as JavaScript and PGlite's C collation do, whatever the database's
// default collation (production databases are often en_US, which puts `_x a B` where C puts `B _x a`).
const byCodeUnit = (column: string) => sql`${sql.ref(column)} collate "C"`

/**
 * A schema row and where it is registered, in one query instead of two (a read by id that missed
 * the cache wants both): the registrations ordered as `registrations` orders them.
 */
export const schemaWithRegistrations = async (db: Kysely<Database>, context: string, id: number): Promise<{ row: SchemaRow; registrations: Registration[] } | undefined> => {
  const r = await db
    .selectFrom('schemas as s')
    .selectAll('s')
    .select(
      sql<
        RegistrationJson[] | null
      >`(select json_agg(json_build_object('subject', v.subject, 'version', v.version, 'deleted', v.deleted, 'created_at', v.created_at) order by v.subject collate "C", v.version)
        from subject_versions v where v.context = s.context and v.schema_id = s.id)`.as('regs'),
    )
    .where('s.context', '=', context)
    .where('s.id', '=', id)
    .executeTakeFirst()
  if (!r) return undefined
  const { regs, ...row } = r
  return {
    row: toSchemaRow(row),
    registrations: (regs ?? []).map((g) => ({ context, subject: g.subject, version: Number(g.version), deleted: Boolean(g.deleted), createdAt: new Date(g.created_at) })),
  }
}
type RegistrationJson = { subject: string; version: number; deleted: boolean; created_at: string }

export const createSqlReader = (db: Kysely<Database>): StoreReader => ({
  async schemaById(context, id) {
    const r = await db.selectFrom('schemas').selectAll().where('context', '=', context).where('id', '=', id).executeTakeFirst()
    return r && toSchemaRow(r)
  },
  async schemasByGuid(guid) {
    const rows = await db.selectFrom('schemas').selectAll().where('guid', '=', guid).orderBy(byCodeUnit('context')).orderBy('id').execute()
    return rows.map(toSchemaRow)
  },
  async maxSchemaId(context) {
    const r = await db
      .selectFrom('schemas')
      .select((eb) => eb.fn.max('id').as('max'))
      .where('context', '=', context)
      .executeTakeFirst()
    return Number(r?.max ?? 0)
  },
  async versions(context, subject, includeDeleted) {
    let q = db.selectFrom('subject_versions').selectAll().where('context', '=', context).where('subject', '=', subject)
    if (!includeDeleted) q = q.where('deleted', '=', false)
    return (await q.orderBy('version').execute()).map(toVersionRow)
  },
  async version(context, subject, version) {
    const r = await db.selectFrom('subject_versions').selectAll().where('context', '=', context).where('subject', '=', subject).where('version', '=', version).executeTakeFirst()
    return r && toVersionRow(r)
  },
  async versionsWithContent(context, subject, contentHash) {
    // two indexed lookups (content hash, then schema id): without statistics the planner may scan a
    // long history for a join or a sub-select
    const ids = (await db.selectFrom('schemas').select('id').where('context', '=', context).where('content_hash', '=', contentHash).execute()).map((r) => Number(r.id))
    if (ids.length === 0) return []
    const rows = await db
      .selectFrom('subject_versions')
      .selectAll()
      .where('context', '=', context)
      .where('schema_id', 'in', ids)
      .where('subject', '=', subject)
      .orderBy('version')
      .execute()
    return rows.map(toVersionRow)
  },
  async subject(context, name) {
    const r = await db.selectFrom('subjects').selectAll().where('context', '=', context).where('name', '=', name).executeTakeFirst()
    if (!r) return undefined
    const { created_at, modified_at, ...rest } = r
    return { ...rest, createdAt: toDate(created_at), modifiedAt: toDate(modified_at) }
  },
  async listSubjects(context) {
    let q = db
      .selectFrom('subjects as s')
      .leftJoin('subject_versions as v', (j) => j.onRef('v.context', '=', 's.context').onRef('v.subject', '=', 's.name'))
      .select(['s.context', 's.name', sql<number>`count(v.version)::int`.as('all_versions'), sql<number>`count(v.version) filter (where not v.deleted)::int`.as('live_versions')])
      .groupBy(['s.context', 's.name'])
    if (context !== undefined) q = q.where('s.context', '=', context)
    const rows = await q.orderBy(byCodeUnit('s.context')).orderBy(byCodeUnit('s.name')).execute()
    return rows.map((r) => ({
      context: r.context,
      name: r.name,
      allVersions: Number(r.all_versions),
      liveVersions: Number(r.live_versions),
    }))
  },
  async registrations(context, schemaId) {
    const rows = await db
      .selectFrom('subject_versions')
      .select(['context', 'subject', 'version', 'deleted', 'created_at'])
      .where('context', '=', context)
      .where('schema_id', '=', schemaId)
      .orderBy(byCodeUnit('subject'))
      .orderBy('version')
      .execute()
    return rows.map((r): Registration => ({ context: r.context, subject: r.subject, version: Number(r.version), deleted: Boolean(r.deleted), createdAt: toDate(r.created_at) }))
  },
  async referrers(context, subject, version) {
    const rows = await db
      .selectFrom('schema_references as r')
      .leftJoin('subject_versions as v', (j) => j.onRef('v.context', '=', 'r.context').onRef('v.schema_id', '=', 'r.schema_id'))
      .select(['r.context', 'r.schema_id', 'v.subject', 'v.version', 'v.deleted', 'v.created_at'])
      .where('r.ref_context', '=', context)
      .where('r.ref_subject', '=', subject)
      .where('r.ref_version', '=', version)
      .orderBy('r.schema_id')
      .orderBy(byCodeUnit('v.subject'))
      .orderBy('v.version')
      .execute()
    const bySchema = new Map<number, Registration[]>()
    for (const r of rows) {
      const id = Number(r.schema_id)
      const regs = bySchema.get(id) ?? []
      if (r.subject !== null && r.version !== null) {
        regs.push({ context: r.context, subject: r.subject, version: Number(r.version), deleted: Boolean(r.deleted), createdAt: toDate(r.created_at!) })
      }
      bySchema.set(id, regs)
    }
    return [...bySchema].map(([schemaId, registrations]) => ({ schemaId, registrations }))
  },
  async config(scope) {
    const r = await db.selectFrom('configs').select('config').where('scope', '=', scope).executeTakeFirst()
    return r ? toJson<RegistryConfig>(r.config) : undefined
  },
  async mode(scope) {
    const r = await db.selectFrom('modes').select('mode').where('scope', '=', scope).executeTakeFirst()
    return r?.mode as Mode | undefined
  },
  async settings(scopes) {
    if (scopes.length === 0) return { configs: [], modes: [] }
    const list = sql.join([...scopes])
    const { rows } = await sql<{ scope: string; config: unknown; mode: string | null }>`
      select scope, config, null::text as mode from configs where scope in (${list})
      union all select scope, null::jsonb, mode from modes where scope in (${list})`.execute(db)
    const configs = new Map(rows.filter((r) => r.mode === null).map((r) => [r.scope, toJson<RegistryConfig>(r.config)]))
    const modes = new Map(rows.filter((r) => r.mode !== null).map((r) => [r.scope, r.mode as Mode]))
    return { configs: scopes.map((s) => configs.get(s)), modes: scopes.map((s) => modes.get(s)) }
  },
  async contexts() {
    const rows = await db.selectFrom('subjects').select('context').groupBy('context').orderBy(byCodeUnit('context')).execute()
    return rows.map((r) => r.context)
  },
  async subjectClaim(context, subject) {
    const r = await db.selectFrom('subject_owners').selectAll().where('context', '=', context).where('subject', '=', subject).executeTakeFirst()
    return r && { context: r.context, subject: r.subject, tokenHash: r.token_hash, claimedAt: toDate(r.claimed_at) }
  },
  ...stagingReads(db),
})
