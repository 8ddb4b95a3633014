import { AsyncLocalStorage } from 'node:async_hooks'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { qualifySubject, type SubjectRef } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { RegistryStore, SubjectClaim } from '../storage/registry-store.js'

/** 32 random bytes: 256 bits, far beyond guessing, 43 characters of base64url. */
const TOKEN_BYTES = 32

// A plain SHA-256 is enough here, unlike for passwords: a token is 256 random bits, so there is no
// dictionary to try and a slow or salted hash would add nothing but latency to every write. What the
// hash buys is that a copy of the database (a backup, a read replica) holds no usable token.
const hashOf = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest()

/** Whether the presented token is the one whose hash is stored; compared in constant time. */
const matches = (presented: string | undefined, storedHex: string): boolean => {
  if (presented === undefined || presented === '') return false
  const stored = Buffer.from(storedHex, 'hex')
  const given = hashOf(presented)
  return stored.length === given.length && timingSafeEqual(stored, given)
}

/** Whether one of the tokens `presented` lists (comma-separated, as the header came) is the claim's. */
const admits = (claim: SubjectClaim | undefined, presented: string | undefined): boolean => !claim || (presented ?? '').split(',').some((t) => matches(t.trim(), claim.tokenHash))

const lockKey = (ref: SubjectRef) => `owner:${ref.context}:${ref.name}`

/** A write the edge admitted on the cache's word: the subject and the tokens the request presented. */
type Admitted = { ref: SubjectRef; presented: string | undefined }

/**
 * Ownership tokens (docs/EXTENSIONS.md §3.3): a claimed subject takes writes only with its owner's
 * token. The HTTP access check asks `checkWrite` on every write to a subject; the owner routes claim,
 * rotate and release.
 */
export const createOwnershipService = ({ store }: { store: RegistryStore }) => {
  // The writes each request was admitted to (withinRequest): its transactions read their claims again
  const admitted = new AsyncLocalStorage<Admitted[]>()
  /**
   * The store every other service writes through. Claims are read from the cache at the edge, and on
   * PostgreSQL another instance may have claimed or rotated one since (its notification takes a few
   * milliseconds, longer when the connection drops): each transaction a request runs reads the claims
   * it was admitted to again before it commits, so only requests that write pay a read of the
   * database, and a claim holds on every instance at once. The embedded store's cache is exact.
   */
  const guarded: RegistryStore = store.exclusive
    ? store
    : {
        ...store,
        transaction: (fn) =>
          store.transaction(async (tx) => {
            const value = await fn(tx)
            for (const { ref, presented } of admitted.getStore() ?? []) {
              if (!admits(await tx.subjectClaim(ref.context, ref.name), presented)) throw notOwner(ref, presented)
            }
            return value
          }),
      }
  return {
    guarded,
    /**
     * Runs one request (its hooks and handler) with its own list of admitted writes. Not on the
     * embedded store, which needs no list: the first `run` turns on Node's promise hooks for the whole
     * process, a few per cent of the CPU of every request (async_hooks in a profile of PostgreSQL).
     */
    withinRequest: store.exclusive ? (fn: () => void) => fn() : (fn: () => void) => admitted.run([], fn),

    /**
     * Claims the subject (existing or not) and returns the new token, which is never shown again. A
     * claimed subject is claimed again (the token rotated) only with its current token: without one it
     * is SUBJECT_CLAIMED, with another one FORBIDDEN.
     */
    async claim(ref: SubjectRef, presented: string | undefined): Promise<string> {
      const token = randomBytes(TOKEN_BYTES).toString('base64url')
      await store.transaction(async (tx) => {
        await tx.lock(lockKey(ref))
        const existing = await tx.subjectClaim(ref.context, ref.name)
        if (existing && !matches(presented, existing.tokenHash)) {
          if (presented === undefined) throw new RegistryError('SUBJECT_CLAIMED', { subject: qualifySubject(ref) })
          throw notOwner(ref, presented)
        }
        await tx.setSubjectClaim(ref.context, ref.name, hashOf(token).toString('hex'))
        await tx.appendEvent({ action: existing ? 'owner.rotate' : 'owner.claim', context: ref.context, subject: ref.name })
      })
      return token
    },

    /**
     * Releases the claim: with its token, or by force (an admin's release). Releasing a subject nobody
     * claims does nothing.
     */
    async release(ref: SubjectRef, presented: string | undefined, force: boolean): Promise<void> {
      await store.transaction(async (tx) => {
        await tx.lock(lockKey(ref))
        const existing = await tx.subjectClaim(ref.context, ref.name)
        if (!existing) return
        if (!force && !matches(presented, existing.tokenHash)) throw notOwner(ref, presented)
        await tx.setSubjectClaim(ref.context, ref.name, undefined)
        await tx.appendEvent({
          action: 'owner.release',
          context: ref.context,
          subject: ref.name,
          detail: force && !matches(presented, existing.tokenHash) ? { forced: true } : undefined,
        })
      })
    },

    /**
     * Refuses a write to a claimed subject without its token (FORBIDDEN); an unclaimed subject admits
     * every write. The claim comes from the read cache; on PostgreSQL a refusal is decided on the
     * database's claim (the cache may not know of a release or a rotation yet), and an admission is
     * checked again by the request's transactions (`guarded`).
     * `presented` may list several tokens, comma-separated (a write to several claimed subjects, as a
     * set of files is published, docs/EXTENSIONS.md §9): one of them must match.
     */
    async checkWrite(ref: SubjectRef, presented: string | undefined): Promise<void> {
      if (!admits(await store.subjectClaim(ref.context, ref.name), presented)) {
        // refusals are rare: they may afford a transaction's fresh read (the embedded store's cache is exact)
        if (store.exclusive || !admits(await store.transaction((tx) => tx.subjectClaim(ref.context, ref.name)), presented)) throw notOwner(ref, presented)
      }
      // none on the embedded store, whose requests run without a list (withinRequest)
      admitted.getStore()?.push({ ref, presented })
    },
  }
}

const notOwner = (ref: SubjectRef, presented: string | undefined) =>
  new RegistryError('FORBIDDEN', {
    reason:
      presented === undefined
        ? `Subject '${qualifySubject(ref)}' is claimed: send its token in X-Subject-Token`
        : `The X-Subject-Token does not match the claim on subject '${qualifySubject(ref)}'`,
  })

export type OwnershipService = ReturnType<typeof createOwnershipService>
