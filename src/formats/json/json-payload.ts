import type { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { invalidSchema } from '../../errors/registry-error.js'
import type { Payload, PayloadError, PayloadValidator } from '../format-plugin.js'
import { newAjv, type ErrorObject } from './json-ajv.js'
import { withoutSchemaKeyword } from './json-validate.js'
import type { ParsedJsonSchema } from './json-types.js'

// ajv-formats is CommonJS with a default export; under NodeNext its function sits on `.default`.
const addFormats = addFormatsModule.default

const MAX_ERRORS = 100

const escape = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1')

/** ajv's `instancePath` is a JSON Pointer already; a missing or extra property is pointed at itself. */
const toPayloadError = (e: ErrorObject): PayloadError => {
  const params = e.params as { missingProperty?: string; additionalProperty?: string; unevaluatedProperty?: string; allowedValues?: unknown[] }
  const named = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty
  const path = named === undefined ? e.instancePath : `${e.instancePath}/${escape(named)}`
  const allowed = Array.isArray(params.allowedValues) ? `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : ''
  const message =
    params.additionalProperty !== undefined || params.unevaluatedProperty !== undefined ? 'is not allowed (no such property)' : `${e.message ?? 'is invalid'}${allowed}`
  return { path, message }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

const decodeJson = (bytes: Uint8Array): { value: unknown } | { error: string } => {
  try {
    return { value: JSON.parse(utf8.decode(bytes)) as unknown }
  } catch (e) {
    return { error: `is not UTF-8 JSON: ${e instanceof Error ? e.message : String(e)}` }
  }
}

/**
 * The schema compiled by ajv in its own draft, with every error (`allErrors`) and the formats of
 * ajv-formats; referenced schemas are added under the names their `$ref`s use.
 */
export const compileJsonValidator = (schema: ParsedJsonSchema, options: { message?: string }): PayloadValidator => {
  if (options.message !== undefined) throw invalidSchema('Invalid request: ?message= applies only to Protobuf schemas')
  const ajv = newAjv(schema.draft, { allErrors: true, validateFormats: true }) as unknown as Ajv
  addFormats(ajv)
  let validate: ReturnType<Ajv['compile']>
  try {
    for (const reference of schema.references) {
      if (!ajv.getSchema(reference.name)) ajv.addSchema(withoutSchemaKeyword(reference.json), reference.name)
    }
    validate = ajv.compile(withoutSchemaKeyword(schema.root))
  } catch (e) {
    throw invalidSchema(`Invalid JSON Schema: ajv cannot compile it (${e instanceof Error ? e.message : String(e)})`, e)
  }
  const check = (value: unknown): PayloadError[] => (validate(value) ? [] : (validate.errors ?? []).slice(0, MAX_ERRORS).map(toPayloadError))
  return {
    validate: (payload: Payload) => {
      if (payload.encoding === 'json') return check(payload.value)
      const decoded = decodeJson(payload.bytes)
      return 'error' in decoded ? [{ path: '', message: decoded.error }] : check(decoded.value)
    },
  }
}
