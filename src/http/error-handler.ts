import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isRegistryError, RegistryError, type ErrorKind } from '../errors/registry-error.js'

// Fastify's own errors for bad input, as catalogue kinds.
const FRAMEWORK_KINDS: Record<string, ErrorKind> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MISSING_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_BAD_URL: 'BAD_PARAMETER',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_PARAMETER',
}

/** Any thrown value as a catalogue error; what is not ours is an internal error (logged, not shown). */
export const toRegistryError = (error: unknown): RegistryError => {
  if (isRegistryError(error)) return error
  const e = error as FastifyError & { validationContext?: string }
  if (e?.code && FRAMEWORK_KINDS[e.code]) return new RegistryError(FRAMEWORK_KINDS[e.code]!, { reason: e.message } as never)
  if (e?.validation) {
    // zod rejected a param or query (wrong type: 404/404) or a body field (422/422)
    return e.validationContext === 'body'
      ? new RegistryError('INVALID_BODY', { reason: `Invalid request body: ${e.message}` })
      : new RegistryError('BAD_PARAMETER', { reason: `Invalid ${e.validationContext ?? 'parameter'}: ${e.message}` })
  }
  if (e?.statusCode === 400 && typeof e.code === 'string' && e.code.startsWith('FST_')) {
    return new RegistryError('MALFORMED_JSON', { reason: e.message })
  }
  return new RegistryError('INTERNAL', { reason: 'Internal Server Error' }, { cause: error })
}

/** The one edge where kinds become status, code and body for the request's dialect. */
export const sendError = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
  const re = toRegistryError(error)
  const dialect = request.dialect
  const [status, code] = dialect.errorCodes[re.kind]
  if (status >= 500) request.log.error({ err: re.cause ?? re, kind: re.kind }, 'request failed')
  else request.log.info({ kind: re.kind, code }, re.message)
  // whole seconds until a token is available, so a client knows when to retry (the Retry-After header of RFC 9110)
  if (re.kind === 'RATE_LIMITED') reply.header('retry-after', String((re as RegistryError<'RATE_LIMITED'>).details.retryAfterSeconds))
  // 5xx bodies never carry driver messages or stacks
  const message = re.kind === 'INTERNAL' ? 'Internal Server Error' : dialect.errorMessage(re)
  // a refusal's audit event says why (docs/EXTENSIONS.md §3.4): the catalogue's summary, never a
  // dialect's details (an incompatibility's details may quote schema text)
  if (status === 401 || status === 403 || status === 409) request.refusal = re.message
  return reply.status(status).send(dialect.errorBody(code, message))
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const

export const installErrorHandlers = (app: FastifyInstance) => {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error))
  // A path that exists under another method is 405, anything else 404.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    const constraints = { dialect: request.dialect.name }
    const allowed = METHODS.filter((m) => m !== request.method && app.findRoute({ method: m, url: path, constraints }))
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '))
      return sendError(request, reply, new RegistryError('METHOD_NOT_ALLOWED', { reason: `HTTP 405 Method Not Allowed: ${request.method} ${path}` }))
    }
    return sendError(request, reply, new RegistryError('ROUTE_NOT_FOUND', { reason: `HTTP 404 Not Found: ${request.method} ${request.url}` }))
  })
}
