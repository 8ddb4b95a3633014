import type { BlobStore } from '../../blobs/blob-store.js'
import { DELETED_SUFFIX, META_SUFFIX, parseVersionKey, versionKey } from '../../blobs/layout.js'
import { CopyFailure, qualifiedRef, type Source, type SourceIndex, type VersionRecord } from './model.js'

/** What a version's `meta.json` holds (docs/EXTENSIONS.md §1.1). */
interface Meta {
  id: number
  subject: string
  version: number
  schemaType: string
  references?: VersionRecord['references']
  metadata?: unknown
  ruleSet?: unknown
  guid?: string
}

interface Entry {
  context: string
  name: string
  version: number
  /** The schema file's extension, from the key beside `meta.json`. */
  ext?: string
  meta: boolean
  deleted: boolean
}

/**
 * Reads the versioned files (docs/EXTENSIONS.md §1) to rebuild a registry from them: every version with
 * a `meta.json` and its schema file, soft-deleted where a `deleted.json` marker sits beside it. Files
 * hold no configs or modes, and purged versions stay purged. Only the keys are listed up front; each
 * version's files are read as the copy reaches it.
 */
export const filesSource = (blobs: BlobStore, display: string): Source => {
  /** `qualified subject \0 version` → what the listing found. */
  const entries = new Map<string, Entry>()
  const key = (subject: string, version: number) => `${subject}\u0000${version}`
  const qualified = (context: string, name: string) => (context === '.' ? name : `:${context}:${name}`)
  let referenced: Promise<Set<string>> | undefined
  /** qualified subject → its version numbers, ascending (filled by `open`). */
  const numbers = new Map<string, number[]>()

  const load = async (e: Entry): Promise<VersionRecord> => {
    const where = (suffix: string) => `${display}${versionKey(e.context, e.name, e.version, suffix)}`
    if (!e.meta || !e.ext) throw new CopyFailure(`${where(META_SUFFIX)}: the version's ${e.meta ? 'schema file' : 'meta.json'} is missing`)
    const metaText = await blobs.read(versionKey(e.context, e.name, e.version, META_SUFFIX))
    const schema = await blobs.read(versionKey(e.context, e.name, e.version, e.ext))
    if (metaText === undefined || schema === undefined) throw new CopyFailure(`${where(e.ext)}: the version's files went away while copying`)
    let meta: Meta
    try {
      meta = JSON.parse(metaText) as Meta
    } catch {
      throw new CopyFailure(`${where(META_SUFFIX)} is not JSON`)
    }
    const r: VersionRecord = { subject: qualified(e.context, e.name), version: e.version, id: meta.id, schemaType: meta.schemaType, schema, deleted: e.deleted }
    if (meta.references && meta.references.length > 0) r.references = meta.references
    if (meta.metadata != null) r.metadata = meta.metadata
    if (meta.ruleSet != null) r.ruleSet = meta.ruleSet
    if (meta.guid) r.guid = meta.guid
    return r
  }

  return {
    display,
    async open(): Promise<SourceIndex> {
      const contexts = new Set<string>(['.'])
      for (const k of await blobs.list('')) {
        const p = parseVersionKey(k)
        if (!p) continue
        contexts.add(p.context)
        const id = key(qualified(p.context, p.subject), p.version)
        const e = entries.get(id) ?? { context: p.context, name: p.subject, version: p.version, meta: false, deleted: false }
        if (p.suffix === META_SUFFIX) e.meta = true
        else if (p.suffix === DELETED_SUFFIX) e.deleted = true
        else e.ext = p.suffix
        entries.set(id, e)
      }
      // a version number left without meta.json is a write that never committed: not a version
      for (const [id, e] of entries) if (!e.meta) entries.delete(id)
      // keys list `10` before `2`: put each subject's versions in number order
      const order = (a: Entry, b: Entry) => (a.context < b.context ? -1 : a.context > b.context ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version)
      const sorted = [...entries].sort(([, a], [, b]) => order(a, b))
      entries.clear()
      for (const [id, e] of sorted) {
        entries.set(id, e)
        const subject = qualified(e.context, e.name)
        const list = numbers.get(subject) ?? []
        list.push(e.version)
        numbers.set(subject, list)
      }
      return { contexts: [...contexts].sort(), versionCount: entries.size, configs: [], modes: [] }
    },
    async *versions() {
      for (const e of entries.values()) yield await load(e)
    },
    async version(subject, version) {
      const e = entries.get(key(subject, version))
      return e ? load(e) : undefined
    },
    versionNumbers: async (subject) => numbers.get(subject) ?? [],
    async isReferenced(subject, version) {
      // one pass over the metadata files, only when a soft-deleted version asks
      referenced ??= (async () => {
        const out = new Set<string>()
        for (const e of entries.values()) {
          for (const ref of (await load(e)).references ?? []) out.add(key(qualifiedRef(qualified(e.context, e.name), ref.subject), ref.version))
        }
        return out
      })()
      return (await referenced).has(key(subject, version))
    },
  }
}
