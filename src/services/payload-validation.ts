import { LruCache } from '../domain/lru-cache.js'
import type { SubjectRef } from '../domain/subjects.js'
import { MAX_INT32, type VersionSpec } from '../domain/versions.js'
import { invalidSchema } from '../errors/registry-error.js'
import type { FormatPlugin, ParsedSchema, Payload, PayloadError, PayloadValidator } from '../formats/format-plugin.js'
import type { Formats } from '../formats/formats.js'
import type { RegistryStore } from '../storage/registry-store.js'
import type { ContentService } from './content-service.js'
import type { Policy } from './policy.js'
import { schemaNotFound } from './schema-reads.js'
import type { SubjectReads } from './subject-reads.js'

/** A request body as the edge read it, before anything is made of it (docs/EXTENSIONS.md §5). */
export type PayloadBody = { type: 'json'; text: string } | { type: 'ndjson'; text: string } | { type: 'binary'; bytes: Uint8Array }

/** The answer for one payload. */
export interface PayloadCheck {
  valid: boolean
  errors?: PayloadError[]
}

export type { PayloadError }

/** Compiled validators and parsed schemas kept per (context, id[, message]). */
const CACHE_ENTRIES = 1000
/** Confluent's wire format: magic byte 0, then the schema id as 4 bytes big-endian. */
const WIRE_HEADER_BYTES = 5

const answer = (errors: PayloadError[]): PayloadCheck => (errors.length === 0 ? { valid: true } : { valid: false, errors })

const parseJson = (text: string): { value: unknown } | { error: string } => {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * The payloads of a body: one JSON value, one binary payload, or one JSON value per NDJSON line.
 * A JSON body that is no JSON cannot be read (INVALID_SCHEMA); an NDJSON line that is no JSON is
 * that line's answer, so one bad line does not cost the batch.
 */
const payloadsOf = (body: PayloadBody): (Payload | PayloadError)[] => {
  if (body.type === 'binary') return [{ encoding: 'binary', bytes: body.bytes }]
  if (body.type === 'json') {
    const parsed = parseJson(body.text)
    if ('error' in parsed) throw invalidSchema(`Invalid request: the body is not JSON (${parsed.error})`)
    return [{ encoding: 'json', value: parsed.value }]
  }
  return body.text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = parseJson(line)
      return 'error' in parsed ? { path: '', message: `is not JSON: ${parsed.error}` } : { encoding: 'json', value: parsed.value }
    })
}

const isPayload = (p: Payload | PayloadError): p is Payload => 'encoding' in p

/**
 * Payload validation: a payload checked against a registered schema by the schema's format plugin,
 * which compiles it with its own library. Compiled validators are cached, bounded.
 */
export const createPayloadValidation = ({
  store,
  formats,
  content,
  subjects,
  cacheEntries = CACHE_ENTRIES,
}: {
  store: RegistryStore
  formats: Formats
  content: ContentService
  subjects: SubjectReads
  /** How many parsed schemas, and how many compiled validators, are kept. */
  cacheEntries?: number
}) => {
  const schemas = new LruCache<string, { plugin: FormatPlugin; parsed: ParsedSchema }>(cacheEntries)
  const validators = new LruCache<string, PayloadValidator>(cacheEntries)

  /** The stored schema parsed with its references; the content hash in the key keeps a re-imported id from reusing old content. */
  const schemaOf = async (context: string, id: number) => {
    const row = await store.schemaById(context, id)
    if (!row) throw schemaNotFound(id)
    const key = `${context}\u0000${id}\u0000${row.contentHash}`
    let hit = schemas.get(key)
    if (!hit) {
      const source = await content.sourceOf(store, row)
      const plugin = formats.get(row.schemaType)
      hit = { plugin, parsed: plugin.parse(source.schema, source.references, { strict: false }) }
      schemas.set(key, hit)
    }
    return { key, ...hit }
  }

  const validatorOf = async (context: string, id: number, message: string | undefined): Promise<PayloadValidator> => {
    const { key, plugin, parsed } = await schemaOf(context, id)
    const full = `${key}\u0000${message ?? ''}`
    let hit = validators.get(full)
    if (!hit) {
      hit = plugin.compileValidator(parsed, message === undefined ? {} : { message })
      validators.set(full, hit)
    }
    return hit
  }

  const check = (validator: PayloadValidator, body: PayloadBody): PayloadCheck[] => payloadsOf(body).map((p) => (isPayload(p) ? answer(validator.validate(p)) : answer([p])))

  return {
    /** Payloads against the schema with this id in a context. */
    async byId(context: string, id: number, message: string | undefined, body: PayloadBody): Promise<PayloadCheck[]> {
      return check(await validatorOf(context, id, message), body)
    },

    /** Payloads against a subject's version (`latest` included), as the version reads resolve it. */
    async byVersion(ref: SubjectRef, spec: VersionSpec, policy: Policy, message: string | undefined, body: PayloadBody): Promise<PayloadCheck[]> {
      const version = await subjects.version(ref, spec, false, policy)
      return check(await validatorOf(version.context, version.id, message), body)
    },

    /**
     * A record value in Confluent's wire format: magic byte 0, the schema id, (Protobuf) the message
     * indexes, the payload. With `subject`, an id not registered under it is not found.
     */
    async wireMessage(context: string, subject: string | undefined, bytes: Uint8Array): Promise<PayloadCheck> {
      if (bytes.length < WIRE_HEADER_BYTES || bytes[0] !== 0) {
        throw invalidSchema('Invalid request: the body is not in the Confluent wire format (magic byte 0 and a 4-byte schema id)')
      }
      const id = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(1)
      // ids are in [1, 2^31-1]; anything else in the header names no schema (and must not reach the database)
      if (id < 1 || id > MAX_INT32) throw schemaNotFound(id)
      if (subject !== undefined && !(await store.registrations(context, id)).some((r) => r.subject === subject && !r.deleted)) throw schemaNotFound(id)
      const { plugin, parsed } = await schemaOf(context, id)
      const { message, payload } = plugin.readWirePayload(parsed, bytes.subarray(WIRE_HEADER_BYTES))
      const validator = await validatorOf(context, id, message)
      return answer(validator.validate({ encoding: 'binary', bytes: payload }))
    },
  }
}

export type PayloadValidation = ReturnType<typeof createPayloadValidation>
