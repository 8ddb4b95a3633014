import { isModernDraft } from './json-drafts.js'
import type { Draft, JsonObject } from './json-types.js'
import { hasOwn } from './json-types.js'

export type TypedKind = 'string' | 'number' | 'object' | 'array'

// The keywords each kind of schema reads, as everit groups them: `type` claims its group, and any
// other group that is present becomes a schema of its own ("{type: string, minimum: 1}" is both).
const LEGACY_GROUPS: Record<TypedKind, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  object: ['properties', 'patternProperties', 'additionalProperties', 'required', 'minProperties', 'maxProperties', 'dependencies', 'propertyNames'],
  array: ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
}

// Confluent reads 2019-09 and 2020-12 through json-sKema, which ignores `format` and knows the newer
// object and array keywords.
const MODERN_GROUPS: Record<TypedKind, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern'],
  number: LEGACY_GROUPS.number,
  object: [...LEGACY_GROUPS.object.filter((k) => k !== 'dependencies'), 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties'],
  array: [...LEGACY_GROUPS.array, 'prefixItems', 'unevaluatedItems', 'minContains', 'maxContains'],
}

export const TYPED_KINDS: readonly TypedKind[] = ['object', 'array', 'number', 'string']

export const keywordsOf = (kind: TypedKind, draft: Draft): readonly string[] => (isModernDraft(draft) ? MODERN_GROUPS : LEGACY_GROUPS)[kind]

/** Whether a schema object uses any keyword of a kind, which makes it a schema of that kind. */
export const usesKind = (json: JsonObject, kind: TypedKind, draft: Draft): boolean => keywordsOf(kind, draft).some((k) => hasOwn(json, k))

export const JSON_TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'] as const
export type JsonType = (typeof JSON_TYPES)[number]

export const isJsonType = (v: unknown): v is JsonType => typeof v === 'string' && (JSON_TYPES as readonly string[]).includes(v)

/** The keyword group a `type` claims. */
export const kindOfType = (type: JsonType): TypedKind | undefined => (type === 'integer' ? 'number' : type === 'boolean' || type === 'null' ? undefined : type)
