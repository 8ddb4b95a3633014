import { z } from 'zod'
import { COMPATIBILITY_LEVELS } from './domain/levels.js'

const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v)
const lower = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v)
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v)

/** `*`, or a comma-separated list of origins (`https://ui.example.com,http://localhost:3000`). */
const parseOrigins = (value: string, ctx: z.RefinementCtx): string[] => {
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
  if (origins.length === 0) ctx.addIssue({ code: 'custom', message: 'expected `*` or a comma-separated list of origins' })
  for (const origin of origins) {
    if (origin === '*') continue
    // an origin is scheme, host and port: what a browser sends in Origin, without a path or a trailing slash
    let normalized: string | undefined
    try {
      normalized = new URL(origin).origin
    } catch {
      normalized = undefined
    }
    if (normalized !== origin) ctx.addIssue({ code: 'custom', message: `'${origin}' is not an origin like https://ui.example.com (scheme, host, optional port; no path)` })
  }
  return origins
}

/** Every environment variable the server reads; the README's configuration table lists the same. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  // checked against the dialects the server has when the app is composed (an unknown name stops start-up)
  API_DIALECT: z.preprocess(lower, z.string().min(1)).default('openschema'),
  DEFAULT_COMPATIBILITY: z.preprocess(upper, z.enum(COMPATIBILITY_LEVELS)).default('BACKWARD'),
  LOG_LEVEL: z.preprocess(lower, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SCHEMA_CACHE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(64 * 1024 * 1024),
  MUTABLE_CACHE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(48 * 1024 * 1024),
  // an 80 KB Avro schema takes ~10 ms to parse and canonicalize: inline, that shows in every read's p99
  WORKER_THRESHOLD_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(32 * 1024),
  ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  COMMIT_ID: z.string().default('unknown'),
  // the versioned file store (docs/EXTENSIONS.md §1): fs under DATA_DIR/files, a GCS bucket, or none
  BLOB_STORE: z.preprocess(lower, z.enum(['fs', 'gcs', 'none'])).default('fs'),
  GCS_BUCKET: z.preprocess(emptyAsUndefined, z.string().optional()),
  GCS_PREFIX: z.string().default(''),
  // authentication and grants (docs/EXTENSIONS.md §3); without it every request may do everything
  AUTH_FILE: z.preprocess(emptyAsUndefined, z.string().optional()),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  // request rate limits per client (src/http/rate-limit.ts): off when RATE_LIMIT_RPS is unset;
  // RATE_LIMIT_BURST defaults to RATE_LIMIT_RPS rounded up
  RATE_LIMIT_RPS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(1_000_000).optional()),
  RATE_LIMIT_BURST: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1_000_000).optional()),
  // browser origins allowed by CORS: a comma-separated list of origins, or `*`; off when unset
  CORS_ORIGINS: z.preprocess(emptyAsUndefined, z.string().transform(parseOrigins).optional()),
})

export type Config = Readonly<z.infer<typeof envSchema>>

/** Parses the environment once; a bad value stops start-up with a message naming the variable. */
export const loadConfig = (env: NodeJS.ProcessEnv): Config => {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${problems}`)
  }
  if (parsed.data.BLOB_STORE === 'gcs' && !parsed.data.GCS_BUCKET) throw new Error('Invalid configuration: GCS_BUCKET: required when BLOB_STORE=gcs')
  if (parsed.data.RATE_LIMIT_BURST !== undefined && parsed.data.RATE_LIMIT_RPS === undefined) {
    throw new Error('Invalid configuration: RATE_LIMIT_BURST: set RATE_LIMIT_RPS as well (the limit is off without it)')
  }
  return Object.freeze(parsed.data)
}
