import type { ChangeEvent, LatestVersion, RegisteredSchema } from './types.js'
import { eventSubject, shortType, subjectKey } from './subjects.js'

interface Entry {
  value: Promise<LatestVersion>
  /** Known once the value resolved: an event for an older version must not replace it. */
  version?: number
  /** When the entry stops being trusted without a change stream (ms since the epoch). */
  expiresAt: number
}

/**
 * The latest version of each subject asked for. Entries are trusted while the change stream is open
 * (every change reaches it, so an entry is replaced or dropped as soon as the subject changes) and
 * for `ttlMs` otherwise; concurrent calls for one subject share one request.
 */
export interface LatestCache {
  get(subject: string, load: () => Promise<LatestVersion>): Promise<LatestVersion>
  /** Drops a subject's entry (this client registered under it). */
  invalidate(subject: string): void
  /** Applies a change: a registration replaces the entry (content from `schemaById`), a delete drops it. */
  apply(event: ChangeEvent, schemaById: (id: number) => Promise<RegisteredSchema>): void
  clear(): void
}

const toNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined)

export const createLatestCache = (opts: { ttlMs: number; streamOpen: () => boolean; now?: () => number }): LatestCache => {
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()

  const remember = (key: string, value: Promise<LatestVersion>): Promise<LatestVersion> => {
    const entry: Entry = { value, expiresAt: now() + opts.ttlMs }
    entries.set(key, entry)
    value.then(
      (v) => (entry.version = v.version),
      () => entries.get(key) === entry && entries.delete(key),
    )
    return value
  }

  return {
    get(subject, load) {
      const key = subjectKey(subject)
      const entry = entries.get(key)
      if (entry && (opts.streamOpen() || now() < entry.expiresAt)) return entry.value
      return remember(key, load())
    },
    invalidate: (subject) => void entries.delete(subjectKey(subject)),
    apply(event, schemaById) {
      const key = eventSubject(event)
      if (key === undefined) return
      switch (shortType(event.type)) {
        case 'schema.registered': {
          // ids follow the stream's dialect: numbers in Confluent, decimal strings in OpenSchema
          const id = toNumber(event.data.id)
          const version = toNumber(event.data.version)
          const current = entries.get(key)
          if (current?.version !== undefined && version !== undefined && current.version >= version) return
          if (id === undefined || version === undefined) return void entries.delete(key)
          // only subjects someone asked for are kept up to date
          if (!current) return
          remember(
            key,
            schemaById(id).then((s) => ({ subject: key, id, version, ...s })),
          )
          return
        }
        case 'version.deleted':
        case 'subject.deleted':
          entries.delete(key)
          return
      }
    },
    clear: () => entries.clear(),
  }
}
