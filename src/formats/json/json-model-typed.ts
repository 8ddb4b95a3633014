import { isModernDraft } from './json-drafts.js'
import { type Additional, type ArrayNode, type NumberNode, type ObjectNode, type SchemaNode, type StringNode, OPEN } from './json-model.js'
import type { Scope } from './json-resolve.js'
import { type JsonObject, type JsonValue, type SchemaJson, hasOwn, isJsonObject, isSchemaJson } from './json-types.js'

export type Build = (json: SchemaJson, scope: Scope) => SchemaNode

const num = (o: JsonObject, key: string): number | undefined => {
  const v = hasOwn(o, key) ? o[key] : undefined
  return typeof v === 'number' ? v : undefined
}

const base = (json: JsonObject) => ({ source: json, hasDefault: hasOwn(json, 'default') })

export const stringNode = (json: JsonObject): StringNode => ({
  kind: 'string',
  ...base(json),
  minLength: num(json, 'minLength'),
  maxLength: num(json, 'maxLength'),
  pattern: typeof json.pattern === 'string' && hasOwn(json, 'pattern') ? json.pattern : undefined,
})

// Draft 4's boolean exclusiveMinimum/exclusiveMaximum only modify minimum/maximum; everit keeps no
// limit for them, so only the numeric form of draft 6 and later is compared.
export const numberNode = (json: JsonObject, integer: boolean): NumberNode => ({
  kind: 'number',
  ...base(json),
  integer,
  minimum: num(json, 'minimum'),
  maximum: num(json, 'maximum'),
  exclusiveMinimum: num(json, 'exclusiveMinimum'),
  exclusiveMaximum: num(json, 'exclusiveMaximum'),
  multipleOf: num(json, 'multipleOf'),
})

/** `true` and absence permit anything, `false` nothing; a schema (even `{}`) makes the model partial. */
const additionalOf = (json: JsonObject, keyword: string, scope: Scope, build: Build): Additional => {
  const value = hasOwn(json, keyword) ? json[keyword] : undefined
  if (value === false) return { permits: false }
  return isJsonObject(value) ? { permits: true, schema: build(value, scope) } : OPEN
}

const schemaEntries = (value: JsonValue | undefined): Array<[string, SchemaJson]> =>
  isJsonObject(value) ? (Object.entries(value).filter(([, v]) => isSchemaJson(v)) as Array<[string, SchemaJson]>) : []

const stringSet = (value: JsonValue | undefined): Set<string> => new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

const dependenciesOf = (json: JsonObject, scope: Scope, build: Build) => {
  const modern = isModernDraft(scope.draft)
  const arrays = modern ? json.dependentRequired : json.dependencies
  const schemas = modern ? json.dependentSchemas : json.dependencies
  const propertyDependencies = new Map<string, Set<string>>()
  if (isJsonObject(arrays) && hasOwn(json, modern ? 'dependentRequired' : 'dependencies')) {
    for (const [name, list] of Object.entries(arrays)) if (Array.isArray(list)) propertyDependencies.set(name, stringSet(list))
  }
  const schemaDependencies = new Map<string, SchemaNode>()
  if (hasOwn(json, modern ? 'dependentSchemas' : 'dependencies')) {
    for (const [name, schema] of schemaEntries(schemas)) schemaDependencies.set(name, build(schema, scope))
  }
  return { propertyDependencies, schemaDependencies }
}

export const objectNode = (json: JsonObject, scope: Scope, build: Build): ObjectNode => ({
  kind: 'object',
  ...base(json),
  properties: new Map(schemaEntries(hasOwn(json, 'properties') ? json.properties : undefined).map(([k, v]) => [k, build(v, scope)])),
  required: stringSet(hasOwn(json, 'required') ? json.required : undefined),
  patternProperties: schemaEntries(hasOwn(json, 'patternProperties') ? json.patternProperties : undefined).map(([pattern, v]) => [pattern, build(v, scope)] as const),
  additional: additionalOf(json, 'additionalProperties', scope, build),
  unevaluated: isModernDraft(scope.draft) ? additionalOf(json, 'unevaluatedProperties', scope, build) : OPEN,
  ...dependenciesOf(json, scope, build),
  minProperties: num(json, 'minProperties'),
  maxProperties: num(json, 'maxProperties'),
})

const schemaList = (value: JsonValue | undefined, scope: Scope, build: Build): SchemaNode[] => (Array.isArray(value) ? value.filter(isSchemaJson).map((v) => build(v, scope)) : [])

/** Up to 2019-09: `items` is one schema or a tuple, `additionalItems` follows the tuple. */
const legacyItems = (json: JsonObject, scope: Scope, build: Build) => {
  const items = hasOwn(json, 'items') ? json.items : undefined
  return {
    allItems: isSchemaJson(items) ? build(items, scope) : undefined,
    itemSchemas: schemaList(items, scope, build),
    additional: additionalOf(json, 'additionalItems', scope, build),
  }
}

/** 2020-12: `prefixItems` is the tuple and `items` what follows it (or every item without a tuple). */
const prefixItems = (json: JsonObject, scope: Scope, build: Build) => {
  const itemSchemas = schemaList(hasOwn(json, 'prefixItems') ? json.prefixItems : undefined, scope, build)
  const items = hasOwn(json, 'items') ? json.items : undefined
  if (items === false) return { allItems: undefined, itemSchemas, additional: { permits: false } }
  if (!isJsonObject(items)) return { allItems: undefined, itemSchemas, additional: OPEN }
  const schema = build(items, scope)
  return hasOwn(json, 'prefixItems') ? { allItems: undefined, itemSchemas, additional: { permits: true, schema } } : { allItems: schema, itemSchemas, additional: OPEN }
}

export const arrayNode = (json: JsonObject, scope: Scope, build: Build): ArrayNode => ({
  kind: 'array',
  ...base(json),
  ...(scope.draft === '2020-12' ? prefixItems(json, scope, build) : legacyItems(json, scope, build)),
  unevaluated: isModernDraft(scope.draft) ? additionalOf(json, 'unevaluatedItems', scope, build) : OPEN,
  minItems: num(json, 'minItems'),
  maxItems: num(json, 'maxItems'),
  uniqueItems: json.uniqueItems === true,
  minContains: num(json, 'minContains'),
  maxContains: num(json, 'maxContains'),
})
