import { sql, type Kysely } from 'kysely'
import { parseSubject } from '../../domain/subjects.js'
import type { NewSchema, StoreWriter } from '../registry-store.js'
import type { Database } from './database.js'
import type { PendingEvent } from './sql-events.js'
import { createSqlReader } from './sql-reader.js'
import { stagingWrites } from './sql-staging.js'
import { noteRegistrations } from './registration-effects.js'

const json = (v: unknown): string => JSON.stringify(v ?? null)

const schemaValues = (s: NewSchema) => ({
  context: s.context,
  schema_type: s.schemaType,
  schema_text: s.schema,
  content_hash: s.contentHash,
  guid: s.guid,
  refs: json(s.references),
  metadata: s.metadata === null ? null : json(s.metadata),
  rule_set: s.ruleSet === null ? null : json(s.ruleSet),
})

// A reference's subject may be qualified (`:.ctx:s`); rows keep context and name apart so that
// referencedby is answered by index.
const insertReferences = async (db: Kysely<Database>, s: NewSchema, id: number) => {
  if (s.references.length === 0) return
  await db
    .insertInto('schema_references')
    .values(
      s.references.map((r) => {
        const target = parseSubject(r.subject, s.context)
        return { context: s.context, schema_id: id, name: r.name, ref_context: target.context, ref_subject: target.name, ref_version: r.version }
      }),
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/** What a transaction wrote, for cache invalidation after commit, and its events, for the commit. */
export interface WriteLog {
  wrote: boolean
  contentChanged: boolean
  events: PendingEvent[]
  /** What the writes changed of registrations (registrationKey); undefined once a write did not say. */
  registrations?: { ids: Set<string>; subjects: Set<string> }
}

export const newWriteLog = (): WriteLog => ({ wrote: false, contentChanged: false, events: [], registrations: { ids: new Set(), subjects: new Set() } })

/**
 * The writer over one Kysely transaction; every write is noted in `log`. `serialized`: no other
 * transaction runs at the same time (PGlite's one connection, behind the store's mutex), so a lock
 * has nothing to wait for and costs a statement for nothing: none is taken.
 */
export const createSqlWriter = (db: Kysely<Database>, log: WriteLog, serialized: boolean): StoreWriter => {
  const lock = async (key: string) => {
    if (!serialized) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db)
  }
  return noteWrites(
    {
      ...createSqlReader(db),
      lock,
      async touchSubject(context, name, attributes = {}) {
        const now = new Date()
        await db
          .insertInto('subjects')
          .values({ context, name, ...attributes, created_at: now, modified_at: now })
          .onConflict((oc) => oc.columns(['context', 'name']).doUpdateSet({ ...attributes, modified_at: now }))
          .execute()
      },
      async bumpSubject(context, name) {
        await db.updateTable('subjects').set({ modified_at: new Date() }).where('context', '=', context).where('name', '=', name).execute()
      },
      async insertSchema(s) {
        // Content is deduplicated under a lock on its hash: no unique index, because IMPORT may bind one
        // content to several ids.
        await lock(`schema:${s.context}:${s.contentHash}`)
        // the lookup and the insert in one statement, taken after the lock: its snapshot sees every
        // content committed by an earlier holder
        const v = schemaValues(s)
        const { rows } = await sql<{ id: number | string; created: boolean }>`
          with found as (select id from schemas where context = ${v.context} and content_hash = ${v.content_hash} order by id limit 1),
          made as (
            insert into schemas (context, schema_type, schema_text, content_hash, guid, refs, metadata, rule_set)
            select ${v.context}, ${v.schema_type}, ${v.schema_text}, ${v.content_hash}, ${v.guid}, ${v.refs}::jsonb, ${v.metadata}::jsonb, ${v.rule_set}::jsonb
            where not exists (select 1 from found)
            returning id)
          select id, false as created from found union all select id, true as created from made`.execute(db)
        const row = rows[0]!
        const id = Number(row.id)
        if (row.created) await insertReferences(db, s, id)
        return id
      },
      async insertSchemaWithId(s, id) {
        await db
          .insertInto('schemas')
          .values({ ...schemaValues(s), id })
          .execute()
        await insertReferences(db, s, id)
        await sql`select setval('schema_ids', greatest((select last_value from schema_ids), ${id}::int))`.execute(db)
      },
      async insertVersion(v) {
        const now = new Date()
        // the subject's row in the same statement (its foreign key is checked at the statement's end)
        await db
          .with('subject', (q) =>
            q
              .insertInto('subjects')
              .values({ context: v.context, name: v.subject, created_at: now, modified_at: now })
              .onConflict((oc) => oc.columns(['context', 'name']).doUpdateSet({ modified_at: now })),
          )
          .insertInto('subject_versions')
          .values({
            context: v.context,
            subject: v.subject,
            version: v.version,
            schema_id: v.schemaId,
            name: v.name ?? null,
            comment: v.comment ?? null,
            validator: v.validator ?? null,
            created_at: now,
            updated_at: now,
          })
          .execute()
      },
      async replaceVersion(v) {
        await db
          .updateTable('subject_versions')
          .set({ schema_id: v.schemaId, deleted: false, updated_at: new Date(), name: v.name ?? null, comment: v.comment ?? null, validator: v.validator ?? null })
          .where('context', '=', v.context)
          .where('subject', '=', v.subject)
          .where('version', '=', v.version)
          .execute()
      },
      async markVersionDeleted(context, subject, version) {
        await db
          .updateTable('subject_versions')
          .set({ deleted: true, updated_at: new Date() })
          .where('context', '=', context)
          .where('subject', '=', subject)
          .where('version', '=', version)
          .execute()
      },
      async deleteVersion(context, subject, version) {
        await db.deleteFrom('subject_versions').where('context', '=', context).where('subject', '=', subject).where('version', '=', version).execute()
      },
      async deleteSubject(context, name) {
        await db.deleteFrom('subjects').where('context', '=', context).where('name', '=', name).execute()
      },
      async deleteSchemaIfUnused(context, id) {
        const used = await db.selectFrom('subject_versions').select('version').where('context', '=', context).where('schema_id', '=', id).executeTakeFirst()
        if (used) return false
        const res = await db.deleteFrom('schemas').where('context', '=', context).where('id', '=', id).executeTakeFirst()
        return Number(res.numDeletedRows) > 0
      },
      async setConfig(scope, config) {
        if (config === undefined) {
          await db.deleteFrom('configs').where('scope', '=', scope).execute()
          return
        }
        const now = new Date()
        await db
          .insertInto('configs')
          .values({ scope, config: json(config), updated_at: now })
          .onConflict((oc) => oc.column('scope').doUpdateSet({ config: json(config), updated_at: now }))
          .execute()
      },
      async setMode(scope, mode) {
        if (mode === undefined) {
          await db.deleteFrom('modes').where('scope', '=', scope).execute()
          return
        }
        const now = new Date()
        await db
          .insertInto('modes')
          .values({ scope, mode, updated_at: now })
          .onConflict((oc) => oc.column('scope').doUpdateSet({ mode, updated_at: now }))
          .execute()
      },
      async clearModes(prefix) {
        // LIKE with its own wildcards escaped: a context name may hold % or _
        const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        await db.deleteFrom('modes').where('scope', 'like', pattern).execute()
      },
      async appendEvent(e) {
        // inserted by the store just before the commit (insertEventsInCommitOrder)
        log.events.push({ event: e, at: new Date() })
      },
      async setSubjectClaim(context, subject, tokenHash) {
        if (tokenHash === undefined) {
          await db.deleteFrom('subject_owners').where('context', '=', context).where('subject', '=', subject).execute()
          return
        }
        const now = new Date()
        await db
          .insertInto('subject_owners')
          .values({ context, subject, token_hash: tokenHash, claimed_at: now })
          .onConflict((oc) => oc.columns(['context', 'subject']).doUpdateSet({ token_hash: tokenHash, claimed_at: now }))
          .execute()
      },
      ...stagingWrites(db),
    },
    log,
  )
}

const READS = new Set(Object.keys(createSqlReader({} as Kysely<Database>)).concat('lock'))

// Every method that is not a read marks the transaction as a write; removing content or binding an
// explicit id also invalidates content cached by id.
const noteWrites = (writer: StoreWriter, log: WriteLog): StoreWriter =>
  Object.fromEntries(
    Object.entries(writer).map(([name, fn]) => {
      if (READS.has(name)) return [name, fn]
      return [
        name,
        async (...args: unknown[]) => {
          log.wrote = true
          const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args)
          if (name === 'insertSchemaWithId' || (name === 'deleteSchemaIfUnused' && result === true)) log.contentChanged = true
          // and says where registrations changed, so that cached answers elsewhere survive
          noteRegistrations(log, name, args, result)
          return result
        },
      ]
    }),
  ) as unknown as StoreWriter
