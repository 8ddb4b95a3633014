import type { FastifyInstance } from 'fastify'
import { RegistryError } from '../errors/registry-error.js'

// docs/API.md §1: bodies are JSON for these types and for a request without a content type.
const JSON_TYPES = [
  'application/json',
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/vnd.openschema.v1+json',
  'application/octet-stream',
]

const acceptsAsJson = (contentType: string | undefined): boolean => {
  if (!contentType) return true
  const base = contentType.split(';')[0]!.trim().toLowerCase()
  return base === '' || JSON_TYPES.includes(base) || base.endsWith('+json')
}

/** One parser for every body: JSON or a catalogue error (415, 400), never the framework's default. */
export const installBodyParser = (app: FastifyInstance) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (!acceptsAsJson(request.headers['content-type'])) {
      done(new RegistryError('UNSUPPORTED_MEDIA_TYPE', { reason: `Unsupported media type ${request.headers['content-type']}` }), undefined)
      return
    }
    const text = String(body)
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    try {
      done(null, JSON.parse(text))
    } catch (e) {
      done(new RegistryError('MALFORMED_JSON', { reason: `Unexpected character in JSON body: ${(e as Error).message}` }), undefined)
    }
  })
}
