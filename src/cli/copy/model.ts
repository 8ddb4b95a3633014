/** What a copy moves, as read from a registry or an export directory (docs/EXTENSIONS.md §2). */

export interface Reference {
  name: string
  subject: string
  version: number
}

/** One registered version, qualified subject (`:.ctx:s` outside the default context). */
export interface VersionRecord {
  subject: string
  version: number
  id: number
  schemaType: string
  schema: string
  references?: Reference[]
  metadata?: unknown
  ruleSet?: unknown
  /** The source's guid, kept in exports for reference: guids are made from the content, so the target derives the same one. */
  guid?: string
  deleted: boolean
}

/** A config: `subject` null for the global one; `config` as GET /config answers it. */
export interface ConfigRecord {
  subject: string | null
  config: Record<string, unknown>
}

/** A mode: `subject` null for the global one. */
export interface ModeRecord {
  subject: string | null
  mode: string
}

/**
 * Where a copy reads from. Versions stream (a large registry is never held in memory); configs and
 * modes are small and come as lists.
 */
export interface Source {
  /** Where it reads from, without credentials: for messages and the export manifest. */
  readonly display: string
  /** Lists what there is to copy: contexts, configs, modes and how many versions will stream. */
  open(): Promise<SourceIndex>
  /** Every version, in any order (see `inReferenceOrder`). */
  versions(): AsyncIterable<VersionRecord>
  /** One version, for a referrer met before what it references; undefined when the source lacks it. */
  version(subject: string, version: number): Promise<VersionRecord | undefined>
  /** A subject's version numbers, ascending: a version fetched ahead of its turn brings the earlier ones first. */
  versionNumbers(subject: string): Promise<number[]>
  /** Whether a version of the source (live or soft-deleted) references this one: it must stay live until the end of the copy. */
  isReferenced(subject: string, version: number): Promise<boolean>
}

export interface SourceIndex {
  contexts: string[]
  versionCount: number
  /** The global config first; a context's config has the subject `:.ctx:`. */
  configs: ConfigRecord[]
  modes: ModeRecord[]
}

/** Where a copy writes to. */
export interface Target {
  write(source: Source, index: SourceIndex, summary: Summary, item: () => void): Promise<void>
}

export interface Summary {
  schemas: number
  versions: number
  configs: number
  modes: number
  skipped: number
}

export const emptySummary = (): Summary => ({ schemas: 0, versions: 0, configs: 0, modes: 0, skipped: 0 })

export const summaryLine = (s: Summary): string => `copied ${s.schemas} schemas, ${s.versions} versions, ${s.configs} configs, ${s.modes} modes; skipped ${s.skipped}`

/** A conflict (same subject and version or id with other content): the copy stops, naming the item. */
export class CopyConflict extends Error {}

/** Any other failure that stops the copy (unreachable, bad credentials, a refused request). */
export class CopyFailure extends Error {}

/** The context of a qualified subject: `.` for the default one. */
export const contextOf = (subject: string): string => {
  const m = /^:(\.[^:]*):/.exec(subject)
  return m ? m[1] : '.'
}

/** A reference's subject qualified by the referring subject's context (unqualified names resolve there). */
export const qualifiedRef = (referrer: string, refSubject: string): string => {
  if (refSubject.startsWith(':.')) return refSubject
  const ctx = contextOf(referrer)
  return ctx === '.' ? refSubject : `:${ctx}:${refSubject}`
}

const versionKey = (subject: string, version: number) => `${subject}\u0000${version}`

/**
 * The source's versions with every referenced version before its referrers: a reference not yet
 * passed is fetched from the source and yielded first (and skipped when the stream reaches it),
 * together with the earlier versions of its subject, so each subject's versions land in number order
 * (a registration without metadata inherits the latest live version's: the order decides what that
 * is). Only the keys of the versions passed are remembered.
 */
export async function* inReferenceOrder(source: Pick<Source, 'versions' | 'version' | 'versionNumbers'>): AsyncGenerator<VersionRecord> {
  const passed = new Set<string>()
  async function* withReferences(r: VersionRecord, path: Set<string>): AsyncGenerator<VersionRecord> {
    const k = versionKey(r.subject, r.version)
    if (passed.has(k) || path.has(k)) return
    path.add(k)
    for (const ref of r.references ?? []) {
      const subject = qualifiedRef(r.subject, ref.subject)
      if (passed.has(versionKey(subject, ref.version))) continue
      for (const n of await source.versionNumbers(subject)) {
        if (n > ref.version) break
        if (passed.has(versionKey(subject, n)) || path.has(versionKey(subject, n))) continue
        const dep = await source.version(subject, n)
        if (dep) yield* withReferences(dep, path)
      }
    }
    path.delete(k)
    passed.add(k)
    yield r
  }
  for await (const r of source.versions()) yield* withReferences(r, new Set())
}

/** Stable JSON (sorted keys) for comparing configs and contents. */
export const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : val,
  )

/** Same id, subject, version and content (type, text, references). */
export const sameContent = (a: VersionRecord, b: VersionRecord): boolean =>
  a.id === b.id &&
  a.subject === b.subject &&
  a.version === b.version &&
  a.schemaType === b.schemaType &&
  a.schema === b.schema &&
  canonical(a.references ?? []) === canonical(b.references ?? [])
