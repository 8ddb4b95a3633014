import { refHasSiblings } from './json-drafts.js'
import { type CombinedNode, type Criterion, type RefNode, type SchemaNode, EMPTY_NODE, FALSE_NODE } from './json-model.js'
import { type TypedKind, TYPED_KINDS, isJsonType, kindOfType, usesKind } from './json-model-keywords.js'
import { arrayNode, numberNode, objectNode, stringNode } from './json-model-typed.js'
import { type Scope, SchemaIndex } from './json-resolve.js'
import { sortedJson } from './json-canonical.js'
import { type JsonObject, type ParsedJsonSchema, type SchemaJson, hasOwn, isSchemaJson } from './json-types.js'

const CRITERIA: readonly Criterion[] = ['allOf', 'anyOf', 'oneOf']

/** Builds the model of a schema and its references; each schema object becomes one node, once. */
export class ModelBuilder {
  private readonly nodes = new Map<JsonObject, SchemaNode>()
  private readonly index: SchemaIndex

  constructor(schema: ParsedJsonSchema) {
    this.index = new SchemaIndex(schema)
  }

  root(): SchemaNode {
    return this.build(this.index.root.json, this.index.root.scope)
  }

  readonly build = (json: SchemaJson, outer: Scope): SchemaNode => {
    if (json === true) return EMPTY_NODE
    if (json === false) return FALSE_NODE
    const known = this.nodes.get(json)
    if (known) return known
    const node = this.buildObject(json, this.index.scopeOf(json, outer))
    this.nodes.set(json, node)
    return node
  }

  private buildObject(json: JsonObject, scope: Scope): SchemaNode {
    const hasDefault = hasOwn(json, 'default')
    const ref = typeof json.$ref === 'string' && hasOwn(json, '$ref') ? this.refNode(json, json.$ref, scope) : undefined
    // Up to draft 7 a `$ref` replaces its schema object: everit ignores the keywords beside it.
    if (ref && !refHasSiblings(scope.draft)) return ref
    const parts = [...(ref ? [ref] : []), ...this.parts(json, scope)]
    if (parts.length === 0) return { kind: 'empty', source: json, hasDefault }
    if (parts.length === 1) return parts[0]
    return { kind: 'combined', criterion: 'allOf', subschemas: parts, synthetic: true, source: json, hasDefault }
  }

  /** The constraints of one schema object, in everit's order of extraction. */
  private parts(json: JsonObject, scope: Scope): SchemaNode[] {
    const base = { source: json, hasDefault: hasOwn(json, 'default') }
    const parts: SchemaNode[] = []
    if (Array.isArray(json.enum) && hasOwn(json, 'enum')) parts.push({ kind: 'enum', ...base, values: new Set(json.enum.map(sortedJson)) })
    for (const criterion of CRITERIA) {
      const list = hasOwn(json, criterion) ? json[criterion] : undefined
      if (Array.isArray(list)) parts.push(this.combined(criterion, list.filter(isSchemaJson), json, scope))
    }
    if (hasOwn(json, 'not') && isSchemaJson(json.not)) parts.push({ kind: 'not', ...base, mustNotMatch: this.build(json.not, scope) })
    if (hasOwn(json, 'const')) parts.push({ kind: 'const', ...base, value: sortedJson(json.const) })
    const { typed, claimed } = this.typedParts(json, scope)
    parts.push(...typed)
    for (const kind of TYPED_KINDS) {
      if (!claimed.has(kind) && usesKind(json, kind, scope.draft)) parts.push(this.typedNode(kind, json, scope))
    }
    if (hasOwn(json, 'if')) parts.push({ kind: 'conditional', ...base })
    return parts
  }

  private combined(criterion: Criterion, list: SchemaJson[], json: JsonObject, scope: Scope): CombinedNode {
    const subschemas = list.map((s) => this.build(s, scope))
    return { kind: 'combined', criterion, subschemas, synthetic: false, source: json, hasDefault: hasOwn(json, 'default') }
  }

  /** `type` claims the keywords of its kind; a list of types is an `anyOf` of one schema per type. */
  private typedParts(json: JsonObject, scope: Scope): { typed: SchemaNode[]; claimed: Set<TypedKind> } {
    const declared = hasOwn(json, 'type') ? json.type : undefined
    const types = (typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared : []).filter(isJsonType)
    const claimed = new Set(types.map(kindOfType).filter((k): k is TypedKind => k !== undefined))
    const nodes = types.map((type): SchemaNode => {
      const base = { source: json, hasDefault: hasOwn(json, 'default') }
      if (type === 'boolean' || type === 'null') return { kind: type, ...base }
      if (type === 'integer') return numberNode(json, true)
      return this.typedNode(type, json, scope)
    })
    if (!Array.isArray(declared)) return { typed: nodes, claimed }
    return { typed: [{ kind: 'combined', criterion: 'anyOf', subschemas: nodes, synthetic: false, source: json, hasDefault: false }], claimed }
  }

  private typedNode(kind: TypedKind, json: JsonObject, scope: Scope): SchemaNode {
    switch (kind) {
      case 'string':
        return stringNode(json)
      case 'number':
        return numberNode(json, false)
      case 'object':
        return objectNode(json, scope, this.build)
      case 'array':
        return arrayNode(json, scope, this.build)
    }
  }

  private refNode(json: JsonObject, ref: string, scope: Scope): RefNode {
    let target: SchemaNode | undefined
    const resolve = (): SchemaNode => {
      const located = this.index.resolve(ref, scope)
      // Parsing refused unresolvable refs; a stored schema whose reference vanished reads as `{}`.
      return located ? this.build(located.json, located.scope) : EMPTY_NODE
    }
    return { kind: 'ref', ref, source: json, hasDefault: hasOwn(json, 'default'), target: () => (target ??= resolve()) }
  }
}
