import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import type { CheckOptions, Incompatibility, ParsedSchema } from '../format-plugin.js'
import { DiffContext } from './json-diff-context.js'
import { compareSchemas } from './json-diff-schema.js'
import { isCompatibleChange } from './json-difference.js'
import { describeDifference } from './json-difference-messages.js'
import { jsonLogicalFindings } from './json-logical.js'
import type { SchemaNode } from './json-model.js'
import { ModelBuilder } from './json-model-build.js'
import { type ParsedJsonSchema, isJsonObject, jsonSchemaOf, ownValue } from './json-types.js'

// A stored schema is checked against every new one; its model is built once.
const models = new WeakMap<ParsedJsonSchema, SchemaNode>()

const modelOf = (parsed: ParsedSchema): SchemaNode => {
  const schema = jsonSchemaOf(parsed)
  let model = models.get(schema)
  if (!model) {
    model = new ModelBuilder(schema).root()
    models.set(schema, model)
  }
  return model
}

/**
 * Confluent's JSON Schema diff, written from the writer's schema (original) to the reader's (update):
 * every document valid under the writer must stay valid under the reader. Lists the differences the
 * policy does not accept.
 */
export const checkJsonReadable = (reader: ParsedSchema, writer: ParsedSchema, options: CheckOptions): Incompatibility[] => {
  try {
    const policy = options?.policy ?? 'STRICT'
    const ctx = DiffContext.start(policy)
    compareSchemas(ctx, modelOf(writer), modelOf(reader))
    const native: Incompatibility[] = ctx.differences.filter((d) => !isCompatibleChange(d, policy)).map((d) => ({ kind: d.type, path: d.path, description: describeDifference(d) }))
    // LOGICAL adds the table-column rules to the diff's own, never relaxes them (Confluent's LogicalPolicyChecker)
    return policy === 'LOGICAL' ? [...native, ...jsonLogicalFindings(modelOf(reader), modelOf(writer))] : native
  } catch (e) {
    if (isRegistryError(e)) throw e
    throw invalidSchema(`The schemas could not be compared: ${(e as Error)?.message ?? String(e)}`, e)
  }
}

/** Confluent's `hasTopLevelField`: the names under the root schema's own `properties`. */
export const jsonFieldNames = (parsed: ParsedSchema): string[] => {
  const { root } = jsonSchemaOf(parsed)
  const properties = isJsonObject(root) ? ownValue(root, 'properties') : undefined
  return isJsonObject(properties) ? Object.keys(properties) : []
}
