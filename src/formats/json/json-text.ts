import { invalidSchema } from '../../errors/registry-error.js'
import { type JsonValue, type SchemaJson, isSchemaJson } from './json-types.js'

/** Deeper schemas are refused: real schemas stay far below, and every walk over a schema recurses. */
export const MAX_SCHEMA_DEPTH = 200

/** Parses JSON text; `what` names the document in messages (`schema`, `reference 'a.json'`). */
export const parseJsonText = (text: unknown, what: string): JsonValue => {
  if (typeof text !== 'string') throw invalidSchema(`Invalid ${what}: the schema text must be a string`)
  try {
    return JSON.parse(text) as JsonValue
  } catch (e) {
    throw invalidSchema(`Invalid ${what}: not valid JSON (${(e as Error).message})`)
  }
}

/**
 * How deeply arrays and objects nest, counted without recursion so that any input is safe; Infinity
 * when a number overflows a double (JSON.parse reads 1e400 as Infinity, which JSON cannot write back).
 */
export const nestingDepth = (value: JsonValue): number => {
  let max = 0
  const stack: Array<[JsonValue, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [JsonValue, number]
    if (typeof current === 'number' && !Number.isFinite(current)) return Infinity
    if (current === null || typeof current !== 'object') continue
    if (depth > max) max = depth
    const children = Array.isArray(current) ? current : Object.values(current)
    for (const child of children) if (child !== null && typeof child !== 'string') stack.push([child as JsonValue, depth + 1])
  }
  return max
}

/** The checks every schema document passes, strict or not: JSON, an object or boolean, bounded depth. */
export const parseSchemaDocument = (text: unknown, what: string): SchemaJson => {
  const json = parseJsonText(text, what)
  if (!isSchemaJson(json)) {
    const found = Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`
    throw invalidSchema(`Invalid ${what}: a JSON Schema must be a JSON object or a boolean, found ${found}`)
  }
  const depth = nestingDepth(json)
  if (depth === Infinity) throw invalidSchema(`Invalid ${what}: a number is too large to represent`)
  if (depth > MAX_SCHEMA_DEPTH) {
    throw invalidSchema(`Invalid ${what}: nested ${depth} levels deep, more than the limit of ${MAX_SCHEMA_DEPTH}`)
  }
  return json
}
