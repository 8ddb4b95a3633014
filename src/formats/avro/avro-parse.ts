import type { ResolvedReference } from '../../domain/schema-types.js'
import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import type { ParseOptions } from '../format-plugin.js'
import { checkDefaults } from './avro-defaults.js'
import { readJson, textOf, type JsonNode } from './avro-json.js'
import { isPrimitiveType, resolve, type AvroParsed, type AvroSchema, type NamedSchema, type UnionSchema } from './avro-model.js'
import { makeName } from './avro-names.js'
import { parseEnum, parseFixed, parseRecord } from './avro-parse-named.js'
import { collectProps, failure, jsonKind, SCHEMA_RESERVED, type ParseScope } from './avro-scope.js'

/**
 * Parses Avro schema text as Confluent does: references first (depth first, each once), into one
 * name table, then the schema itself. Anything wrong becomes INVALID_SCHEMA with a JSON pointer.
 */
export const parseAvro = (text: string, references: ResolvedReference[], options: ParseOptions): AvroParsed => {
  const names = new Map<string, NamedSchema>()
  const external = new Set<string>()
  loadReferences(references, names, external, new Set())
  const root = parseInto(text, names, options.strict, 'schema')
  return { root, names, external }
}

const loadReferences = (references: ResolvedReference[], names: Map<string, NamedSchema>, external: Set<string>, seen: Set<string>): void => {
  for (const ref of references) {
    if (seen.has(ref.name)) continue
    seen.add(ref.name)
    loadReferences(ref.references, names, external, seen)
    if (ref.schemaType !== 'AVRO') {
      throw invalidSchema(`Invalid Avro reference '${ref.name}': an Avro schema can only reference Avro schemas, not ${ref.schemaType}`)
    }
    const before = new Set(names.keys())
    // Stored schemas were valid once: read them leniently.
    parseInto(ref.schema, names, false, `reference '${ref.name}'`)
    for (const full of names.keys()) if (!before.has(full)) external.add(full)
  }
}

const parseInto = (text: string, names: Map<string, NamedSchema>, strict: boolean, label: string): AvroSchema => {
  const scope = createScope(names, strict, label)
  let node: JsonNode
  try {
    node = readJson(text)
  } catch (e) {
    throw isRegistryError(e) && label !== 'schema' ? invalidSchema(`Invalid Avro ${label}: ${e.message}`) : e
  }
  const root = scope.parseType(node, null, '')
  if (strict) checkDefaults(scope)
  return root
}

const createScope = (names: Map<string, NamedSchema>, strict: boolean, label: string): ParseScope => {
  const scope: ParseScope = {
    names,
    strict,
    pendingDefaults: [],
    parseType: (node, space, path) => parseType(scope, node, space, path),
    fail: failure(label),
  }
  return scope
}

const parseType = (scope: ParseScope, node: JsonNode, space: string | null, path: string): AvroSchema => {
  switch (node.kind) {
    case 'string':
      return lookupName(scope, node.value, space) ?? scope.fail(path, `'${node.value}' is neither a primitive type nor a defined name`)
    case 'array':
      return parseUnion(scope, node.items, space, path)
    case 'object':
      return parseObject(scope, node.entries, space, path)
    default:
      return scope.fail(path, `a schema must be a type name, an object or a union array, not ${jsonKind(node)}`)
  }
}

/** Avro Java's `Names.get`: primitives first, then the name in the current namespace, then in none. */
const lookupName = (scope: ParseScope, text: string, space: string | null): AvroSchema | undefined => {
  if (isPrimitiveType(text)) return { kind: 'primitive', type: text, props: new Map() }
  for (const full of [makeName(text, space).full, makeName(text, null).full]) {
    if (scope.names.has(full)) return { kind: 'ref', full }
  }
  return undefined
}

const parseObject = (scope: ParseScope, entries: Map<string, JsonNode>, space: string | null, path: string): AvroSchema => {
  const typeNode = entries.get('type')
  const type = textOf(typeNode)
  if (type === undefined) return scope.fail(path, typeNode ? "'type' must be a string" : "the object has no 'type'")
  if (isPrimitiveType(type)) return { kind: 'primitive', type, props: collectProps(entries, SCHEMA_RESERVED) }
  switch (type) {
    case 'record':
    case 'error':
      return parseRecord(scope, entries, space, path, type === 'error')
    case 'enum':
      return parseEnum(scope, entries, space, path)
    case 'fixed':
      return parseFixed(scope, entries, space, path)
    case 'array':
    case 'map':
      return parseContainer(scope, entries, space, path, type)
  }
  // `{"type": "com.acme.Address"}` names a defined type, as Avro Java allows.
  return lookupName(scope, type, space) ?? scope.fail(`${path}/type`, `unknown type '${type}'`)
}

const parseContainer = (scope: ParseScope, entries: Map<string, JsonNode>, space: string | null, path: string, type: 'array' | 'map'): AvroSchema => {
  const key = type === 'array' ? 'items' : 'values'
  const inner = entries.get(key)
  if (inner === undefined) return scope.fail(path, `an ${type} needs '${key}'`)
  const element = scope.parseType(inner, space, `${path}/${key}`)
  const props = collectProps(entries, SCHEMA_RESERVED)
  return type === 'array' ? { kind: 'array', items: element, props } : { kind: 'map', values: element, props }
}

/** Branches may not be unions, nor repeat a type (named types count by full name). */
const parseUnion = (scope: ParseScope, items: JsonNode[], space: string | null, path: string): UnionSchema => {
  const seen = new Set<string>()
  const branches = items.map((item, i) => {
    const branch = scope.parseType(item, space, `${path}/${i}`)
    const s = resolve(branch, scope.names)
    if (s.kind === 'union') scope.fail(`${path}/${i}`, 'a union may not contain another union directly')
    const key = s.kind === 'primitive' ? s.type : s.kind === 'array' || s.kind === 'map' ? s.kind : s.name.full
    if (seen.has(key)) scope.fail(`${path}/${i}`, `the union already has a branch of type '${key}'`)
    seen.add(key)
    return branch
  })
  return { kind: 'union', branches }
}
