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

/** The base media type of a request, lower case; empty when none was sent. */
const baseType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase()

/** A validate route's body as read (docs/EXTENSIONS.md §5): JSON text, NDJSON text, or the payload's bytes. */
export type RawPayloadBody = { type: 'json'; text: string } | { type: 'ndjson'; text: string } | { type: 'binary'; bytes: Uint8Array }

/** What a validate route makes of a request without a body: an empty payload of its content type. */
export const emptyPayloadBody = (contentType: string | undefined): RawPayloadBody => payloadBodyOf(contentType, Buffer.alloc(0))

const payloadBodyOf = (contentType: string | undefined, bytes: Buffer): RawPayloadBody => {
  const base = baseType(contentType)
  if (base === 'application/octet-stream') return { type: 'binary', bytes }
  if (base === 'application/x-ndjson') return { type: 'ndjson', text: bytes.toString('utf8') }
  if (acceptsAsJson(contentType)) return { type: 'json', text: bytes.toString('utf8') }
  throw new RegistryError('UNSUPPORTED_MEDIA_TYPE', { reason: `Unsupported media type ${contentType}` })
}

/**
 * The validate routes' parser, installed in their own plugin: `application/octet-stream` is the
 * payload's bytes and `application/x-ndjson` text, not a JSON body; JSON types stay text, for the
 * service to read as a payload (a payload that is no JSON is 422 there, not 400).
 */
export const installPayloadBodyParser = (app: FastifyInstance) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, payloadBodyOf(request.headers['content-type'], body as Buffer))
    } catch (e) {
      done(e as Error, undefined)
    }
  })
}
