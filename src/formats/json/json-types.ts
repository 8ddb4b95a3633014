import type { ParsedSchema } from '../format-plugin.js'
import { invalidSchema } from '../../errors/registry-error.js'

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject
export interface JsonObject {
  [key: string]: JsonValue
}

/** The JSON Schema drafts the registry understands; `$schema` selects one, draft 7 otherwise. */
export type Draft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12'

/** A schema document: a JSON Schema is an object or a boolean. */
export type SchemaJson = JsonObject | boolean

/** A schema another one refers to, under the name its `$ref`s use. */
export interface ReferencedDocument {
  name: string
  json: SchemaJson
  draft: Draft
}

/** What `ParsedSchema.value` holds for JSON Schema. */
export interface ParsedJsonSchema {
  root: SchemaJson
  draft: Draft
  /** Every referenced schema, flattened over the reference tree, first name wins. */
  references: ReferencedDocument[]
}

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

export const isSchemaJson = (v: unknown): v is SchemaJson => typeof v === 'boolean' || isJsonObject(v)

/** Own properties only: schemas may use keys such as `constructor` or `__proto__` as property names. */
export const hasOwn = (o: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

export const ownValue = (o: JsonObject, key: string): JsonValue | undefined => (hasOwn(o, key) ? o[key] : undefined)

/** The plugin's view of a ParsedSchema; anything else handed to it is bad input, not a crash. */
export const jsonSchemaOf = (parsed: ParsedSchema): ParsedJsonSchema => {
  const value = parsed?.value as Partial<ParsedJsonSchema> | undefined
  if (parsed?.type !== 'JSON' || !value || !isSchemaJson(value.root) || !Array.isArray(value.references)) {
    throw invalidSchema('Not a parsed JSON Schema')
  }
  return value as ParsedJsonSchema
}
