import { createHash } from 'node:crypto'
import { LruCache } from '../domain/lru-cache.js'
import type { RegistryStore } from '../storage/registry-store.js'
import type { Policy } from './policy.js'
import type { RegisterInput, RegisterResult } from './register-service.js'

/**
 * The memo key of a registration request: a digest of everything in it that decides the answer, the
 * schema text last. Requests that name an id or a version (IMPORT, explicit versions) are never
 * memoized. A digest, not the text: an entry costs a few hundred bytes whatever the schema's size.
 */
const memoKey = (input: RegisterInput, policy: Policy): string | undefined => {
  if (input.id !== undefined || input.version !== undefined || !input.schema) return undefined
  const { subject, schemaType, references, metadata, ruleSet, normalize, asLatest } = input
  return createHash('sha256')
    .update(JSON.stringify([subject.context, subject.name, schemaType, references, metadata, ruleSet, normalize, asLatest, policy.idsOutsideImport]))
    .update('\u0000')
    .update(input.schema)
    .digest('base64')
}

/** A remembered answer; `schema` only when it differs from the request's own text, which answers it otherwise. */
type MemoEntry = { result: Omit<RegisterResult, 'schema' | 'warnings'>; schema?: string }
const entryBytes = (e: MemoEntry) => 600 + (e.schema?.length ?? 0) * 2 + e.result.references.length * 200

// about 28,000 answers for schemas kept as sent: more than the subjects of a large registry's producers
const MEMO_BYTES = 16 * 1024 * 1024

/**
 * Producers re-register the same schema with every start (auto-register): a request seen before gets
 * the same answer while nothing has been committed since, here or on another instance (any committed
 * write clears it, as it clears the read cache): no parse, no lookups.
 */
export const createRegisterMemo = (store: Pick<RegistryStore, 'onChange'>) => {
  const memo = new LruCache<string, MemoEntry>(MEMO_BYTES, entryBytes)
  let generation = 0
  store.onChange(() => {
    generation++
    memo.clear()
  })
  return {
    /** The remembered answer to this request, if any. */
    recall(given: RegisterInput, policy: Policy): RegisterResult | undefined {
      const key = memoKey(given, policy)
      const known = key === undefined ? undefined : memo.get(key)
      return known && { ...known.result, schema: known.schema ?? given.schema! }
    },
    /**
     * Starts answering the request without the memo; the function it returns keeps an answer that
     * wrote nothing, unless a write committed meanwhile (what was read before it may be stale).
     */
    start(given: RegisterInput, policy: Policy): (result: RegisterResult) => void {
      const key = memoKey(given, policy)
      const started = generation
      return (result) => {
        if (key === undefined || generation !== started) return
        const { schema, warnings: _, ...rest } = result
        memo.set(key, { result: rest, ...(schema === given.schema ? {} : { schema }) })
      }
    },
  }
}
