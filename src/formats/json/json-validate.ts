import { invalidSchema } from '../../errors/registry-error.js'
import { type AnySchema, type ErrorObject, metaValidator } from './json-ajv.js'
import { type Draft, type SchemaJson, hasOwn, isJsonObject } from './json-types.js'

// Keywords that only say "some alternative failed"; the alternatives' own errors say what is wrong.
const WRAPPER_KEYWORDS = new Set(['anyOf', 'oneOf', 'if', 'then', 'else', 'not', '$ref', '$dynamicRef'])
const MAX_REPORTED_PLACES = 3

/** The draft is chosen from `$schema` already; the copy drops it so ajv never looks it up by URL. */
export const withoutSchemaKeyword = (json: SchemaJson): AnySchema => {
  if (!isJsonObject(json) || !hasOwn(json, '$schema')) return json
  const copy = { ...json }
  delete copy.$schema
  return copy
}

const describeError = (error: ErrorObject): string => {
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues
  const detail = Array.isArray(allowed) ? `: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : ''
  return `${error.message ?? 'is invalid'}${detail}`
}

/** "what and where": one line per place in the schema, the most specific complaint for each. */
export const describeMetaErrors = (errors: ErrorObject[]): string => {
  const byPlace = new Map<string, ErrorObject[]>()
  for (const error of errors) byPlace.set(error.instancePath, [...(byPlace.get(error.instancePath) ?? []), error])
  // An error at a place that also has errors deeper inside is a failed alternative ("items must be
  // an array" beside the real complaint about the items schema); the deeper one says more.
  const places = [...byPlace.keys()]
  const leaves = places.filter((p) => !places.some((q) => q !== p && q.startsWith(`${p}/`)))
  const lines = leaves.slice(0, MAX_REPORTED_PLACES).map((place) => {
    const found = byPlace.get(place) as ErrorObject[]
    const specific = found.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword))
    return `'#${place}' ${describeError((specific.length > 0 ? specific : found)[0])}`
  })
  const more = leaves.length > MAX_REPORTED_PLACES ? ` (and ${leaves.length - MAX_REPORTED_PLACES} more)` : ''
  return lines.join('; ') + more
}

/** The schema must be a valid schema of its draft: its meta-schema decides. */
export const validateAgainstMetaSchema = (json: SchemaJson, draft: Draft, what: string): void => {
  const ajv = metaValidator(draft)
  if (ajv.validateSchema(withoutSchemaKeyword(json)) === true) return
  throw invalidSchema(`Invalid ${what} (JSON Schema ${draft}): ${describeMetaErrors(ajv.errors ?? [])}`)
}
