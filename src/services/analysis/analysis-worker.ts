import { getHeapStatistics } from 'node:v8'
import { parentPort } from 'node:worker_threads'
import { isRegistryError } from '../../errors/registry-error.js'
import { createFormats } from '../../formats/formats.js'
import { createJobRunner, type AnalysisJob } from './analysis-jobs.js'

// A worker thread of the analysis pool: runs large jobs so that the event loop keeps serving reads.
const run = createJobRunner(createFormats())

parentPort!.postMessage({ ready: true })
// every reply carries the thread's heap size (a few microseconds to read): its own V8 heap is part of
// the process's memory that the main thread's figures do not show (metrics: schema_registry_worker_heap_bytes)
const heapBytes = () => getHeapStatistics().total_heap_size
parentPort!.on('message', ({ id, job }: { id: number; job: AnalysisJob }) => {
  try {
    parentPort!.postMessage({ id, ok: true, value: run(job), heapBytes: heapBytes() })
  } catch (e) {
    // details are plain data, so they cross the thread boundary as they are
    const error = isRegistryError(e) ? { kind: e.kind, details: e.details } : { kind: 'INTERNAL', details: { reason: String((e as Error)?.message ?? e) } }
    parentPort!.postMessage({ id, ok: false, error, heapBytes: heapBytes() })
  }
})
