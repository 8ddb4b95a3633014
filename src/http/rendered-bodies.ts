import { LruCache } from '../domain/lru-cache.js'

/** What the answers' JSON texts may hold, by their length (schema texts are mostly Latin-1, one byte a character in V8). */
export const RENDERED_BYTES = 8 * 1024 * 1024

/**
 * JSON texts of the answers to reads by id, kept so that a hot id is serialized once, not on every
 * read: the schema text's escaping was the largest single cost of a GET by id (~6 % of the thread).
 * Each text is kept under a key (dialect, context, id and whatever else the answer depends on) with a
 * stamp of the content it was built from (its guid and creation time, and the mutable parts it shows):
 * a read whose stamp differs builds the text again, so nothing needs to be told of a change.
 */
export const createRenderedBodies = (maxBytes = RENDERED_BYTES) => {
  const texts = new LruCache<string, { stamp: string; text: string }>(maxBytes, (e) => e.text.length + e.stamp.length + 150)
  return {
    json(key: string, stamp: string, build: () => unknown): string {
      const hit = texts.get(key)
      if (hit?.stamp === stamp) return hit.text
      const text = JSON.stringify(build())
      texts.set(key, { stamp, text })
      return text
    },
    /** What it holds, by its own estimate (`schema_registry_cache_bytes{cache="rendered"}`). */
    bytes: () => texts.weight,
  }
}

export type RenderedBodies = ReturnType<typeof createRenderedBodies>
