import { LruCache } from '../domain/lru-cache.js'
import type { RegistryStore, SchemaRow, StoreReader } from './registry-store.js'

export interface CacheOptions {
  /** Memory for schema content by id (immutable: evicted only when content is removed). */
  schemaBytes: number
  /** Entries of mutable data (versions, registrations, configs, modes, subjects). */
  mutableEntries: number
  /** Safety net: mutable entries older than this are read again even without a notification. */
  maxAgeMs: number
}

type Entry = { value: unknown; generation: number; at: number }

/** Lookups answered from memory (hits) and from the store (misses) since the cache was made, per cache. */
export type CacheStats = Record<'schemas' | 'mutable', { hits: number; misses: number }>

/** The store with its cache's counters: read them when asked (metrics), nothing is pushed. */
export type CachedStore = RegistryStore & { cacheStats(): CacheStats }

/**
 * Serves the read path from memory (docs/ARCHITECTURE.md §6, "Reading fast"). Content by id is immutable and
 * kept until content is removed; mutable data is dropped on every committed write, this instance's
 * or another's (`onChange`). A generation counter keeps a read that raced a write from caching what
 * it read before the write. Reads inside transactions never use the cache.
 */
export const createCachedStore = (store: RegistryStore, opts: CacheOptions): CachedStore => {
  const schemas = new LruCache<string, SchemaRow>(opts.schemaBytes, (r) => r.schema.length * 2 + 512)
  const mutable = new LruCache<string, Entry>(opts.mutableEntries)
  let generation = 0
  const stats: CacheStats = { schemas: { hits: 0, misses: 0 }, mutable: { hits: 0, misses: 0 } }

  store.onChange((change) => {
    generation++
    mutable.clear()
    if (change.contentChanged) schemas.clear()
  })

  const cached = async <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const hit = mutable.get(key)
    if (hit && hit.generation === generation && Date.now() - hit.at < opts.maxAgeMs) {
      stats.mutable.hits++
      return hit.value as T
    }
    stats.mutable.misses++
    const started = generation
    const value = await load()
    if (generation === started) mutable.set(key, { value, generation, at: Date.now() })
    return value
  }

  const reader: Partial<StoreReader> = {
    async schemaById(context, id) {
      const key = `${context}\u0000${id}`
      const hit = schemas.get(key)
      if (hit) {
        stats.schemas.hits++
        return hit
      }
      stats.schemas.misses++
      const started = generation
      const row = await store.schemaById(context, id)
      if (row && generation === started) schemas.set(key, row)
      return row
    },
    async versions(context, subject, includeDeleted) {
      const all = await cached(`v\u0000${context}\u0000${subject}`, () => store.versions(context, subject, true))
      return includeDeleted ? all : all.filter((v) => !v.deleted)
    },
    async version(context, subject, version) {
      return (await reader.versions!(context, subject, true)).find((v) => v.version === version)
    },
    versionsWithContent: (context, subject, hash) => cached(`h\u0000${context}\u0000${subject}\u0000${hash}`, () => store.versionsWithContent(context, subject, hash)),
    registrations: (context, id) => cached(`r\u0000${context}\u0000${id}`, () => store.registrations(context, id)),
    subject: (context, name) => cached(`s\u0000${context}\u0000${name}`, () => store.subject(context, name)),
    config: (scope) => cached(`c\u0000${scope}`, () => store.config(scope)),
    mode: (scope) => cached(`m\u0000${scope}`, () => store.mode(scope)),
    settings: (scopes) => cached(`S\u0000${scopes.join('\u0000')}`, () => store.settings(scopes)),
  }

  return {
    ...store,
    ...reader,
    // claims are read on writes only and must hold across instances at once: never cached
    subjectClaim: (context, subject) => store.subjectClaim(context, subject),
    // staging is shared by every instance and read only by staging's own routes: never cached
    stagedSchemas: (context) => store.stagedSchemas(context),
    transaction: (fn) => store.transaction(fn),
    onChange: (listener) => store.onChange(listener),
    // readiness asks the database itself, never the cache
    ping: () => store.ping(),
    close: () => store.close(),
    cacheStats: () => ({ schemas: { ...stats.schemas }, mutable: { ...stats.mutable } }),
  } as CachedStore
}
