import { NO_BLOBS, type BlobStore } from '../blobs/blob-store.js'
import type { RegistryStore } from '../storage/registry-store.js'

export type HealthState = 'UP' | 'DOWN'

/** The readiness answer (docs/EXTENSIONS.md §4): `files` only when a versioned file store is configured. */
export interface Readiness {
  status: HealthState
  checks: { database: HealthState; files?: HealthState }
}

/** A key prefix the file layout never uses (docs/EXTENSIONS.md §1.1): listing it finds nothing but asks the store. */
const PROBE_PREFIX = 'health-check/'

/** Resolves with `fn`'s outcome, or rejects once `ms` have passed; the timer never keeps the process alive. */
const within = async <T>(ms: number, fn: () => Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    timer.unref()
  })
  try {
    return await Promise.race([fn(), expired])
  } finally {
    clearTimeout(timer)
  }
}

const stateOf = async (ms: number, probe: () => Promise<unknown>): Promise<HealthState> =>
  within(ms, probe).then(
    () => 'UP',
    () => 'DOWN',
  )

/**
 * What operators ask of a running instance: readiness (the database and the file store answer, each
 * within `timeoutMs`) and the figures metrics report. Every check asks the store afresh, so readiness
 * comes back by itself once a dependency does.
 */
export const createOpsService = ({ store, blobs, timeoutMs }: { store: RegistryStore; blobs: BlobStore; timeoutMs: number }) => ({
  async readiness(): Promise<Readiness> {
    const [database, files] = await Promise.all([stateOf(timeoutMs, () => store.ping()), blobs === NO_BLOBS ? undefined : stateOf(timeoutMs, () => blobs.list(PROBE_PREFIX))])
    const checks = files === undefined ? { database } : { database, files }
    return { status: database === 'UP' && files !== 'DOWN' ? 'UP' : 'DOWN', checks }
  },

  /** Live (not soft-deleted) versions in every context; rejects when the database does not answer within `timeoutMs`. */
  async registeredCount(): Promise<number> {
    const subjects = await within(timeoutMs, () => store.listSubjects())
    return subjects.reduce((sum, s) => sum + s.liveVersions, 0)
  },
})

export type OpsService = ReturnType<typeof createOpsService>
