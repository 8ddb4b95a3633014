import { createRequire } from 'node:module'
import { Ajv, type AnySchema, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import AjvDraft04Module from 'ajv-draft-04'
import addFormatsModule from 'ajv-formats'
import type { CodecFactory } from './codec.js'

// Both are CommonJS with a default export; under NodeNext the value sits on `.default`.
const AjvDraft04 = AjvDraft04Module.default
const addFormats = addFormatsModule.default
// A JSON import through require: import attributes need Node 20.10, the client promises any Node 20.
const draft06MetaSchema = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as AnySchema & { $id: string }

type Draft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12'

const DRAFTS: ReadonlyMap<string, Draft> = new Map([
  ['json-schema.org/draft-04/schema', 'draft-04'],
  ['json-schema.org/draft-06/schema', 'draft-06'],
  ['json-schema.org/draft-07/schema', 'draft-07'],
  ['json-schema.org/draft/2019-09/schema', '2019-09'],
  ['json-schema.org/draft/2020-12/schema', '2020-12'],
])

/** The draft `$schema` names, draft 7 when it names none or one we do not know (as the registry reads it). */
const draftOf = (json: unknown): Draft => {
  const declared = typeof json === 'object' && json !== null ? (json as { $schema?: unknown }).$schema : undefined
  if (typeof declared !== 'string') return 'draft-07'
  const path = declared
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/#$/, '')
    .replace(/\/$/, '')
  return DRAFTS.get(path) ?? 'draft-07'
}

const newAjv = (draft: Draft): Ajv => {
  // unknown keywords and formats are allowed, as the registry allows them
  const options: Options = { strict: false, logger: false, allErrors: true, validateFormats: true }
  switch (draft) {
    case 'draft-04':
      return new AjvDraft04(options) as unknown as Ajv
    case 'draft-06': {
      const ajv = new Ajv({ ...options, defaultMeta: draft06MetaSchema.$id })
      ajv.addMetaSchema(draft06MetaSchema)
      return ajv
    }
    case 'draft-07':
      return new Ajv(options)
    case '2019-09':
      return new Ajv2019(options) as unknown as Ajv
    case '2020-12':
      return new Ajv2020(options) as unknown as Ajv
  }
}

/** ajv checks `$schema` against the meta-schemas it holds; the draft was already chosen from it. */
const withoutSchemaKeyword = (json: unknown): AnySchema => {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json as AnySchema
  const { $schema: _drop, ...rest } = json as Record<string, unknown>
  return rest
}

const describe = (errors: ErrorObject[]): string =>
  errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ')

const utf8 = new TextDecoder('utf-8', { fatal: true })
const encoder = new TextEncoder()

/**
 * JSON Schema with ajv in the schema's draft, formats from ajv-formats; referenced schemas are added
 * under the names their `$ref`s use. The payload is the value's JSON text in UTF-8. Both directions
 * validate: a producer must not write what the schema forbids, a consumer learns at once when a record
 * does not fit.
 */
export const jsonCodec: CodecFactory = (schema, references) => {
  const root = JSON.parse(schema) as unknown
  const ajv = newAjv(draftOf(root))
  addFormats(ajv)
  for (const ref of references) if (!ajv.getSchema(ref.name)) ajv.addSchema(withoutSchemaKeyword(JSON.parse(ref.schema)), ref.name)
  const validate: ValidateFunction = ajv.compile(withoutSchemaKeyword(root))
  const check = (value: unknown): void => {
    if (!validate(value)) throw new Error(`the value does not fit the JSON Schema: ${describe(validate.errors ?? [])}`)
  }
  return {
    encode(value) {
      check(value)
      return encoder.encode(JSON.stringify(value))
    },
    decode(body) {
      const value = JSON.parse(utf8.decode(body)) as unknown
      check(value)
      return value
    },
  }
}
