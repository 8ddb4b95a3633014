import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { LruCache } from '../../domain/lru-cache.js'
import type { Formats } from '../../formats/formats.js'
import { createJobRunner, jobWeight, sourceKey, type AnalysisJob, type AnalysisOutput } from './analysis-jobs.js'
import { createWorkerPool } from './worker-pool.js'

export interface AnalyzerOptions {
  /** Jobs heavier than this (roughly: characters parsed) run in a worker thread. */
  offloadWeight: number
  /** A job in a worker that runs longer fails with TIMEOUT. */
  timeoutMs: number
  workers?: number
}

// Built, the worker is plain .js. Under tsx or vitest (development, tests) it is TypeScript: the
// thread first registers tsx's loader, which a worker does not inherit, then imports it.
const startWorker = (): Worker => {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./analysis-worker.js', import.meta.url))
  const file = new URL('./analysis-worker.ts', import.meta.url).href
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}) })`
  return new Worker(boot, { eval: true })
}

// Canonical texts of heavy candidates (above the offload weight), keyed by their source
const CANONICAL_CACHE_BYTES = 8 * 1024 * 1024
// In-process jobs are light (below the offload weight): long histories are checked, and their
// parsed versions kept, in the workers, so the main thread's parsed schemas need little memory
const INLINE_PARSED_BYTES = 16 * 1024 * 1024

/**
 * Parsing, canonical forms and compatibility checks (docs/ARCHITECTURE.md §6, "Reading fast": heavy work must
 * not stall reads). Small jobs run in-process; large ones in a pool of worker threads, started on
 * first use.
 */
export const createAnalyzer = (formats: Formats, opts: AnalyzerOptions) => {
  const inline = createJobRunner(formats, INLINE_PARSED_BYTES)
  let pool: ReturnType<typeof createWorkerPool> | undefined
  const workers = opts.workers ?? Math.max(1, Math.min(4, availableParallelism() - 1))
  // A registration prepares its candidate twice (on the cached store, then in its transaction): the
  // canonical text of a heavy one is kept, so the worker parses it once. A pure function of the key.
  const canonicals = new LruCache<string, { key: string; text: string }>(CANONICAL_CACHE_BYTES, (e) => (e.key.length + e.text.length) * 2 + 256)
  const offload = <J extends AnalysisJob>(job: J): Promise<AnalysisOutput<J>> => {
    pool ??= createWorkerPool({ start: startWorker, size: workers, timeoutMs: opts.timeoutMs })
    return pool.run<AnalysisOutput<J>>(job)
  }

  return {
    async run<J extends AnalysisJob>(job: J): Promise<AnalysisOutput<J>> {
      if (jobWeight(job) <= opts.offloadWeight) return inline(job)
      if (job.kind !== 'canonical') return offload(job)
      const key = `${job.normalize ? 1 : 0}\u0000${sourceKey(job.source, job.strict)}`
      const hit = canonicals.get(key)
      if (hit) return hit.text as AnalysisOutput<J>
      const text = (await offload(job)) as string
      canonicals.set(key, { key, text })
      return text as AnalysisOutput<J>
    },
    /** The worker threads' V8 heaps, as of their last jobs: memory the main thread's heap figures leave out. */
    workerHeapBytes: () => pool?.heapBytes() ?? 0,
    async close() {
      await pool?.close()
      pool = undefined
    },
  }
}

export type Analyzer = ReturnType<typeof createAnalyzer>
