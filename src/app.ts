import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { LoggerOptions } from 'pino'
import { DEFAULT_CONTEXT, normalizeContext } from './domain/subjects.js'
import { installBodyParser } from './http/body-parser.js'
import { detectDialect, hintsOf, responseMediaType, rewriteUrl, type Dialect } from './http/dialect.js'
import { installDocs } from './http/docs.js'
import { installErrorHandlers, sendError } from './http/error-handler.js'
import { registerRoutes } from './http/routes/index.js'
import type { Registry } from './services/registry.js'
import { RegistryError } from './errors/registry-error.js'

declare module 'fastify' {
  interface FastifyRequest {
    dialect: Dialect
    /** The context unqualified names resolve in (`/contexts/{ctx}/...` prefix, else `.`). */
    registryContext: string
    /** Whether a `/contexts/{ctx}/...` prefix named the context (listings then stay inside it). */
    contextPinned: boolean
  }
}

export interface AppOptions {
  registry: Registry
  dialect: Dialect
  bodyLimit: number
  logger: LoggerOptions | false
  version: string
  commitId: string
  openapiPath: string
}

/** Builds the HTTP app from ready dependencies; never reads the environment and never listens. */
export const buildApp = async (opts: AppOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: opts.logger,
    bodyLimit: opts.bodyLimit,
    rewriteUrl,
    // subject names are up to 1,024 characters, percent-encoded up to three times as long
    routerOptions: { maxParamLength: 8192, ignoreTrailingSlash: true },
    requestIdHeader: 'x-request-id',
    // 4xx for malformed URLs and the like, in our body, not Fastify's default one
    frameworkErrors: (error, request, reply) => {
      request.dialect ??= detectDialect(request.raw, opts.dialect)
      request.registryContext ??= DEFAULT_CONTEXT
      return sendError(request, reply, new RegistryError('BAD_PARAMETER', error.message))
    },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorateRequest('dialect', 'openschema')
  app.decorateRequest('registryContext', DEFAULT_CONTEXT)
  app.decorateRequest('contextPinned', false)
  app.addHook('onRequest', async (request) => {
    request.dialect = detectDialect(request.raw, opts.dialect)
    const ctx = hintsOf(request.raw).context
    request.registryContext = ctx ? normalizeContext(ctx) : DEFAULT_CONTEXT
    request.contextPinned = ctx !== undefined
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '')
    if (!reply.request.url.startsWith('/docs') && (type === '' || type.startsWith('application/json') || type.startsWith('text/plain'))) {
      reply.header('content-type', responseMediaType(request.dialect, request.headers.accept))
    }
    return payload
  })
  installBodyParser(app)
  installErrorHandlers(app)
  await installDocs(app, opts.openapiPath)
  await registerRoutes(app, { registry: opts.registry, version: opts.version, commitId: opts.commitId })
  app.addHook('onClose', async () => opts.registry.close())
  return app
}
