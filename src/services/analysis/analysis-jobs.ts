import type { CompatibilityLevel, CompatibilityPolicy } from '../../domain/levels.js'
import { LruCache } from '../../domain/lru-cache.js'
import type { ResolvedReference, SchemaType } from '../../domain/schema-types.js'
import type { ParsedSchema } from '../../formats/format-plugin.js'
import type { Formats } from '../../formats/formats.js'
import type { ReservedFields } from '../compatibility-reserved.js'
import { createCompatibilityService, type CompatibilityResult } from '../compatibility-service.js'

/** A schema with everything needed to parse it: plain data, so it can cross to a worker thread. */
export interface SchemaSource {
  schemaType: SchemaType
  schema: string
  references: ResolvedReference[]
}

/** The CPU-heavy work of the registry, as plain data in and out. */
export type AnalysisJob =
  | { kind: 'canonical'; source: SchemaSource; strict: boolean; normalize: boolean }
  | {
      kind: 'check'
      /** Parsed strictly: the schema being registered or tested. */
      candidate: SchemaSource
      /** Live versions, oldest first, parsed leniently. */
      previous: (SchemaSource & { version: number })[]
      level: CompatibilityLevel
      policy: CompatibilityPolicy
      validateFields?: boolean
      /** With `validateFields`: reserved names to check, under every level. */
      reserved?: ReservedFields
    }
  | { kind: 'render'; source: SchemaSource; format: string }

export type AnalysisOutput<J extends AnalysisJob> = J extends { kind: 'check' } ? CompatibilityResult : J extends { kind: 'render' } ? string | undefined : string

/** How much work a job is, roughly: the text it parses. */
export const jobWeight = (job: AnalysisJob): number => {
  const size = (s: SchemaSource): number => s.schema.length + s.references.reduce((n, r) => n + size(r), 0)
  if (job.kind === 'check') return size(job.candidate) * (job.previous.length + 1) + job.previous.reduce((n, p) => n + size(p), 0)
  return size(job.source)
}

// The text itself is the key: a Map hashes a string once per lookup, far cheaper than a digest of it
export const sourceKey = (s: SchemaSource, strict: boolean): string =>
  `${s.schemaType}\u0000${strict ? 1 : 0}\u0000${s.references.length === 0 ? '' : JSON.stringify(s.references)}\u0000${s.schema}`

/**
 * What a parsed schema holds in memory, roughly: measured at about ten times its text for Avro
 * records (bench/profile/parsed-heap.ts), plus the key, which is the text again.
 */
const parsedWeight = (key: string): number => key.length * 11 + 1024

/** 64 MiB of parsed schemas: a BACKWARD_TRANSITIVE check against ~3,000 versions of 2 KB stays in it. */
export const PARSED_CACHE_BYTES = 64 * 1024 * 1024

/**
 * Runs jobs synchronously over the format plugins. The same code runs in-process for small jobs and
 * in worker threads for large ones. Parsed schemas are cached by content, bounded by their estimated
 * size: a count bound thrashed as soon as a subject's history was longer than the count (every
 * transitive check parsed every version again, in LRU order).
 */
export const createJobRunner = (formats: Formats, cacheBytes = PARSED_CACHE_BYTES) => {
  const parsed = new LruCache<string, { key: string; value: ParsedSchema }>(cacheBytes, (e) => parsedWeight(e.key))
  const compatibility = createCompatibilityService({ formats })

  const parse = (s: SchemaSource, strict: boolean): ParsedSchema => {
    const key = sourceKey(s, strict)
    const hit = parsed.get(key)
    if (hit) return hit.value
    const value = formats.get(s.schemaType).parse(s.schema, s.references, { strict })
    parsed.set(key, { key, value })
    return value
  }

  return <J extends AnalysisJob>(job: J): AnalysisOutput<J> => {
    switch (job.kind) {
      case 'canonical':
        return formats.get(job.source.schemaType).canonical(parse(job.source, job.strict), { normalize: job.normalize }) as AnalysisOutput<J>
      case 'render':
        return formats.get(job.source.schemaType).render(parse(job.source, false), job.format) as AnalysisOutput<J>
      case 'check':
        return compatibility.check({
          candidate: parse(job.candidate, true),
          previous: job.previous.map((p) => ({ version: p.version, schemaType: p.schemaType, schema: p.schema, parsed: parse(p, false) })),
          level: job.level,
          policy: job.policy,
          validateFields: job.validateFields,
          reserved: job.reserved,
        }) as AnalysisOutput<J>
    }
  }
}
