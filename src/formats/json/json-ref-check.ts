import { invalidSchema } from '../../errors/registry-error.js'
import { isMetaSchemaDocument } from './json-drafts.js'
import { type Scope, SchemaIndex } from './json-resolve.js'
import { subschemasOf } from './json-schema-walk.js'
import { type JsonObject, type ParsedJsonSchema, type SchemaJson, hasOwn, isJsonObject } from './json-types.js'
import { resolveUri, splitFragment } from './json-uri.js'

interface RefSite {
  json: JsonObject
  ref: string
  scope: Scope
}

/** Every `$ref` of a document, with the scope it resolves in; iterative, as schemas nest deep. */
const refSites = (index: SchemaIndex, json: SchemaJson, scope: Scope): RefSite[] => {
  const sites: RefSite[] = []
  const stack: Array<[SchemaJson, Scope]> = [[json, scope]]
  while (stack.length > 0) {
    const [current, outer] = stack.pop() as [SchemaJson, Scope]
    if (!isJsonObject(current)) continue
    const inner = index.scopeOf(current, outer)
    if (hasOwn(current, '$ref') && typeof current.$ref === 'string') sites.push({ json: current, ref: current.$ref, scope: inner })
    for (const child of subschemasOf(current)) stack.push([child.schema, inner])
  }
  return sites
}

/** Whether following `$ref`s from `site` comes back to a `$ref` seen on the way, with no schema between. */
const loops = (index: SchemaIndex, site: RefSite): boolean => {
  const seen = new Set<JsonObject>([site.json])
  let located = index.resolve(site.ref, site.scope)
  while (located && isJsonObject(located.json) && typeof located.json.$ref === 'string' && hasOwn(located.json, '$ref')) {
    if (seen.has(located.json)) return true
    seen.add(located.json)
    located = index.resolve(located.json.$ref, index.scopeOf(located.json, located.scope))
  }
  return false
}

/**
 * Every `$ref` must resolve: within the schema, to one of its references (by the name it is
 * registered under), or to a json-schema.org meta-schema. A chain of `$ref`s that loops without
 * reaching a schema is refused too: it constrains nothing and sends validators into endless recursion.
 */
export const checkReferencesResolve = (schema: ParsedJsonSchema): void => {
  const index = new SchemaIndex(schema)
  for (const site of refSites(index, index.root.json, index.root.scope)) {
    if (!index.resolve(site.ref, site.scope)) {
      if (isMetaSchemaDocument(splitFragment(resolveUri(site.scope.base, site.ref)).document)) continue
      throw invalidSchema(`Invalid schema: $ref '${site.ref}' resolves to no schema`)
    }
    if (loops(index, site)) throw invalidSchema(`Invalid schema: the $ref cycle through '${site.ref}' never reaches a schema`)
  }
}
