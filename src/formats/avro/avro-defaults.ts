import { preview, type JsonNode } from './avro-json.js'
import { resolve, type AvroField, type AvroSchema, type NamedSchema } from './avro-model.js'
import type { ParseScope } from './avro-scope.js'

const INTEGER = /^-?\d+$/
const INT_RANGE = [-(2n ** 31n), 2n ** 31n - 1n] as const
const LONG_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const

const integralWithin = (node: JsonNode, [min, max]: readonly [bigint, bigint]): boolean => {
  if (node.kind !== 'number' || !INTEGER.test(node.text)) return false
  const value = BigInt(node.text)
  return value >= min && value <= max
}

/**
 * Avro Java's `Schema.isValidDefault`, which Confluent applies to new schemas (validateDefaults):
 * a union's default matches its first branch; a record default needs every field, from the value
 * or from the field's own default. `inProgress` stops a field default that refers to itself.
 */
export const isValidDefault = (schema: AvroSchema, value: JsonNode, names: Map<string, NamedSchema>, inProgress: Set<AvroField> = new Set()): boolean => {
  const s = resolve(schema, names)
  switch (s.kind) {
    case 'primitive':
      return primitiveMatches(s.type, value)
    case 'enum':
    case 'fixed':
      return value.kind === 'string'
    case 'array':
      return value.kind === 'array' && value.items.every((item) => isValidDefault(s.items, item, names, inProgress))
    case 'map':
      return value.kind === 'object' && [...value.entries.values()].every((v) => isValidDefault(s.values, v, names, inProgress))
    case 'union':
      return s.branches[0] !== undefined && isValidDefault(s.branches[0], value, names, inProgress)
    case 'record':
      return value.kind === 'object' && s.fields.every((f) => fieldValueValid(f, value.entries.get(f.name), names, inProgress))
  }
}

const fieldValueValid = (field: AvroField, given: JsonNode | undefined, names: Map<string, NamedSchema>, inProgress: Set<AvroField>): boolean => {
  if (given !== undefined) return isValidDefault(field.type, given, names, inProgress)
  if (field.default === undefined || inProgress.has(field)) return false
  inProgress.add(field)
  const valid = isValidDefault(field.type, field.default, names, inProgress)
  inProgress.delete(field)
  return valid
}

const primitiveMatches = (type: string, value: JsonNode): boolean => {
  switch (type) {
    case 'string':
    case 'bytes':
      return value.kind === 'string'
    case 'int':
      return integralWithin(value, INT_RANGE)
    case 'long':
      return integralWithin(value, LONG_RANGE)
    case 'float':
    case 'double':
      return value.kind === 'number'
    case 'boolean':
      return value.kind === 'boolean'
    default:
      return value.kind === 'null'
  }
}

/** How a type reads in a message: `string`, `com.acme.Status`, `array`, a union by its first branch. */
const describe = (schema: AvroSchema, names: Map<string, NamedSchema>): string => {
  const s = resolve(schema, names)
  if (s.kind === 'primitive') return s.type
  if (s.kind === 'union') {
    const first = s.branches[0]
    return first === undefined ? 'an empty union' : `a union whose first branch is ${describe(first, names)}`
  }
  return s.kind === 'array' || s.kind === 'map' ? s.kind : `${s.kind} ${s.name.full}`
}

/** Strict parsing: every field default must match the field's type. */
export const checkDefaults = (scope: ParseScope): void => {
  for (const { field, path } of scope.pendingDefaults) {
    if (field.default === undefined || isValidDefault(field.type, field.default, scope.names)) continue
    scope.fail(path, `the default ${preview(field.default)} of field '${field.name}' does not match its type (${describe(field.type, scope.names)})`)
  }
}
