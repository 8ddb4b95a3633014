import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import type { LoggerOptions } from 'pino'
import { parseAuthFile } from './auth/auth-file.js'
import { createAuthenticator, type Authenticator } from './auth/authenticator.js'
import type { Config } from './config.js'
import type { CompatibilityLevel } from './domain/levels.js'
import { NO_BLOBS, type BlobStore } from './blobs/blob-store.js'
import { createFsBlobStore } from './blobs/fs/fs-blob-store.js'
import { createGcsBlobStore } from './blobs/gcs/gcs-blob-store.js'
import type { CorsOptions } from './http/cors.js'
import type { EventStreamOptions } from './http/event-stream.js'
import type { DialectModule } from './http/dialects/index.js'
import type { RateLimitOptions } from './http/rate-limit.js'
import type { AnalyzerOptions } from './services/analysis/analyzer.js'
import { createCachedStore } from './storage/cached-store.js'
import type { RegistryStore } from './storage/registry-store.js'
import { createEmbeddedEngine, createPostgresEngine, type Engine } from './storage/sql/engines.js'
import { migrate } from './storage/sql/migrate.js'
import { createSqlStore } from './storage/sql/sql-store.js'

// src/ and dist/ both sit one level below the project root, beside db/ and openapi.yaml.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const MIGRATIONS_DIR = path.join(ROOT, 'db', 'migrations')
export const OPENAPI_PATH = path.join(ROOT, 'openapi.yaml')
/** What `npm run build:ui` writes (the `prepare` script runs it on `npm ci`), served at `/ui`. */
export const UI_DIR = path.join(ROOT, 'ui', 'dist')

export interface StoreOptions {
  /** postgres://... selects PostgreSQL; otherwise the embedded PGlite store. */
  databaseUrl?: string
  /** Where PGlite persists; undefined keeps it in memory. */
  dataDir?: string
  poolSize?: number
}

/** The one place that picks the storage implementation; migrations run before the store is used. */
export const openStore = async (opts: StoreOptions): Promise<RegistryStore> => {
  const engine: Engine = opts.databaseUrl ? createPostgresEngine(opts.databaseUrl, opts.poolSize) : await createEmbeddedEngine(opts.dataDir)
  try {
    await migrate(engine.db, MIGRATIONS_DIR)
  } catch (e) {
    await engine.db.destroy()
    throw e
  }
  return createSqlStore(engine)
}

export interface ServerParts {
  app: FastifyInstance
  store: RegistryStore
}

/** The server's version is the package's: one number to bump. */
const packageVersion = (): string => (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version

/**
 * The server's modules above the store (Fastify, the routes, the services, the format libraries: most
 * of the module graph), imported on first use rather than with this file, so that a start-up can load
 * them while the store opens (composeFromConfig). Loaded once per process.
 */
const importServerModules = async () => {
  const [app, registry, formats, dialects] = await Promise.all([
    import('./app.js'),
    import('./services/registry.js'),
    import('./formats/formats.js'),
    import('./http/dialects/index.js'),
  ])
  return { buildApp: app.buildApp, createRegistry: registry.createRegistry, createFormats: formats.createFormats, dialectNamed: dialects.dialectNamed }
}
let serverModules: ReturnType<typeof importServerModules> | undefined
const loadServerModules = () => (serverModules ??= importServerModules())

/** Store, services and app from options; used by main.ts and by the tests alike. */
export const composeServer = async (opts: {
  store: RegistryStore
  /** The name of the dialect of requests that name none (`API_DIALECT`). */
  dialect?: string
  /** The versioned file store; none unless given (docs/EXTENSIONS.md §1). */
  blobs?: BlobStore
  /** The dialects served; every one the server has unless a test adds or removes some. */
  dialects?: readonly DialectModule[]
  defaultCompatibility?: CompatibilityLevel
  bodyLimit?: number
  schemaCacheBytes?: number
  /** Memory for mutable data (versions, registrations, configs, modes...) in the read cache; 48 MiB unless given. */
  mutableCacheBytes?: number
  logger?: LoggerOptions | false
  analysis?: AnalyzerOptions
  commitId?: string
  /** From AUTH_FILE; none means no authentication (docs/EXTENSIONS.md §3). */
  auth?: Authenticator
  /** Request rate limits; none unless given. */
  rateLimit?: RateLimitOptions
  /** CORS for browser origins; none unless given. */
  cors?: CorsOptions
  /** The built web console served at /ui; `ui/dist` unless given. */
  uiDir?: string
  /** The change stream's timings (tests shorten them); the defaults otherwise. */
  events?: Partial<EventStreamOptions>
}): Promise<ServerParts> => {
  const { buildApp, createRegistry, createFormats, dialectNamed } = await loadServerModules()
  // The read path is served from memory; the cache follows this and other instances' writes.
  const store = createCachedStore(opts.store, {
    schemaBytes: opts.schemaCacheBytes ?? 64 * 1024 * 1024,
    mutableBytes: opts.mutableCacheBytes ?? 48 * 1024 * 1024,
    maxAgeMs: 30_000,
  })
  const registry = createRegistry({
    store,
    formats: createFormats(),
    defaultCompatibility: opts.defaultCompatibility ?? 'BACKWARD',
    analysis: opts.analysis,
    blobs: opts.blobs,
  })
  const app = await buildApp({
    registry,
    dialect: dialectNamed(opts.dialect ?? 'openschema', opts.dialects),
    dialects: opts.dialects,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    logger: opts.logger ?? false,
    version: packageVersion(),
    commitId: opts.commitId ?? 'unknown',
    openapiPath: OPENAPI_PATH,
    uiDir: opts.uiDir ?? UI_DIR,
    auth: opts.auth,
    rateLimit: opts.rateLimit,
    cors: opts.cors,
    events: opts.events,
    cacheStats: () => store.cacheStats(),
  })
  for (const warning of opts.auth?.warnings ?? []) app.log.warn(warning)
  return { app, store: opts.store }
}

/** Reads and checks AUTH_FILE; a missing or bad file stops start-up with a message saying what is wrong. */
export const loadAuthFile = (file: string): Authenticator => {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new Error(`AUTH_FILE ${file} cannot be read: ${(e as Error).message}`)
  }
  return createAuthenticator(parseAuthFile(text, `AUTH_FILE ${file}`))
}

/**
 * The server's log: a request is its method, URL and client address, never its headers or body, so
 * no Authorization or X-Subject-Token value and no schema text reaches the log; should a header ever be
 * logged, the credential ones are redacted.
 */
export const safeLogger = (level: string): LoggerOptions => ({
  level,
  serializers: {
    req: (req: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }) => ({
      method: req.method,
      url: req.url,
      remoteAddress: req.ip ?? req.socket?.remoteAddress,
    }),
    res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  },
  redact: { paths: ['req.headers.authorization', 'req.headers["x-subject-token"]', 'headers.authorization', 'headers["x-subject-token"]'], censor: '[redacted]' },
})

export const composeFromConfig = async (config: Config): Promise<ServerParts> => {
  // checked before anything opens: a bad file must stop the server, not leave it half started
  const auth = config.AUTH_FILE === undefined ? undefined : loadAuthFile(config.AUTH_FILE)
  // The rest of the server's modules load while the store opens: PGlite compiles its WebAssembly off
  // the main thread and reads its files, PostgreSQL answers over the network, and the loader fills the
  // waits (bench/README.md, start-up). A failed import is reported by composeServer, not as unhandled.
  void loadServerModules().catch(() => undefined)
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE })
  return composeServer({
    auth,
    store,
    dialect: config.API_DIALECT,
    defaultCompatibility: config.DEFAULT_COMPATIBILITY,
    bodyLimit: config.MAX_BODY_BYTES,
    schemaCacheBytes: config.SCHEMA_CACHE_BYTES,
    mutableCacheBytes: config.MUTABLE_CACHE_BYTES,
    logger: safeLogger(config.LOG_LEVEL),
    analysis: { offloadWeight: config.WORKER_THRESHOLD_BYTES, timeoutMs: config.ANALYSIS_TIMEOUT_MS },
    commitId: config.COMMIT_ID,
    blobs: await openBlobStore(config),
    rateLimit: config.RATE_LIMIT_RPS === undefined ? undefined : { rps: config.RATE_LIMIT_RPS, burst: config.RATE_LIMIT_BURST },
    cors: config.CORS_ORIGINS === undefined ? undefined : { origins: config.CORS_ORIGINS },
  })
}

/**
 * The one place that picks the versioned file store (docs/EXTENSIONS.md §1): a folder under DATA_DIR,
 * a GCS bucket (the client finds credentials the usual Google way and honours STORAGE_EMULATOR_HOST),
 * or none.
 */
export const openBlobStore = async (config: Pick<Config, 'BLOB_STORE' | 'DATA_DIR' | 'GCS_BUCKET' | 'GCS_PREFIX'>): Promise<BlobStore> => {
  if (config.BLOB_STORE === 'none') return NO_BLOBS
  if (config.BLOB_STORE === 'fs') return createFsBlobStore(path.resolve(config.DATA_DIR, 'files'))
  // loaded only when used: the client is large and most deployments start without it
  const { Storage } = await import('@google-cloud/storage')
  const bucketName = config.GCS_BUCKET!
  // a prefix names a folder: `registry` and `registry/` both put keys under `registry/`
  const prefix = config.GCS_PREFIX === '' || config.GCS_PREFIX.endsWith('/') ? config.GCS_PREFIX : `${config.GCS_PREFIX}/`
  // Writes happen inside a registration's transaction, under the subject's lock: a bucket that is down
  // should fail the request in seconds (500 / 50001, retried by the client), not after the library's
  // default of ten minutes of retries
  const storage = new Storage({ retryOptions: { maxRetries: 2, maxRetryDelay: 2, totalTimeout: 10 } })
  return createGcsBlobStore({ bucket: storage.bucket(bucketName), bucketName, prefix })
}
