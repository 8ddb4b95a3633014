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

export interface Snapshot {
  contexts: string[]
  /** In reference order: a referenced version comes before its referrers. */
  versions: VersionRecord[]
  configs: ConfigRecord[]
  modes: ModeRecord[]
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

/** Orders versions so that every referenced version comes before its referrers (stable otherwise). */
export const referenceOrder = (versions: VersionRecord[]): VersionRecord[] => {
  const key = (s: string, v: number) => `${s}\u0000${v}`
  const byKey = new Map(versions.map((r) => [key(r.subject, r.version), r]))
  const done = new Set<string>()
  const out: VersionRecord[] = []
  const visit = (r: VersionRecord, path: Set<string>) => {
    const k = key(r.subject, r.version)
    if (done.has(k) || path.has(k)) return
    path.add(k)
    for (const ref of r.references ?? []) {
      const dep = byKey.get(key(qualifiedRef(r.subject, ref.subject), ref.version))
      if (dep) visit(dep, path)
    }
    path.delete(k)
    done.add(k)
    out.push(r)
  }
  for (const r of versions) visit(r, new Set())
  return out
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
