import type { DiffContext } from './json-diff-context.js'
import { additionalChange, isOpenModel, partialSchemaFor } from './json-diff-content-model.js'
import { isLenient } from './json-difference.js'
import { compareSchemas } from './json-diff-schema.js'
import type { Additional, ObjectNode, SchemaNode } from './json-model.js'

/** `required` changes count only for properties both versions declare. */
const compareRequired = (ctx: DiffContext, original: ObjectNode, update: ObjectNode): void =>
  ctx.inPath('required', () => {
    for (const name of original.properties.keys()) {
      const schema = update.properties.get(name)
      if (!schema) continue
      const before = original.required.has(name)
      const after = update.required.has(name)
      if (before && !after) ctx.add('REQUIRED_ATTRIBUTE_REMOVED', { attribute: name })
      if (!before && after) {
        ctx.add(schema.hasDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED', { attribute: name })
      }
    }
  })

/** Judges `original` → `update` against a partial model's schema; under LENIENT, uncovered is fine. */
const coverage = (ctx: DiffContext, original: SchemaNode, update: SchemaNode, what: 'ADDED' | 'REMOVED'): void => {
  const sub = ctx.sub()
  compareSchemas(sub, original, update)
  const covered = sub.isCompatible()
  if (covered || !isLenient(ctx.policy)) ctx.addAll(sub)
  ctx.add(`PROPERTY_${what}_${covered ? 'IS' : 'NOT'}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`)
}

/** A property the new schema dropped: judged by the new schema's content model. */
const propertyRemoved = (ctx: DiffContext, name: string, before: SchemaNode, original: ObjectNode, update: ObjectNode): void => {
  if (isOpenModel(update)) return ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL')
  const partial = partialSchemaFor(update, name)
  if (partial) return coverage(ctx, before, partial, 'REMOVED')
  if (before.kind === 'false') return ctx.add('PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL')
  ctx.add('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', { required: original.required.has(name) })
}

const requiredAdded = (required: boolean, schema: SchemaNode, model: 'OPEN' | 'UNOPEN'): string => {
  if (!required) return `OPTIONAL_PROPERTY_ADDED_TO_${model}_CONTENT_MODEL`
  return `REQUIRED_PROPERTY_${schema.hasDefault ? 'WITH_DEFAULT_' : ''}ADDED_TO_${model}_CONTENT_MODEL`
}

/** A property the new schema declares first: judged by the old schema's content model. */
const propertyAdded = (ctx: DiffContext, name: string, after: SchemaNode, original: ObjectNode, update: ObjectNode): void => {
  const required = update.required.has(name)
  if (isOpenModel(original)) {
    // Old documents may already hold the name with any value; only `{}` accepts them all.
    if (after.kind === 'empty') return ctx.add('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL')
    return ctx.add(requiredAdded(required, after, 'OPEN'))
  }
  const partial = partialSchemaFor(original, name)
  if (partial) coverage(ctx, partial, after, 'ADDED')
  ctx.add(requiredAdded(required, after, 'UNOPEN'))
}

const compareProperties = (ctx: DiffContext, original: ObjectNode, update: ObjectNode): void =>
  ctx.inPath('properties', () => {
    const names = new Set([...original.properties.keys(), ...update.properties.keys()])
    for (const name of names) {
      const before = original.properties.get(name)
      const after = update.properties.get(name)
      ctx.inPath(name, () => {
        if (before && !after) propertyRemoved(ctx, name, before, original, update)
        else if (!before && after) propertyAdded(ctx, name, after, original, update)
        else compareSchemas(ctx, before, after)
      })
    }
  })

const dependencyChange = (before?: ReadonlySet<string>, after?: ReadonlySet<string>): string | undefined => {
  if (!after) return 'DEPENDENCY_ARRAY_REMOVED'
  if (!before) return 'DEPENDENCY_ARRAY_ADDED'
  const afterHasAll = [...before].every((p) => after.has(p))
  const beforeHasAll = [...after].every((p) => before.has(p))
  if (afterHasAll && beforeHasAll) return undefined
  return afterHasAll ? 'DEPENDENCY_ARRAY_EXTENDED' : beforeHasAll ? 'DEPENDENCY_ARRAY_NARROWED' : 'DEPENDENCY_ARRAY_CHANGED'
}

const compareDependencies = (ctx: DiffContext, original: ObjectNode, update: ObjectNode): void =>
  ctx.inPath('dependencies', () => {
    const arrays = new Set([...original.propertyDependencies.keys(), ...update.propertyDependencies.keys()])
    for (const name of arrays) {
      const change = dependencyChange(original.propertyDependencies.get(name), update.propertyDependencies.get(name))
      if (change) ctx.add(change, { attribute: name })
    }
    const schemas = new Set([...original.schemaDependencies.keys(), ...update.schemaDependencies.keys()])
    for (const name of schemas) {
      const before = original.schemaDependencies.get(name)
      const after = update.schemaDependencies.get(name)
      if (!after) ctx.add('DEPENDENCY_SCHEMA_REMOVED', { attribute: name })
      else if (!before) ctx.add('DEPENDENCY_SCHEMA_ADDED', { attribute: name })
      else ctx.inPath(name, () => compareSchemas(ctx, before, after))
    }
  })

/** `additionalProperties`, `additionalItems` and the unevaluated keywords compare alike. */
export const compareAdditional = (ctx: DiffContext, keyword: string, prefix: string, original: Additional, update: Additional): void =>
  ctx.inPath(keyword, () => {
    const change = additionalChange(original, update, prefix)
    if (change) ctx.add(change)
    else compareSchemas(ctx, original.schema, update.schema)
  })

/** `prefix` of ..._ADDED etc. for a numeric keyword such as maxProperties. */
export const compareCount = (ctx: DiffContext, keyword: string, prefix: string, original?: number, update?: number): void => {
  if (original === update) return
  const change = original === undefined ? 'ADDED' : update === undefined ? 'REMOVED' : original < update ? 'INCREASED' : 'DECREASED'
  ctx.add(`${prefix}_${change}`, { attribute: keyword })
}

export const compareObjects = (ctx: DiffContext, original: ObjectNode, update: ObjectNode): void => {
  compareRequired(ctx, original, update)
  compareProperties(ctx, original, update)
  compareDependencies(ctx, original, update)
  compareAdditional(ctx, 'additionalProperties', 'ADDITIONAL_PROPERTIES', original.additional, update.additional)
  compareAdditional(ctx, 'unevaluatedProperties', 'UNEVALUATED_PROPERTIES', original.unevaluated, update.unevaluated)
  compareCount(ctx, 'maxProperties', 'MAX_PROPERTIES', original.maxProperties, update.maxProperties)
  compareCount(ctx, 'minProperties', 'MIN_PROPERTIES', original.minProperties, update.minProperties)
}
