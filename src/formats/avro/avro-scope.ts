import { invalidSchema } from '../../errors/registry-error.js'
import type { JsonNode } from './avro-json.js'
import type { AvroField, AvroSchema, NamedSchema, Props } from './avro-model.js'

/** A field default to check once every named type of the schema is known (strict parsing only). */
export interface PendingDefault {
  field: AvroField
  path: string
}

/** The state one parse shares across its recursive descent. */
export interface ParseScope {
  readonly names: Map<string, NamedSchema>
  readonly strict: boolean
  readonly pendingDefaults: PendingDefault[]
  parseType(node: JsonNode, space: string | null, path: string): AvroSchema
  /** Throws INVALID_SCHEMA naming the spot as a JSON pointer into the submitted text. */
  fail(path: string, what: string): never
}

/** Keys Avro Java reserves on a schema object; all others are kept as custom attributes. */
export const SCHEMA_RESERVED = new Set(['doc', 'fields', 'items', 'name', 'namespace', 'size', 'symbols', 'values', 'type', 'aliases'])
export const ENUM_RESERVED = new Set([...SCHEMA_RESERVED, 'default'])
export const FIELD_RESERVED = new Set(['default', 'doc', 'name', 'order', 'type', 'aliases'])

export const collectProps = (entries: Map<string, JsonNode>, reserved: Set<string>): Props => new Map([...entries].filter(([key]) => !reserved.has(key)))

export const failure =
  (label: string) =>
  (path: string, what: string): never => {
    throw invalidSchema(`Invalid Avro ${label} at ${path === '' ? '/' : path}: ${what}`)
  }

/** Human-readable JSON kinds for messages. */
export const jsonKind = (node: JsonNode): string => (node.kind === 'null' ? 'null' : `a JSON ${node.kind}`)

/** `aliases` as a list of strings, in order, without repeats (Java keeps them in a set). */
export const stringList = (scope: ParseScope, node: JsonNode | undefined, path: string): string[] => {
  if (node === undefined) return []
  if (node.kind !== 'array') return scope.fail(path, `'aliases' must be an array of strings, not ${jsonKind(node)}`)
  const out = node.items.map((item, i) => (item.kind === 'string' ? item.value : scope.fail(`${path}/${i}`, 'an alias must be a string')))
  return [...new Set(out)]
}
