import type { Metadata, ResolvedReference, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'
import { parseSubject, qualifySubject } from '../domain/subjects.js'
import { invalidSchema } from '../errors/registry-error.js'
import type { ParsedSchema } from '../formats/format-plugin.js'
import type { Formats } from '../formats/formats.js'
import type { SchemaRow, StoreReader, VersionRow } from '../storage/registry-store.js'
import { contentGuid, contentHash } from './content-hash.js'
import { LruCache } from '../domain/lru-cache.js'

export interface SchemaInput {
  schemaType: SchemaType
  schema: string
  references: SchemaReference[]
  metadata: Metadata | null
  ruleSet: RuleSet | null
}

/** A schema ready to be stored or compared: parsed, canonical, hashed. */
export interface PreparedSchema extends SchemaInput {
  contentHash: string
  guid: string
  parsed: ParsedSchema
}

// A reference chain longer than this is a cycle or abuse; Confluent has no such limit, but a registry
// must not recurse without bound.
const MAX_REFERENCE_DEPTH = 32

export const createContentService = ({ formats, parsedCacheSize = 2000 }: { formats: Formats; parsedCacheSize?: number }) => {
  // Parsed stored schemas by context and content hash (the hash covers the references, which resolve
  // in the context): parsing is the expensive part of a compatibility check.
  const parsedCache = new LruCache<string, ParsedSchema>(parsedCacheSize)

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

  const identify = (input: SchemaInput, parsed: ParsedSchema): PreparedSchema => ({
    ...input,
    parsed,
    contentHash: contentHash(input),
    guid: contentGuid(input),
  })

  /** Parses stored content leniently, cached: it was valid when it was registered. */
  const parseStored = async (reader: StoreReader, row: SchemaRow): Promise<ParsedSchema> => {
    const key = `${row.context}\u0000${row.contentHash}`
    const hit = parsedCache.get(key)
    if (hit) return hit
    const { resolved } = await resolveReferences(reader, row.context, row.references, false)
    const parsed = formats.get(row.schemaType).parse(row.schema, resolved, { strict: false })
    parsedCache.set(key, parsed)
    return parsed
  }

  return {
    resolveReferences,

    /** Parses new content (strictly unless `strict` is false, as in IMPORT) and computes its identity. */
    async prepare(
      reader: StoreReader,
      context: string,
      input: SchemaInput,
      options: { normalize: boolean; strict: boolean },
    ): Promise<PreparedSchema> {
      const plugin = formats.get(input.schemaType)
      const { references, resolved } = await resolveReferences(reader, context, input.references, true)
      const parsed = plugin.parse(input.schema, resolved, { strict: options.strict })
      const schema = plugin.canonical(parsed, { normalize: options.normalize })
      return identify({ ...input, schema, references }, parsed)
    },

    /**
     * The newest of `versions` whose content is the candidate's. With `normalize`, stored content
     * registered without normalization also matches when its normalized form does (Confluent).
     */
    async findRegistration(reader: StoreReader, context: string, versions: VersionRow[], candidate: PreparedSchema, normalize: boolean): Promise<VersionRow | undefined> {
      const newestFirst = [...versions].reverse()
      const rows = await Promise.all(newestFirst.map((v) => reader.schemaById(context, v.schemaId)))
      const exact = newestFirst.find((_, i) => rows[i]?.contentHash === candidate.contentHash)
      if (exact || !normalize) return exact
      for (const [i, v] of newestFirst.entries()) {
        const row = rows[i]
        if (!row || row.schemaType !== candidate.schemaType) continue
        const text = formats.get(row.schemaType).canonical(await parseStored(reader, row), { normalize: true })
        if (contentHash({ ...row, schema: text }) === candidate.contentHash) return v
      }
      return undefined
    },

    parseStored,
  }
}

export type ContentService = ReturnType<typeof createContentService>
