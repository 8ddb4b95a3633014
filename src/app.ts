import Fastify, { LogController, type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { LoggerOptions } from 'pino'
import { DEFAULT_CONTEXT, normalizeContext } from './domain/subjects.js'
import type { Authenticator } from './auth/authenticator.js'
import { installAccess } from './http/access.js'
import { auditRoutes, installAudit } from './http/audit.js'
import { eventRoutes } from './http/events.js'
import type { EventStreamOptions } from './http/event-stream.js'
import { installBodyParser } from './http/body-parser.js'
import { installCors, type CorsOptions } from './http/cors.js'
import { createDialectResolution, hintsOf } from './http/dialect.js'
import { dialectConstraint } from './http/dialect-constraint.js'
import { DIALECTS, type DialectModule } from './http/dialects/index.js'
import { installDocs } from './http/docs.js'
import { installErrorHandlers, sendError } from './http/error-handler.js'
import { installRateLimit, type RateLimitOptions } from './http/rate-limit.js'
import { createMetrics, type CacheCounts } from './http/metrics.js'
import { createRenderedBodies } from './http/rendered-bodies.js'
import { registerRoutes } from './http/routes/index.js'
import { opsRoutes } from './http/routes/ops-routes.js'
import { uiRoutes } from './http/routes/ui-routes.js'
import type { Registry } from './services/registry.js'
import { RegistryError } from './errors/registry-error.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The dialect the request is answered in, resolved once (docs/API.md §1). */
    dialect: DialectModule
    /** The context unqualified names resolve in (`/contexts/{ctx}/...` prefix, else `.`). */
    registryContext: string
    /** Whether a `/contexts/{ctx}/...` prefix named the context (listings then stay inside it). */
    contextPinned: boolean
  }
  interface FastifyContextConfig {
    /** Health and metrics (docs/EXTENSIONS.md §4): not counted as API requests. */
    ops?: boolean
    /** A content type the route answers in instead of the dialect's (Prometheus text); others are rewritten as usual. */
    ownContentType?: string
  }
}

export interface AppOptions {
  registry: Registry
  /** The dialect of requests that name none. */
  dialect: DialectModule
  /** The dialects served, in the order their media types are tried; every known one by default. */
  dialects?: readonly DialectModule[]
  bodyLimit: number
  logger: LoggerOptions | false
  version: string
  commitId: string
  openapiPath: string
  /** Authentication and grants from AUTH_FILE; without it every request may do everything. */
  auth?: Authenticator
  /** Per-client token buckets (`RATE_LIMIT_RPS`, `RATE_LIMIT_BURST`); none when absent. */
  rateLimit?: RateLimitOptions
  /** Allowed browser origins (`CORS_ORIGINS`); no CORS headers at all when absent. */
  cors?: CorsOptions
  /** The read cache's hit and miss counts, for metrics; none reported when absent. */
  cacheStats?: () => CacheCounts
  /** The built web console (`ui/dist`), served at `/ui`; no console when absent. */
  uiDir?: string
  /** The change stream's keep-alive and slow-reader bounds (docs/EXTENSIONS.md §10); 15 s, 30 s and 30 s by default. */
  events?: Partial<EventStreamOptions>
}

/** Builds the HTTP app from ready dependencies; never reads the environment and never listens. */
export const buildApp = async (opts: AppOptions): Promise<FastifyInstance> => {
  const dialects = opts.dialects ?? DIALECTS
  const { rewriteUrl, resolve } = createDialectResolution(dialects, opts.dialect)
  const app = Fastify({
    logger: opts.logger,
    bodyLimit: opts.bodyLimit,
    rewriteUrl,
    // subject names are up to 1,024 characters, percent-encoded up to three times as long
    routerOptions: { maxParamLength: 8192, ignoreTrailingSlash: true, constraints: { dialect: dialectConstraint(resolve) } },
    requestIdHeader: 'x-request-id',
    // Fastify's two lines per request cost more than a cached read itself: one line per request, at
    // debug (below), and failures at error from the error handler
    logController: new LogController({ disableRequestLogging: true }),
    // 4xx for malformed URLs and the like, in our body, not Fastify's default one
    frameworkErrors: (error, request, reply) => {
      request.dialect ??= resolve(request.raw)
      request.registryContext ??= DEFAULT_CONTEXT
      return sendError(request, reply, new RegistryError('BAD_PARAMETER', { reason: error.message }))
    },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorateRequest('dialect', undefined as unknown as DialectModule)
  app.decorateRequest('registryContext', DEFAULT_CONTEXT)
  app.decorateRequest('contextPinned', false)
  // one line per request, only when the level shows it: no hook at all on the hot path otherwise
  if (opts.logger !== false && ['debug', 'trace'].includes(opts.logger.level ?? 'info')) {
    app.addHook('onResponse', async (request, reply) => request.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed'))
  }
  app.addHook('onRequest', async (request) => {
    request.dialect = resolve(request.raw)
    const ctx = hintsOf(request.raw).context
    request.registryContext = ctx ? normalizeContext(ctx) : DEFAULT_CONTEXT
    request.contextPinned = ctx !== undefined
  })
  // counted before the audit hook, which may wait on the database: a scrape right after an answer sees it
  const rendered = createRenderedBodies()
  const metrics = createMetrics({
    registeredCount: () => opts.registry.ops.registeredCount(),
    cacheStats: opts.cacheStats,
    workerHeapBytes: () => opts.registry.workerHeapBytes(),
    renderedBytes: rendered.bytes,
  })
  metrics.install(app)
  // refused requests (401, 403, 409) are recorded once answered; successful writes record themselves
  installAudit(app, opts.registry.audit)
  // after the dialect is known (a 429 is in the request's dialect); CORS first, so preflights are
  // never limited and a 429 carries the CORS headers a browser needs to read it
  if (opts.cors) await installCors(app, opts.cors)
  // who asks, before any route is added (each declares its access); then the limit per principal
  const access = installAccess(app, opts.registry, opts.auth)
  // a principal's requests share a bucket whatever their address; anonymous ones are counted per address
  if (opts.rateLimit)
    installRateLimit(app, { ...opts.rateLimit, keyOf: opts.rateLimit.keyOf ?? ((r) => (r.principal.method === 'anonymous' ? r.ip : `principal:${r.principal.name}`)) })
  // refusals are answered after the limit has counted them: bad credentials are limited per address
  access.answerRefusals()
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '')
    // a 204 (a deleted context, a CORS preflight) has no body, so no type
    if (reply.statusCode === 204) return payload
    if (
      !reply.request.url.startsWith('/docs') &&
      type !== request.routeOptions.config?.ownContentType &&
      (type === '' || type.startsWith('application/json') || type.startsWith('text/plain'))
    ) {
      reply.header('content-type', request.dialect.responseMediaType(request.headers.accept))
    }
    return payload
  })
  installBodyParser(app)
  installErrorHandlers(app)
  await installDocs(app, opts.openapiPath)
  // its own plugin: what authentication leaves open
  await app.register(opsRoutes, { ops: opts.registry.ops, metrics })
  await auditRoutes(app, { audit: opts.registry.audit })
  if (opts.uiDir) await uiRoutes(app, { uiDir: opts.uiDir })
  await eventRoutes(app, { events: opts.registry.events, options: opts.events })
  await registerRoutes(app, { ...opts.registry, version: opts.version, commitId: opts.commitId, counts: metrics, rendered }, dialects)
  app.addHook('onClose', async () => opts.registry.close())
  return app
}
