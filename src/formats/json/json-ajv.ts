import { Ajv, type AnySchema, type ErrorObject, type Options } from 'ajv'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' }
import AjvDraft04Module from 'ajv-draft-04'
import type { Draft } from './json-types.js'

/** The part of ajv this plugin uses; the draft classes differ only in vocabulary. */
export interface AjvLike {
  validateSchema(schema: AnySchema): boolean | Promise<unknown>
  errors?: ErrorObject[] | null
}

// ajv-draft-04 is CommonJS with a default export; under NodeNext its class sits on `.default`.
const AjvDraft04 = AjvDraft04Module.default

// Unknown keywords and formats are allowed (Confluent ignores them), and ajv must not log.
const BASE_OPTIONS: Options = { strict: false, logger: false }

export const newAjv = (draft: Draft, options: Options): AjvLike => {
  const all = { ...BASE_OPTIONS, ...options }
  switch (draft) {
    case 'draft-04':
      return new AjvDraft04(all)
    case 'draft-06': {
      const ajv = new Ajv({ ...all, defaultMeta: draft06MetaSchema.$id })
      ajv.addMetaSchema(draft06MetaSchema)
      return ajv
    }
    case 'draft-07':
      return new Ajv(all)
    case '2019-09':
      return new Ajv2019(all)
    case '2020-12':
      return new Ajv2020(all)
  }
}

const metaValidators = new Map<Draft, AjvLike>()

/** One meta-schema validator per draft, built on first use: it keeps no state between schemas. */
export const metaValidator = (draft: Draft): AjvLike => {
  let ajv = metaValidators.get(draft)
  if (!ajv) {
    ajv = newAjv(draft, { allErrors: true })
    metaValidators.set(draft, ajv)
  }
  return ajv
}

export type { AnySchema, ErrorObject }
