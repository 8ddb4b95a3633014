import { LruCache } from '../domain/lru-cache.js'
import { registrationKey, type Registration, type RegistryStore, type SchemaRow, type StoreChange, type StoreReader, type StoreWriter } from './registry-store.js'

export interface CacheOptions {
  /** Memory for schema content by id (immutable: evicted only when content is removed). */
  schemaBytes: number
  /** Memory for mutable data (versions, registrations, configs, modes, subjects, claims), estimated. */
  mutableBytes: number
  /**
   * Safety net: mutable entries older than this are read again even without a notification. Not
   * applied to an exclusive store (embedded PGlite), whose every change is heard.
   */
  maxAgeMs: number
}

type Entry = { value: unknown; generation: number; at: number }

/**
 * What a row or a list of rows costs on the heap, roughly: strings at two bytes a character, every
 * object and value a few dozen bytes. Rows are flat, so a shallow walk of two levels is enough.
 */
const estimateBytes = (value: unknown, depth = 0): number => {
  if (typeof value === 'string') return 16 + value.length * 2
  if (value === null || typeof value !== 'object' || depth > 2) return 16
  let bytes = 64
  for (const v of Array.isArray(value) ? value : Object.values(value)) bytes += 8 + estimateBytes(v, depth + 1)
  return bytes
}

/** Lookups answered from memory (hits) and from the store (misses) since the cache was made, and the bytes held, per cache. */
export type CacheStats = Record<'schemas' | 'mutable', { hits: number; misses: number; bytes: number }>

/** The store with its cache's counters: read them when asked (metrics), nothing is pushed. */
export type CachedStore = RegistryStore & { cacheStats(): CacheStats }

const schemaKey = (context: string, id: number) => `${context}\u0000${id}`

/**
 * Serves the read path from memory (docs/ARCHITECTURE.md §6, "Reading fast"). Content by id is immutable and
 * kept until content is removed; mutable data is dropped on every committed write, this instance's
 * or another's (`onChange`). A generation counter keeps a read that raced a write from caching what
 * it read before the write. Reads inside transactions use the cache only for content by id, and only
 * on the exclusive store (`contentFromCache`).
 */
export const createCachedStore = (store: RegistryStore, opts: CacheOptions): CachedStore => {
  // V8 keeps a string of Latin-1 characters (most schema text) at one byte a character, others at two
  const schemas = new LruCache<string, SchemaRow>(opts.schemaBytes, (r) => r.schema.length * (/[\u0100-\uffff]/.test(r.schema) ? 2 : 1) + 512)
  const weigh = (e: Entry) => 200 + estimateBytes(e.value)
  const mutable = new LruCache<string, Entry>(opts.mutableBytes / 2, weigh)
  // Where each id is registered (every GET by id asks): kept apart from `mutable` because a change
  // says which ids and subjects it touched, so a registration in one subject leaves the answers for
  // every other id in place (reads by id stay in memory while registrations run). Half the budget.
  const registrations = new LruCache<string, Entry>(opts.mutableBytes / 2, weigh)
  let generation = 0
  let registrationGeneration = 0
  // no notification can be missed when no other process writes the database
  const maxAgeMs = store.exclusive ? Infinity : opts.maxAgeMs
  const stats = { schemas: { hits: 0, misses: 0 }, mutable: { hits: 0, misses: 0 } }

  const dropRegistrations = (change: StoreChange) => {
    const touched = change.registrations
    if (touched && touched.ids.length === 0 && touched.subjects.length === 0) return
    registrationGeneration++
    if (!touched) return registrations.clear()
    touched.ids.forEach((k) => registrations.delete(k))
    if (touched.subjects.length === 0) return
    const subjects = new Set(touched.subjects)
    for (const [key, entry] of registrations.entries()) {
      if ((entry.value as Registration[]).some((r) => subjects.has(registrationKey(r.context, r.subject)))) registrations.delete(key)
    }
  }

  store.onChange((change) => {
    generation++
    mutable.clear()
    dropRegistrations(change)
    if (change.contentChanged) schemas.clear()
  })

  const cached = async <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const hit = mutable.get(key)
    if (hit && hit.generation === generation && Date.now() - hit.at < maxAgeMs) {
      stats.mutable.hits++
      return hit.value as T
    }
    stats.mutable.misses++
    const started = generation
    const value = await load()
    if (generation === started) mutable.set(key, { value, generation, at: Date.now() })
    return value
  }

  const freshRegistrations = (key: string): Entry | undefined => {
    const hit = registrations.get(key)
    return hit && Date.now() - hit.at < maxAgeMs ? hit : undefined
  }

  /**
   * A transaction's writer that reads content by id from the cache, on the exclusive store only: there
   * the cache is exact (every commit passes through it before another transaction starts) and content
   * by id never changes, so a registration checked against a long history does not load every
   * version's text from the database again (on PGlite, WebAssembly on the event loop). Only hits are
   * taken, and nothing read in the transaction is cached (it may roll back); once the transaction has
   * removed or bound content, it reads the database, which knows what it changed.
   */
  const contentFromCache = (tx: StoreWriter): StoreWriter => {
    // the two writes that change what an id holds (the SQL writer's `contentChanged` counts the same)
    let changed = false
    return {
      ...tx,
      schemaById: async (context, id) => (!changed && schemas.get(schemaKey(context, id))) || tx.schemaById(context, id),
      deleteSchemaIfUnused: (context, id) => ((changed = true), tx.deleteSchemaIfUnused(context, id)),
      insertSchemaWithId: (schema, id) => ((changed = true), tx.insertSchemaWithId(schema, id)),
    }
  }

  const reader: Partial<StoreReader> = {
    async schemaById(context, id) {
      const key = schemaKey(context, id)
      const hit = schemas.get(key)
      if (hit) {
        stats.schemas.hits++
        return hit
      }
      stats.schemas.misses++
      const started = generation
      const regKey = registrationKey(context, id)
      if (freshRegistrations(regKey)) {
        const row = await store.schemaById(context, id)
        if (row && generation === started) schemas.set(key, row)
        return row
      }
      // a read by id asks where the id is registered next (both dialects do): one round trip for both
      const regsStarted = registrationGeneration
      const found = await store.schemaWithRegistrations(context, id)
      if (found && generation === started) schemas.set(key, found.row)
      if (found && registrationGeneration === regsStarted) registrations.set(regKey, { value: found.registrations, generation: regsStarted, at: Date.now() })
      return found?.row
    },
    async versions(context, subject, includeDeleted) {
      const all = await cached(`v\u0000${context}\u0000${subject}`, () => store.versions(context, subject, true))
      return includeDeleted ? all : all.filter((v) => !v.deleted)
    },
    async version(context, subject, version) {
      return (await reader.versions!(context, subject, true)).find((v) => v.version === version)
    },
    versionsWithContent: (context, subject, hash) => cached(`h\u0000${context}\u0000${subject}\u0000${hash}`, () => store.versionsWithContent(context, subject, hash)),
    async registrations(context, id) {
      const key = registrationKey(context, id)
      const hit = freshRegistrations(key)
      if (hit) {
        stats.mutable.hits++
        return hit.value as Registration[]
      }
      stats.mutable.misses++
      const started = registrationGeneration
      const value = await store.registrations(context, id)
      if (registrationGeneration === started) registrations.set(key, { value, generation: started, at: Date.now() })
      return value
    },
    subject: (context, name) => cached(`s\u0000${context}\u0000${name}`, () => store.subject(context, name)),
    config: (scope) => cached(`c\u0000${scope}`, () => store.config(scope)),
    mode: (scope) => cached(`m\u0000${scope}`, () => store.mode(scope)),
    settings: (scopes) => cached(`S\u0000${scopes.join('\u0000')}`, () => store.settings(scopes)),
  }

  return {
    ...store,
    ...reader,
    // Claims must hold across instances at once: on PostgreSQL the ownership service reads a refused
    // one again from the database, and the write transactions an admitted one (ownership-service.ts)
    subjectClaim: (context, subject) => cached(`o\u0000${context}\u0000${subject}`, () => store.subjectClaim(context, subject)),
    // staging is shared by every instance and read only by staging's own routes: never cached
    stagedSchemas: (context) => store.stagedSchemas(context),
    transaction: store.exclusive ? (fn) => store.transaction((tx) => fn(contentFromCache(tx))) : (fn) => store.transaction(fn),
    onChange: (listener) => store.onChange(listener),
    // readiness asks the database itself, never the cache
    ping: () => store.ping(),
    close: () => store.close(),
    cacheStats: () => ({ schemas: { ...stats.schemas, bytes: schemas.weight }, mutable: { ...stats.mutable, bytes: mutable.weight + registrations.weight } }),
  } as CachedStore
}
