import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/** The read cache's lookups so far, per cache (the cached store's stats hook, handed in by composition.ts). */
export type CacheCounts = Record<'schemas' | 'mutable', { hits: number; misses: number; bytes: number }>

export interface MetricsSources {
  /** Schemas registered (live versions), asked at every scrape; a failure keeps the last value. */
  registeredCount(): Promise<number>
  cacheStats?: () => CacheCounts
  /** The analysis worker threads' V8 heaps: resident memory that Node's own heap metrics (main thread) leave out. */
  workerHeapBytes?: () => number
  /** What the edge's pre-rendered answers hold (rendered-bodies.ts). */
  renderedBytes?: () => number
}

/** What routes report besides the request itself: registrations of new versions and version deletes. */
export interface SchemaCounts {
  schemaCreated(schemaType: string): void
  schemaDeleted(schemaType: string): void
}

export interface HttpMetrics extends SchemaCounts {
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>
  contentType: string
  /** One histogram observation and one counter increment per response, ops routes excepted. */
  install(app: FastifyInstance): void
}

const UNMATCHED = 'unmatched'

let processMetrics: Registry | undefined

/**
 * Node's default metrics describe the process, not an app, and their collectors (a GC observer, an
 * event loop monitor) are never stopped: made once per process, in a registry of their own (not
 * prom-client's global one), and shown by every app's /metrics.
 */
const processRegistry = (): Registry => {
  if (!processMetrics) {
    processMetrics = new Registry()
    collectDefaultMetrics({ register: processMetrics })
  }
  return processMetrics
}

/**
 * The app's metrics (docs/EXTENSIONS.md §4) in a registry of its own, so that several apps in one
 * process never share or clash: Confluent's names where dashboards expect them, request durations by
 * route pattern (never the raw URL), the read cache's hits and misses; and Node's process metrics.
 */
export const createMetrics = (sources: MetricsSources): HttpMetrics => {
  const registry = new Registry()
  const registers = [registry]

  new Gauge({
    name: 'kafka_schema_registry_registered_count',
    help: 'Schemas registered: live versions in every context',
    registers,
    async collect() {
      try {
        this.set(await sources.registeredCount())
      } catch {
        // the database is down or slow: the last value stands, and readiness says why
      }
    },
  })
  new Gauge({ name: 'kafka_schema_registry_master_slave_role', help: 'Whether this instance accepts writes (always 1: every instance does)', registers }).set(1)
  new Gauge({ name: 'kafka_schema_registry_node_count', help: 'Registry instances this one knows of (itself)', registers }).set(1)
  const success = new Counter({ name: 'kafka_schema_registry_api_success_count', help: 'API requests answered with a status below 400', registers })
  const failure = new Counter({ name: 'kafka_schema_registry_api_failure_count', help: 'API requests answered with a status of 400 or more', registers })
  const created = new Counter({
    name: 'kafka_schema_registry_schemas_created',
    help: 'New versions registered, by schema type',
    labelNames: ['schema_type'],
    registers,
  })
  const deleted = new Counter({ name: 'kafka_schema_registry_schemas_deleted', help: 'Versions deleted, by schema type', labelNames: ['schema_type'], registers })
  const duration = new Histogram({
    name: 'schema_registry_http_request_duration_seconds',
    help: 'API request durations by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    registers,
  })

  const { cacheStats, renderedBytes } = sources
  if (cacheStats) {
    // Counters follow the cache's own counts at each scrape: the read path only bumps two integers.
    const cacheCounter = (name: string, help: string, pick: (c: CacheCounts[keyof CacheCounts]) => number) => {
      const reported = { schemas: 0, mutable: 0 }
      new Counter({
        name,
        help,
        labelNames: ['cache'],
        registers,
        collect() {
          const now = cacheStats()
          for (const cache of ['schemas', 'mutable'] as const) {
            const value = pick(now[cache])
            this.inc({ cache }, value - reported[cache])
            reported[cache] = value
          }
        },
      })
    }
    cacheCounter('schema_registry_cache_hits_total', 'Read cache lookups answered from memory, by cache (schemas by id, mutable data)', (c) => c.hits)
    cacheCounter('schema_registry_cache_misses_total', 'Read cache lookups that went to the database, by cache', (c) => c.misses)
    new Gauge({
      name: 'schema_registry_cache_bytes',
      help: 'Memory the read cache holds by its own estimate, by cache; each is bounded',
      labelNames: ['cache'],
      registers,
      collect() {
        const now = cacheStats()
        for (const cache of ['schemas', 'mutable'] as const) this.set({ cache }, now[cache].bytes)
        if (renderedBytes) this.set({ cache: 'rendered' }, renderedBytes())
      },
    })
  }

  const { workerHeapBytes } = sources
  if (workerHeapBytes) {
    new Gauge({
      name: 'schema_registry_worker_heap_bytes',
      help: "The analysis worker threads' V8 heaps as of their last jobs (0 before the first heavy job starts one)",
      registers,
      collect() {
        this.set(workerHeapBytes())
      },
    })
  }

  const exposed = Registry.merge([registry, processRegistry()])

  return {
    render: () => exposed.metrics(),
    contentType: exposed.contentType,
    schemaCreated: (schemaType) => created.inc({ schema_type: schemaType }),
    schemaDeleted: (schemaType) => deleted.inc({ schema_type: schemaType }),
    install(app) {
      app.addHook('onResponse', async (request, reply) => {
        if (request.routeOptions.config?.ops) return
        const status = reply.statusCode
        duration.observe({ method: request.method, route: request.routeOptions.url ?? UNMATCHED, status_code: status }, reply.elapsedTime / 1000)
        ;(status < 400 ? success : failure).inc()
      })
    },
  }
}
