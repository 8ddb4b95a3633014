import type { Worker } from 'node:worker_threads'
import { RegistryError, type ErrorDetails, type ErrorKind } from '../../errors/registry-error.js'

interface Pending {
  id: number
  job: unknown
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
}

interface Slot {
  worker: Worker
  /** Set by the worker's first message: a job's time counts from then, not from thread start-up. */
  ready: boolean
  /** The thread's V8 heap as its last reply gave it. */
  heapBytes: number
  current?: Pending & { timer: NodeJS.Timeout }
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; value: unknown; heapBytes: number }
  | { id: number; ok: false; error: { kind: ErrorKind; details: ErrorDetails<ErrorKind> }; heapBytes: number }

/**
 * A fixed set of worker threads running one job each at a time. A job over `timeoutMs` is ended by
 * terminating its worker (TIMEOUT); a crashed worker fails its job (INTERNAL) and is replaced.
 */
export const createWorkerPool = (opts: { start: () => Worker; size: number; timeoutMs: number }) => {
  const queue: Pending[] = []
  const slots: Slot[] = []
  let nextId = 1
  let closed = false

  const spawn = (): Slot => {
    const slot: Slot = { worker: opts.start(), ready: false, heapBytes: 0 }
    slot.worker.unref()
    slot.worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        slot.ready = true
        pump()
        return
      }
      slot.heapBytes = reply.heapBytes
      const job = slot.current
      if (!job || job.id !== reply.id) return
      finish(slot)
      if (reply.ok) job.resolve(reply.value)
      else job.reject(new RegistryError(reply.error.kind, reply.error.details))
    })
    slot.worker.on('error', (err) => fail(slot, new RegistryError('INTERNAL', { reason: 'Analysis worker failed' }, { cause: err })))
    slot.worker.on('exit', () => fail(slot, new RegistryError('INTERNAL', { reason: 'Analysis worker exited' })))
    return slot
  }

  const finish = (slot: Slot) => {
    if (slot.current) clearTimeout(slot.current.timer)
    slot.current = undefined
    pump()
  }

  const fail = (slot: Slot, error: RegistryError) => {
    const job = slot.current
    const index = slots.indexOf(slot)
    if (index < 0) return // an error and then the exit of the same thread: handled once
    slots.splice(index, 1)
    if (job) {
      clearTimeout(job.timer)
      job.reject(error)
    }
    slot.current = undefined
    // A thread that failed before it was ready (its file missing, its modules broken) would fail
    // again: the waiting jobs fail now instead of waiting while thread after thread is started, and
    // the next job tries again.
    if (!slot.ready) {
      for (const p of queue.splice(0)) p.reject(new RegistryError('INTERNAL', { reason: 'Analysis worker could not start' }, { cause: error }))
      return
    }
    pump()
  }

  const pump = () => {
    if (closed) return
    while (queue.length > 0) {
      const slot = slots.find((s) => s.ready && !s.current)
      if (!slot) {
        if (slots.length < opts.size) slots.push(spawn())
        return
      }
      const job = queue.shift()!
      const timer = setTimeout(() => {
        void slot.worker.terminate()
        fail(slot, new RegistryError('TIMEOUT', { reason: `The schema analysis took longer than ${opts.timeoutMs} ms` }))
      }, opts.timeoutMs)
      slot.current = { ...job, timer }
      slot.worker.postMessage({ id: job.id, job: job.job })
    }
  }

  return {
    run<T>(job: unknown): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ id: nextId++, job, resolve: resolve as (v: unknown) => void, reject })
        pump()
      })
    },
    /** The threads' heaps as of their last jobs (a thread not started yet holds none). */
    heapBytes: () => slots.reduce((n, s) => n + s.heapBytes, 0),
    async close() {
      closed = true
      for (const p of queue.splice(0)) p.reject(new RegistryError('INTERNAL', { reason: 'Analysis pool closed' }))
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()))
    },
  }
}
