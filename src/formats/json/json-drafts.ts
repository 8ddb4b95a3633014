import { invalidSchema } from '../../errors/registry-error.js'
import { type Draft, type SchemaJson, isJsonObject, ownValue } from './json-types.js'

// Confluent looks the `$schema` URL up among the known meta-schemas and falls back to draft 7; we
// accept the usual spellings (http or https, with or without the empty fragment).
const DRAFTS_BY_META_PATH: ReadonlyMap<string, Draft> = new Map([
  ['json-schema.org/draft-04/schema', 'draft-04'],
  ['json-schema.org/draft-06/schema', 'draft-06'],
  ['json-schema.org/draft-07/schema', 'draft-07'],
  ['json-schema.org/draft/2019-09/schema', '2019-09'],
  ['json-schema.org/draft/2020-12/schema', '2020-12'],
])

export const DEFAULT_DRAFT: Draft = 'draft-07'

const metaPath = (uri: string): string =>
  uri
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/#$/, '')
    .replace(/\/$/, '')

/** The draft a schema document declares with `$schema`. */
export const draftOf = (json: SchemaJson): Draft => {
  if (!isJsonObject(json)) return DEFAULT_DRAFT
  const declared = ownValue(json, '$schema')
  if (declared === undefined) return DEFAULT_DRAFT
  if (typeof declared !== 'string') throw invalidSchema("Invalid JSON Schema: '#/$schema' must be a string")
  return DRAFTS_BY_META_PATH.get(metaPath(declared)) ?? DEFAULT_DRAFT
}

/** 2019-09 and 2020-12, which Confluent reads through json-sKema rather than everit. */
export const isModernDraft = (draft: Draft): boolean => draft === '2019-09' || draft === '2020-12'

/** Drafts up to 7 ignore every keyword beside `$ref`; 2019-09 made `$ref` an ordinary applicator. */
export const refHasSiblings = isModernDraft

/** Draft 4 names the base URI keyword `id`; later drafts `$id`. */
export const idKeyword = (draft: Draft): '$id' | 'id' => (draft === 'draft-04' ? 'id' : '$id')

/** The document's own base URI, when it declares one. */
export const documentId = (json: SchemaJson, draft: Draft): string | undefined => {
  if (!isJsonObject(json)) return undefined
  const id = ownValue(json, idKeyword(draft))
  return typeof id === 'string' ? id : undefined
}

/** The meta-schemas and vocabularies of json-schema.org, which schemas may `$ref` without a reference. */
export const isMetaSchemaDocument = (uri: string): boolean => /^https?:\/\/json-schema\.org\//i.test(uri)
