import { documentId, idKeyword, isModernDraft } from './json-drafts.js'
import { subschemasOf } from './json-schema-walk.js'
import { type Draft, type JsonObject, type JsonValue, type ParsedJsonSchema, type SchemaJson, hasOwn, isJsonObject, isSchemaJson } from './json-types.js'
import { pointerTokens, resolveUri, splitFragment } from './json-uri.js'

/** Where a schema object sits: the draft of its document and the base URI its `$ref`s resolve against. */
export interface Scope {
  draft: Draft
  base: string
}

export interface Located {
  json: SchemaJson
  scope: Scope
}

/**
 * Every schema resource of a schema and its references by URI, with anchors and each schema object's
 * base URI, so that `$ref`s resolve as ajv (and everit) resolve them.
 */
export class SchemaIndex {
  private readonly resources = new Map<string, Located>()
  private readonly anchors = new Map<string, Located>()
  private readonly scopes = new Map<JsonObject, Scope>()
  readonly root: Located

  constructor(schema: ParsedJsonSchema) {
    const rootId = documentId(schema.root, schema.draft)
    this.root = this.addDocument(schema.root, schema.draft, rootId === undefined ? '' : resolveUri(undefined, rootId))
    // Confluent registers every reference under its name resolved against the root's `$id`.
    for (const reference of schema.references) {
      const key = resolveUri(rootId, reference.name)
      const ownId = documentId(reference.json, reference.draft)
      const located = this.addDocument(reference.json, reference.draft, ownId === undefined ? key : resolveUri(key, ownId))
      this.register(key, located)
    }
  }

  scopeOf(json: JsonObject, fallback: Scope): Scope {
    return this.scopes.get(json) ?? fallback
  }

  /** The schema a `$ref` written in `scope` refers to, if any. */
  resolve(ref: string, scope: Scope): Located | undefined {
    const { document, fragment } = splitFragment(resolveUri(scope.base, ref))
    const resource = this.resources.get(document)
    if (!resource) return undefined
    const tokens = pointerTokens(fragment)
    if (tokens === undefined) return this.anchors.get(`${document}#${fragment}`)
    let current: JsonValue = resource.json
    for (const token of tokens) {
      if (Array.isArray(current)) current = current[Number(token)]
      else if (isJsonObject(current) && hasOwn(current, token)) current = current[token]
      else return undefined
      if (current === undefined) return undefined
    }
    if (!isSchemaJson(current)) return undefined
    return { json: current, scope: isJsonObject(current) ? this.scopeOf(current, resource.scope) : resource.scope }
  }

  private register(uri: string, located: Located): void {
    if (!this.resources.has(uri)) this.resources.set(uri, located)
  }

  private addDocument(json: SchemaJson, draft: Draft, base: string): Located {
    const located = { json, scope: { draft, base: splitFragment(base).document } }
    this.register(located.scope.base, located)
    this.indexSchema(json, located.scope)
    return located
  }

  /** Records base URIs, embedded resources (`$id`) and anchors, iteratively (schemas nest deep). */
  private indexSchema(json: SchemaJson, scope: Scope): void {
    const stack: Array<[SchemaJson, Scope]> = [[json, scope]]
    while (stack.length > 0) {
      const [current, outer] = stack.pop() as [SchemaJson, Scope]
      if (!isJsonObject(current) || this.scopes.has(current)) continue
      const inner = this.enterResource(current, outer)
      this.scopes.set(current, inner)
      for (const child of subschemasOf(current)) stack.push([child.schema, inner])
    }
  }

  private enterResource(json: JsonObject, outer: Scope): Scope {
    const id = json[idKeyword(outer.draft)]
    let scope = outer
    if (typeof id === 'string') {
      const { document, fragment } = splitFragment(resolveUri(outer.base, id))
      scope = { draft: outer.draft, base: document }
      this.register(document, { json, scope })
      // Up to draft 7 an `$id` of `#name` (or `x.json#name`) names a location, like `$anchor` later.
      if (fragment !== '' && !fragment.startsWith('/')) this.anchors.set(`${document}#${fragment}`, { json, scope })
    }
    const anchor = isModernDraft(outer.draft) ? json.$anchor : undefined
    if (typeof anchor === 'string') this.anchors.set(`${scope.base}#${anchor}`, { json, scope })
    return scope
  }
}
