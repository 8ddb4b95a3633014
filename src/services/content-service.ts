import type { Metadata, ResolvedReference, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'
import { parseSubject, qualifySubject } from '../domain/subjects.js'
import { invalidSchema, RegistryError } from '../errors/registry-error.js'
import type { SchemaRow, StoreReader, VersionRow } from '../storage/registry-store.js'
import type { SchemaSource } from './analysis/analysis-jobs.js'
import type { Analyzer } from './analysis/analyzer.js'
import { contentGuid, contentHash } from './content-hash.js'

export interface SchemaInput {
  schemaType: SchemaType
  schema: string
  references: SchemaReference[]
  metadata: Metadata | null
  ruleSet: RuleSet | null
}

/** A schema ready to be stored or compared: canonical, hashed, its references loaded. */
export interface PreparedSchema extends SchemaInput {
  contentHash: string
  guid: string
  /** The referenced schemas, for parsing the canonical text again (compatibility checks). */
  resolved: ResolvedReference[]
}

// A reference chain longer than this is a cycle or abuse; Confluent has no such limit, but a registry
// must not recurse without bound.
const MAX_REFERENCE_DEPTH = 32

/**
 * A reference must name a schema of the referrer's own type. Confluent hands the target's text to the
 * referrer's parser, so a target of another type is an invalid schema (42201) there too; we say why
 * instead of showing whatever that parser makes of foreign text (an Avro record can pass as JSON).
 */
const assertSameType = (type: SchemaType, resolved: ResolvedReference[]): void => {
  const other = resolved.find((r) => r.schemaType !== type)
  if (!other) return
  throw invalidSchema(`Invalid schema reference ${other.name}: subject '${other.subject}' version ${other.version} holds a schema of type ${other.schemaType}, not ${type}`)
}

export const createContentService = ({ analyzer }: { analyzer: Analyzer }) => {
  /**
   * Loads every referenced schema, recursively. `version: -1` means the latest live version and is
   * returned resolved; `forNew` rejects references to soft-deleted versions (42201).
   */
  const resolveReferences = async (
    reader: StoreReader,
    context: string,
    refs: SchemaReference[],
    forNew: boolean,
    depth = 0,
  ): Promise<{ references: SchemaReference[]; resolved: ResolvedReference[] }> => {
    if (depth > MAX_REFERENCE_DEPTH) throw invalidSchema('References are nested too deeply (or form a cycle)')
    const references: SchemaReference[] = []
    const resolved: ResolvedReference[] = []
    for (const ref of refs) {
      const target = parseSubject(ref.subject, context)
      const version = ref.version === -1 ? (await reader.versions(target.context, target.name, false)).at(-1) : await reader.version(target.context, target.name, ref.version)
      if (!version || (forNew && version.deleted)) {
        throw invalidSchema(`Invalid schema reference ${ref.name}: subject '${ref.subject}' version ${ref.version} not found`)
      }
      const row = await reader.schemaById(target.context, version.schemaId)
      if (!row) throw invalidSchema(`Invalid schema reference ${ref.name}: schema ${version.schemaId} not found`)
      const nested = await resolveReferences(reader, target.context, row.references, false, depth + 1)
      references.push({ name: ref.name, subject: ref.subject, version: version.version })
      resolved.push({
        name: ref.name,
        subject: qualifySubject(target),
        version: version.version,
        schemaType: row.schemaType,
        schema: row.schema,
        references: nested.resolved,
      })
    }
    return { references, resolved }
  }

  /** Stored content with its references loaded, ready for the analyzer. */
  const sourceOf = async (reader: StoreReader, row: SchemaRow): Promise<SchemaSource> => {
    const { resolved } = await resolveReferences(reader, row.context, row.references, false)
    return { schemaType: row.schemaType, schema: row.schema, references: resolved }
  }

  return {
    resolveReferences,

    /** Parses new content (strictly unless `strict` is false, as in IMPORT) and computes its identity. */
    async prepare(reader: StoreReader, context: string, input: SchemaInput, options: { normalize: boolean; strict: boolean }): Promise<PreparedSchema> {
      const { references, resolved } = await resolveReferences(reader, context, input.references, true)
      assertSameType(input.schemaType, resolved)
      const source = { schemaType: input.schemaType, schema: input.schema, references: resolved }
      const schema = await analyzer.run({ kind: 'canonical', source, strict: options.strict, normalize: options.normalize })
      const identity = { ...input, schema, references }
      return { ...identity, resolved, contentHash: contentHash(identity), guid: contentGuid(identity) }
    },

    /**
     * The newest of `versions` whose content is the candidate's. With `normalize`, stored content
     * registered without normalization also matches when its normalized form does (Confluent).
     */
    async findRegistration(reader: StoreReader, context: string, versions: VersionRow[], candidate: PreparedSchema, normalize: boolean): Promise<VersionRow | undefined> {
      const subject = versions[0]?.subject
      if (subject === undefined) return undefined
      // one indexed query for the exact content, whatever the length of the history
      const allowed = new Set(versions.map((v) => v.version))
      const exact = (await reader.versionsWithContent(context, subject, candidate.contentHash)).filter((v) => allowed.has(v.version)).at(-1)
      if (exact || !normalize) return exact
      for (const v of [...versions].reverse()) {
        const row = await reader.schemaById(context, v.schemaId)
        if (!row || row.schemaType !== candidate.schemaType) continue
        const text = await analyzer.run({ kind: 'canonical', source: await sourceOf(reader, row), strict: false, normalize: true })
        if (contentHash({ ...row, schema: text }) === candidate.contentHash) return v
      }
      return undefined
    },

    sourceOf,

    /** Versions with their content loaded, for a compatibility check; in the order given. */
    async versionSources(reader: StoreReader, versions: VersionRow[]): Promise<(SchemaSource & { version: number; metadata: Metadata | null })[]> {
      return Promise.all(
        versions.map(async (v) => {
          const row = await reader.schemaById(v.context, v.schemaId)
          if (!row) throw new RegistryError('STORAGE_ERROR', { reason: `Schema ${v.schemaId} of version ${v.version} is missing` })
          return { ...(await sourceOf(reader, row)), version: v.version, metadata: row.metadata }
        }),
      )
    },

    /** The prepared candidate as the analyzer parses it again. */
    candidateSource: (c: PreparedSchema): SchemaSource => ({ schemaType: c.schemaType, schema: c.schema, references: c.resolved }),
  }
}

export type ContentService = ReturnType<typeof createContentService>
