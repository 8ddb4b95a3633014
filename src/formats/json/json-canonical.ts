import type { ParsedSchema } from '../format-plugin.js'
import { mapSchemas } from './json-schema-walk.js'
import { type JsonObject, type JsonValue, type SchemaJson, hasOwn, jsonSchemaOf } from './json-types.js'

/**
 * Compact JSON with object keys sorted (by UTF-16 code units, as Jackson's ORDER_MAP_ENTRIES_BY_KEYS
 * does): JSON does not order keys, so reordered spellings of one schema get one id. Arrays keep their
 * order: in `enum`, `allOf`, tuple `items` and data it can matter.
 */
export const sortedJson = (value: JsonValue): string => {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

// Keywords whose arrays are sets of strings: their order and repetitions never change what validates.
const STRING_SET_KEYWORDS = ['required', 'type'] as const
const DEPENDENCY_KEYWORDS = ['dependencies', 'dependentRequired'] as const

const asSortedSet = (value: JsonValue): JsonValue => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...new Set(value as string[])].sort() : value)

const normalizeKeywords = (schema: JsonObject): JsonObject => {
  const copy: JsonObject = { ...schema }
  for (const keyword of STRING_SET_KEYWORDS) if (hasOwn(copy, keyword)) copy[keyword] = asSortedSet(copy[keyword])
  for (const keyword of DEPENDENCY_KEYWORDS) {
    const deps = hasOwn(copy, keyword) ? copy[keyword] : undefined
    if (deps !== null && typeof deps === 'object' && !Array.isArray(deps)) {
      copy[keyword] = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, asSortedSet(v)]))
    }
  }
  return copy
}

/**
 * Confluent's `normalize` only sorts keys, which our canonical form always does. With `normalize` we
 * also sort the string sets `required`, `type` and dependency lists, in schema positions only (a
 * property named `required` is not the keyword). `enum` keeps its order: code generators derive
 * constant order from it, and Confluent compares enums as sets anyway.
 */
export const normalizeSchemaJson = (schema: SchemaJson): SchemaJson => mapSchemas(schema, normalizeKeywords)

export const canonicalJsonSchema = (parsed: ParsedSchema, normalize: boolean): string => {
  const { root } = jsonSchemaOf(parsed)
  return sortedJson(normalize ? normalizeSchemaJson(root) : root)
}
