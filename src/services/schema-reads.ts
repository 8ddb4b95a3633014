import { parseSubject, qualifySubject } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { Analyzer } from './analysis/analyzer.js'
import type { RegistryStore, SchemaRow } from '../storage/registry-store.js'
import type { ContentService } from './content-service.js'
import type { VersionFiles } from './version-files.js'
import { toSchemaView, type RegistrationView, type SchemaView } from './views.js'

export const schemaNotFound = (id: number | string) => new RegistryError('SCHEMA_NOT_FOUND', { id })

export interface ListSchemasQuery {
  /** Undefined: every context. */
  context?: string
  /** Matched against qualified subject names. */
  prefix?: string
  /** Matched against unqualified subject names. */
  namePrefix?: string
  deleted: boolean
  latestOnly: boolean
}

/** Reads of schema content by id and guid (served from memory by the cached store). */
export const createSchemaReads = ({ store, analyzer, content, files }: { store: RegistryStore; analyzer: Analyzer; content: ContentService; files: VersionFiles }) => {
  const row = async (context: string, id: number): Promise<SchemaRow> => {
    const found = await store.schemaById(context, id)
    if (!found) throw schemaNotFound(id)
    return found
  }

  return {
    row,
    async byId(context: string, id: number): Promise<SchemaView> {
      return toSchemaView(await row(context, id))
    },

    /** The schema text in an alternative format (`?format=`), or the stored text. */
    async render(view: SchemaView, format: string | undefined): Promise<string> {
      if (!format) return view.schema
      const source = await content.sourceOf(store, await row(view.context, view.id))
      return (await analyzer.run({ kind: 'render', source, format })) ?? view.schema
    },

    /** Where an id is registered; soft-deleted registrations only with `deleted`. */
    async registrations(context: string, id: number, deleted: boolean) {
      await row(context, id)
      const regs = await store.registrations(context, id)
      return regs
        .filter((r) => deleted || !r.deleted)
        .map((r) => ({ subject: qualifySubject({ context: r.context, name: r.subject }), name: r.subject, version: r.version, deleted: r.deleted, createdAt: r.createdAt }))
    },

    /**
     * The subject and context a `?subject=` names: a qualified name (or a `/contexts/` prefix) says the
     * context; an unqualified one is looked for in the request's context first, then in the others
     * (Confluent tries each context).
     */
    async subjectScope(raw: string | undefined, requestContext: string, pinned: boolean): Promise<{ context: string; name?: string }> {
      if (raw === undefined) return { context: requestContext }
      const ref = parseSubject(raw, requestContext)
      if (raw.startsWith(':.') || pinned || (await store.subject(ref.context, ref.name))) return ref
      const elsewhere = (await store.listSubjects()).find((s) => s.name === ref.name)
      return elsewhere ? { context: elsewhere.context, name: ref.name } : ref
    },

    /**
     * The earliest live registration of an id (OpenSchema shows its subject, version and annotations),
     * among the subjects `visible` keeps (a caller's grants).
     */
    async earliestRegistration(context: string, id: number, visible: (qualified: string) => boolean = () => true): Promise<RegistrationView | undefined> {
      const regs = await store.registrations(context, id)
      const live = regs.filter((r) => !r.deleted && visible(qualifySubject({ context, name: r.subject }))).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]
      const v = live && (await store.version(context, live.subject, live.version))
      const locator = v && files.locator({ context, name: v.subject }, v.version, (await row(context, id)).schemaType)
      return v && { subject: qualifySubject({ context, name: v.subject }), version: v.version, name: v.name, comment: v.comment, validator: v.validator, locator: locator || null }
    },

    /** The ids a guid has, one per context holding its content. */
    async byGuid(guid: string): Promise<{ context: string; id: number }[]> {
      const found = await store.schemasByGuid(guid)
      if (found.length === 0) throw schemaNotFound(guid)
      return found.map((row) => ({ context: row.context, id: row.id }))
    },

    /** The highest id in a context (Confluent's `fetchMaxId`). */
    maxId: (context: string): Promise<number> => store.maxSchemaId(context),

    /** GET /schemas: registered versions' content, optionally only each subject's latest. */
    async list(q: ListSchemasQuery) {
      const subjects = await store.listSubjects(q.context)
      const out: { subject: string; version: number; schema: SchemaView }[] = []
      for (const s of subjects) {
        const subject = qualifySubject({ context: s.context, name: s.name })
        if ((q.prefix && !subject.startsWith(q.prefix)) || (q.namePrefix && !s.name.startsWith(q.namePrefix))) continue
        let versions = await store.versions(s.context, s.name, q.deleted)
        if (q.latestOnly) versions = versions.filter((v) => !v.deleted).slice(-1)
        for (const v of versions) out.push({ subject, version: v.version, schema: toSchemaView(await row(s.context, v.schemaId)) })
      }
      return out
    },
  }
}

export type SchemaReads = ReturnType<typeof createSchemaReads>
