import type { JsonValue } from './json-types.js'

/**
 * The schema model Confluent's diff walks (everit's classes): a schema document becomes one node per
 * kind of constraint; several kinds on one schema object become a synthetic `allOf`.
 */
export type SchemaNode = EmptyNode | FalseNode | PlainNode | StringNode | NumberNode | EnumNode | ConstNode | CombinedNode | NotNode | ObjectNode | ArrayNode | RefNode

interface NodeBase {
  /** The schema object the node came from; equal sources and kinds make equal nodes. */
  readonly source: JsonValue
  /** Whether the schema object declares `default` (what a new required property needs). */
  readonly hasDefault: boolean
}

export interface EmptyNode extends NodeBase {
  readonly kind: 'empty'
}
export interface FalseNode extends NodeBase {
  readonly kind: 'false'
}
/** Types with nothing to compare: booleans, null, and if/then/else (Confluent does not diff those). */
export interface PlainNode extends NodeBase {
  readonly kind: 'boolean' | 'null' | 'conditional'
}
export interface StringNode extends NodeBase {
  readonly kind: 'string'
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: string
}
export interface NumberNode extends NodeBase {
  readonly kind: 'number'
  readonly integer: boolean
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly exclusiveMaximum?: number
  readonly multipleOf?: number
}
export interface EnumNode extends NodeBase {
  readonly kind: 'enum'
  /** The values as canonical JSON: an enum is a set of values. */
  readonly values: ReadonlySet<string>
}
export interface ConstNode extends NodeBase {
  readonly kind: 'const'
  readonly value: string
}
export type Criterion = 'allOf' | 'anyOf' | 'oneOf'
export interface CombinedNode extends NodeBase {
  readonly kind: 'combined'
  readonly criterion: Criterion
  readonly subschemas: readonly SchemaNode[]
  /** Made up to hold several kinds of constraint on one schema object (always `allOf`). */
  readonly synthetic: boolean
}
export interface NotNode extends NodeBase {
  readonly kind: 'not'
  readonly mustNotMatch: SchemaNode
}

/** `additionalProperties`, `additionalItems` and the unevaluated keywords: `false`, a schema, or neither. */
export interface Additional {
  readonly permits: boolean
  readonly schema?: SchemaNode
}

export interface ObjectNode extends NodeBase {
  readonly kind: 'object'
  readonly properties: ReadonlyMap<string, SchemaNode>
  readonly required: ReadonlySet<string>
  readonly patternProperties: ReadonlyArray<readonly [pattern: string, schema: SchemaNode]>
  readonly additional: Additional
  readonly unevaluated: Additional
  readonly propertyDependencies: ReadonlyMap<string, ReadonlySet<string>>
  readonly schemaDependencies: ReadonlyMap<string, SchemaNode>
  readonly minProperties?: number
  readonly maxProperties?: number
}

export interface ArrayNode extends NodeBase {
  readonly kind: 'array'
  /** `items` as one schema for every item. */
  readonly allItems?: SchemaNode
  /** Tuple items (`items` as an array, or `prefixItems`). */
  readonly itemSchemas: readonly SchemaNode[]
  readonly additional: Additional
  readonly unevaluated: Additional
  readonly minItems?: number
  readonly maxItems?: number
  readonly uniqueItems: boolean
  /** Read in every draft, as Confluent reads them from the unprocessed keywords. */
  readonly minContains?: number
  readonly maxContains?: number
}

export interface RefNode extends NodeBase {
  readonly kind: 'ref'
  readonly ref: string
  /** The referred schema, resolved on first use so that recursive schemas build; empty if unresolvable. */
  readonly target: () => SchemaNode
}

export const OPEN: Additional = { permits: true }
export const EMPTY_NODE: EmptyNode = { kind: 'empty', source: true, hasDefault: false }
export const FALSE_NODE: FalseNode = { kind: 'false', source: false, hasDefault: false }
