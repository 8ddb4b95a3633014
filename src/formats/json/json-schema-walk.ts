import { type JsonObject, type JsonValue, type SchemaJson, hasOwn, isJsonObject, isSchemaJson } from './json-types.js'

// Where a schema holds subschemas. Everything else (enum values, const, default, examples, unknown
// keywords) is data, and the same key inside it means nothing.
const SINGLE = [
  'additionalProperties',
  'additionalItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentSchema',
] as const
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const
const MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'] as const

export interface Subschema {
  /** The JSON pointer tokens from the parent schema to this one. */
  tokens: string[]
  schema: SchemaJson
}

const mapEntries = (value: JsonValue | undefined, keyword: string): Subschema[] =>
  isJsonObject(value)
    ? Object.entries(value)
        .filter(([, child]) => isSchemaJson(child))
        .map(([name, child]) => ({ tokens: [keyword, name], schema: child as SchemaJson }))
    : []

const listEntries = (value: JsonValue | undefined, keyword: string): Subschema[] =>
  Array.isArray(value) ? value.flatMap((child, i) => (isSchemaJson(child) ? [{ tokens: [keyword, String(i)], schema: child }] : [])) : []

/** The direct subschemas of a schema object, with where they sit. */
export const subschemasOf = (schema: JsonObject): Subschema[] => {
  const found: Subschema[] = []
  for (const keyword of SINGLE) {
    const child = hasOwn(schema, keyword) ? schema[keyword] : undefined
    if (isSchemaJson(child)) found.push({ tokens: [keyword], schema: child })
  }
  for (const keyword of LISTS) if (hasOwn(schema, keyword)) found.push(...listEntries(schema[keyword], keyword))
  for (const keyword of MAPS) if (hasOwn(schema, keyword)) found.push(...mapEntries(schema[keyword], keyword))
  // `items` is one schema or (up to 2019-09) a tuple; `dependencies` mixes arrays and schemas.
  if (hasOwn(schema, 'items')) {
    const items = schema.items
    if (isSchemaJson(items)) found.push({ tokens: ['items'], schema: items })
    else found.push(...listEntries(items, 'items'))
  }
  if (hasOwn(schema, 'dependencies')) found.push(...mapEntries(schema.dependencies, 'dependencies'))
  return found
}

type Rewrite = (schema: SchemaJson) => SchemaJson

const mapChild = (value: JsonValue, f: Rewrite): JsonValue => (isSchemaJson(value) ? f(value) : value)
const mapList = (value: JsonValue, f: Rewrite): JsonValue => (Array.isArray(value) ? value.map((child) => mapChild(child, f)) : value)
// Object.fromEntries defines own properties, so a property named `__proto__` stays a property.
const mapMap = (value: JsonValue, f: Rewrite): JsonValue => (isJsonObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapChild(v, f)])) : value)

/** Rebuilds a schema bottom-up: `rewrite` sees each schema object with its subschemas rewritten. */
export const mapSchemas = (schema: SchemaJson, rewrite: (s: JsonObject) => JsonObject): SchemaJson => {
  if (!isJsonObject(schema)) return schema
  const f: Rewrite = (child) => mapSchemas(child, rewrite)
  const copy: JsonObject = { ...schema }
  const apply = (keyword: string, how: (v: JsonValue, f: Rewrite) => JsonValue) => {
    if (hasOwn(copy, keyword)) copy[keyword] = how(copy[keyword], f)
  }
  for (const keyword of SINGLE) apply(keyword, mapChild)
  for (const keyword of LISTS) apply(keyword, mapList)
  for (const keyword of [...MAPS, 'dependencies']) apply(keyword, mapMap)
  apply('items', (v) => (Array.isArray(v) ? mapList(v, f) : mapChild(v, f)))
  return rewrite(copy)
}
