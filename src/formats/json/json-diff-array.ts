import type { DiffContext } from './json-diff-context.js'
import { isOpenModel, partialSchemaFor } from './json-diff-content-model.js'
import { compareAdditional, compareCount } from './json-diff-object.js'
import { compareSchemas } from './json-diff-schema.js'
import type { ArrayNode, SchemaNode } from './json-model.js'

const coverage = (ctx: DiffContext, original: SchemaNode, update: SchemaNode, what: 'ADDED' | 'REMOVED'): void => {
  const sub = ctx.sub()
  compareSchemas(sub, original, update)
  ctx.addAll(sub)
  ctx.add(`ITEM_${what}_${sub.isCompatible() ? 'IS' : 'NOT'}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`)
}

/** A tuple position the new schema dropped: judged by the new schema's content model. */
const itemRemoved = (ctx: DiffContext, before: SchemaNode, update: ArrayNode): void => {
  if (isOpenModel(update)) return ctx.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL')
  const partial = partialSchemaFor(update)
  if (partial) return coverage(ctx, before, partial, 'REMOVED')
  ctx.add(before.kind === 'false' ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL')
}

/** A tuple position the new schema added: judged by the old schema's content model. */
const itemAdded = (ctx: DiffContext, after: SchemaNode, original: ArrayNode): void => {
  if (isOpenModel(original)) {
    return ctx.add(after.kind === 'empty' ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL')
  }
  const partial = partialSchemaFor(original)
  if (partial) return coverage(ctx, partial, after, 'ADDED')
  ctx.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL')
}

const compareTuples = (ctx: DiffContext, original: ArrayNode, update: ArrayNode): void => {
  const length = Math.max(original.itemSchemas.length, update.itemSchemas.length)
  for (let i = 0; i < length; i++) {
    const before = original.itemSchemas[i]
    const after = update.itemSchemas[i]
    ctx.inPath(`items/${i}`, () => {
      if (before && after) compareSchemas(ctx, before, after)
      else if (before) itemRemoved(ctx, before, update)
      else itemAdded(ctx, after, original)
    })
  }
}

/**
 * Confluent's ArraySchemaDiff.compareContainsAttribute: like minItems/maxItems, but two values with
 * the same integer part are no change (it compares `intValue()`s). The `contains` schema itself is
 * not compared, as in Confluent.
 */
const compareContainsCount = (ctx: DiffContext, keyword: string, prefix: string, original?: number, update?: number): void => {
  if (original !== undefined && update !== undefined && Math.trunc(original) === Math.trunc(update)) return
  compareCount(ctx, keyword, prefix, original, update)
}

export const compareArrays = (ctx: DiffContext, original: ArrayNode, update: ArrayNode): void => {
  ctx.inPath('items', () => compareSchemas(ctx, original.allItems, update.allItems))
  compareTuples(ctx, original, update)
  compareAdditional(ctx, 'additionalItems', 'ADDITIONAL_ITEMS', original.additional, update.additional)
  compareAdditional(ctx, 'unevaluatedItems', 'UNEVALUATED_ITEMS', original.unevaluated, update.unevaluated)
  compareCount(ctx, 'maxItems', 'MAX_ITEMS', original.maxItems, update.maxItems)
  compareCount(ctx, 'minItems', 'MIN_ITEMS', original.minItems, update.minItems)
  if (original.uniqueItems !== update.uniqueItems) {
    ctx.add(original.uniqueItems ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED', { attribute: 'uniqueItems' })
  }
  compareContainsCount(ctx, 'maxContains', 'MAX_CONTAINS', original.maxContains, update.maxContains)
  compareContainsCount(ctx, 'minContains', 'MIN_CONTAINS', original.minContains, update.minContains)
}
