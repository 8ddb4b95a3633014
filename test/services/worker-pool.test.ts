import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { createWorkerPool } from '../../src/services/analysis/worker-pool.js'

// A worker that cannot start (its file missing from a broken build) must fail the jobs waiting for
// it at once, not leave them queued while the pool starts thread after thread.
describe('worker pool', () => {
  it('fails the waiting jobs when a worker cannot start, and tries again on the next job', async () => {
    let started = 0
    const pool = createWorkerPool({
      start: () => (started++, new Worker(new URL('file:///nonexistent/analysis-worker.js'))),
      size: 2,
      timeoutMs: 60_000,
    })
    try {
      const t0 = Date.now()
      const jobs = [pool.run({}), pool.run({})]
      for (const job of jobs) await expect(job).rejects.toMatchObject({ kind: 'INTERNAL', details: { reason: 'Analysis worker could not start' } })
      expect(Date.now() - t0).toBeLessThan(10_000)
      // one thread per waiting job at most (size 2), and none started in a loop afterwards
      const afterFailing = started
      expect(afterFailing).toBeLessThanOrEqual(2)
      await new Promise((r) => setTimeout(r, 300))
      expect(started).toBe(afterFailing)
      await expect(pool.run({})).rejects.toMatchObject({ kind: 'INTERNAL' })
      expect(started).toBe(afterFailing + 1)
    } finally {
      await pool.close()
    }
  })
})
