import { toCloudEvent, type ChangeQuery, type CloudEvent } from '../domain/change-events.js'
import type { RegistryStore } from '../storage/registry-store.js'

/**
 * The change stream (docs/EXTENSIONS.md §10): pages of the durable events log as CloudEvents, and a
 * signal that wakes waiting readers when a write commits, on this instance or (PostgreSQL) another.
 */

/**
 * How often a waiting reader looks again without being woken: a safety net for a notification lost
 * while the LISTEN connection was down (the store reports the loss once, not each missed commit).
 */
const RECHECK_MS = 5000

/** Wakes every waiter on each committed write; `generation` counts them. */
const createChangeSignal = (store: RegistryStore) => {
  let generation = 0
  const waiters = new Set<() => void>()
  store.onChange(() => {
    generation++
    for (const wake of [...waiters]) wake()
  })
  return {
    /** Read before a query: `next(seen)` then returns at once when a write committed since. */
    get generation() {
      return generation
    },
    /**
     * Resolves when a write has committed since `seen`, after `ms` (at most RECHECK_MS), or when
     * `signal` aborts, whichever is first.
     */
    next(seen: number, ms: number, signal?: AbortSignal): Promise<void> {
      if (generation !== seen || signal?.aborted || ms <= 0) return Promise.resolve()
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer)
          waiters.delete(done)
          signal?.removeEventListener('abort', done)
          resolve()
        }
        const timer = setTimeout(done, Math.min(ms, RECHECK_MS))
        waiters.add(done)
        signal?.addEventListener('abort', done)
      })
    },
  }
}

export type ChangeSignal = ReturnType<typeof createChangeSignal>

export interface PollResult {
  events: CloudEvent[]
  /** The seq of the last event answered, or `after` when none. */
  next: number
}

export const createEventService = ({ store }: { store: RegistryStore }) => {
  const changes = createChangeSignal(store)
  const page = async (query: ChangeQuery): Promise<CloudEvent[]> => (await store.changeEvents(query)).map(toCloudEvent)
  return {
    changes,
    /** Events after `query.after`, oldest first, at most `query.limit`; empty when none. */
    page,
    /**
     * The long poll: the events after `query.after` as soon as there is one, waiting up to `waitMs`
     * for the first; empty when none came in time or `signal` aborted (a client gone, a server closing).
     */
    async poll(query: ChangeQuery, waitMs: number, signal?: AbortSignal): Promise<PollResult> {
      const deadline = Date.now() + waitMs
      for (;;) {
        // read before the query: a commit between the query and the wait still wakes it
        const seen = changes.generation
        const events = await page(query)
        const left = deadline - Date.now()
        if (events.length > 0 || left <= 0 || signal?.aborted) return { events, next: events.length > 0 ? Number(events.at(-1)!.id) : query.after }
        await changes.next(seen, left, signal)
      }
    },
  }
}

export type EventService = ReturnType<typeof createEventService>
