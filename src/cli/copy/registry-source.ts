import { enc, type RegistryClient } from './http.js'
import type { ConfigRecord, ModeRecord, Source, SourceIndex, VersionRecord } from './model.js'

/** Subjects are listed this many at a time (`offset`/`limit`, which Confluent 7.4+ and this registry take). */
const PAGE = 1000

/** A version as GET /subjects/{s}/versions/{n} answers it; `deleted` from the answer or the live listing. */
export const asVersion = (subject: string, b: Record<string, unknown>, deleted = false): VersionRecord => {
  const r: VersionRecord = {
    subject,
    version: Number(b.version),
    id: Number(b.id),
    schemaType: typeof b.schemaType === 'string' ? b.schemaType : 'AVRO',
    schema: String(b.schema),
    deleted: deleted || b.deleted === true,
  }
  if (Array.isArray(b.references) && b.references.length > 0) r.references = b.references as VersionRecord['references']
  if (b.metadata != null) r.metadata = b.metadata
  if (b.ruleSet != null) r.ruleSet = b.ruleSet
  if (typeof b.guid === 'string') r.guid = b.guid
  return r
}

/** Every subject, live and soft-deleted, a page at a time. A registry that ignores paging answers all at once. */
const listSubjects = async (client: RegistryClient, pageSize: number): Promise<string[]> => {
  const seen = new Set<string>()
  for (let offset = 0; ; offset += pageSize) {
    const page = (await client.must('GET', `/subjects?deleted=true&offset=${offset}&limit=${pageSize}`)) as string[]
    const before = seen.size
    for (const s of page) seen.add(s)
    // a short page is the last; a long one (or one with nothing new) comes from a registry without paging
    if (page.length !== pageSize || seen.size === before) break
  }
  return [...seen]
}

/**
 * Reads a registry over the Confluent API. `open` lists subjects (paged), version numbers, configs and
 * modes; the versions themselves are fetched one at a time as the copy streams them. A soft-deleted
 * version is one listed with `deleted=true` but not without, which holds for every registry (this one
 * also says `deleted: true` in the version).
 */
export const registrySource = (client: RegistryClient, pageSize = PAGE): Source => {
  /** subject → its version numbers, and those soft-deleted. */
  const subjects = new Map<string, { all: number[]; deleted: Set<number> }>()

  const fetchVersion = async (subject: string, n: number, deleted: boolean): Promise<VersionRecord | undefined> => {
    const b = await client.must('GET', `/subjects/${enc(subject)}/versions/${n}?deleted=true`, undefined, [404])
    return b ? asVersion(subject, b as Record<string, unknown>, deleted) : undefined
  }

  return {
    display: client.display,

    async open(): Promise<SourceIndex> {
      // registries without contexts (Karapace, Redpanda) or modes answer 404: one context, no mode to copy
      const contexts = ((await client.must('GET', '/contexts', undefined, [404])) as string[] | null) ?? ['.']
      const configs: ConfigRecord[] = [{ subject: null, config: (await client.must('GET', '/config')) as Record<string, unknown> }]
      const globalMode = (await client.must('GET', '/mode', undefined, [404])) as { mode: string } | null
      const modes: ModeRecord[] = globalMode ? [{ subject: null, mode: globalMode.mode }] : []
      const scoped = async (scope: string) => {
        const config = await client.must('GET', `/config/${enc(scope)}`, undefined, [404])
        if (config) configs.push({ subject: scope, config: config as Record<string, unknown> })
        const mode = await client.must('GET', `/mode/${enc(scope)}`, undefined, [404])
        if (mode) modes.push({ subject: scope, mode: (mode as { mode: string }).mode })
      }
      // a context's own config and mode sit at the subject `:.ctx:`
      for (const ctx of contexts) if (ctx !== '.') await scoped(`:${ctx}:`)
      let versionCount = 0
      for (const s of await listSubjects(client, pageSize)) {
        const all = (await client.must('GET', `/subjects/${enc(s)}/versions?deleted=true`)) as number[]
        const live = new Set(((await client.must('GET', `/subjects/${enc(s)}/versions`, undefined, [404])) as number[] | null) ?? [])
        subjects.set(s, { all, deleted: new Set(all.filter((n) => !live.has(n))) })
        versionCount += all.length
        await scoped(s)
      }
      return { contexts, versionCount, configs, modes }
    },

    async *versions() {
      for (const [subject, { all, deleted }] of subjects) {
        for (const n of all) {
          const r = await fetchVersion(subject, n, deleted.has(n))
          if (r) yield r
        }
      }
    },

    version: (subject, n) => fetchVersion(subject, n, subjects.get(subject)?.deleted.has(n) ?? false),

    async versionNumbers(subject) {
      const known = subjects.get(subject)?.all
      if (known) return known
      return ((await client.must('GET', `/subjects/${enc(subject)}/versions?deleted=true`, undefined, [404])) as number[] | null) ?? []
    },

    async isReferenced(subject, n) {
      const ids = await client.must('GET', `/subjects/${enc(subject)}/versions/${n}/referencedby?deleted=true`, undefined, [404])
      return Array.isArray(ids) && ids.length > 0
    },
  }
}
