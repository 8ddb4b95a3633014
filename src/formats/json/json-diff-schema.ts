import { compareArrays } from './json-diff-array.js'
import { compareCombined } from './json-diff-combined.js'
import type { DiffContext } from './json-diff-context.js'
import { compareObjects } from './json-diff-object.js'
import { compareConst, compareEnums, compareNot, compareNumbers, compareStrings } from './json-diff-scalar.js'
import { type CombinedNode, type SchemaNode, EMPTY_NODE } from './json-model.js'

/** Follows `$ref`s to the schema they name; a chain that loops names no schema and reads as `{}`. */
export const dereference = (node: SchemaNode): SchemaNode => {
  const seen = new Set<SchemaNode>()
  let current = node
  while (current.kind === 'ref') {
    if (seen.has(current)) return EMPTY_NODE
    seen.add(current)
    current = current.target()
  }
  return current
}

/** Compares `original` to `update` in a subcontext; keeps its differences only if they are compatible. */
const tryAlternative = (ctx: DiffContext, original: SchemaNode, update: SchemaNode, marker?: string): boolean => {
  const sub = ctx.sub()
  compareSchemas(sub, original, update)
  if (!sub.isCompatible()) return false
  ctx.addAll(sub)
  if (marker) ctx.add(marker)
  return true
}

// A plain schema against a combined one: it may equal a one-branch combination, or be one of the
// branches of a widening anyOf/oneOf (and, the other way round, of a narrowing allOf).
const comparedAsBranch = (ctx: DiffContext, original: SchemaNode, update: SchemaNode): boolean => {
  if (original.kind !== 'combined' && update.kind === 'combined') {
    if (update.subschemas.length === 1) return tryAlternative(ctx, original, update.subschemas[0])
    if (update.criterion === 'allOf') return false
    return update.subschemas.some((branch) => tryAlternative(ctx, original, branch, 'SUM_TYPE_EXTENDED'))
  }
  if (original.kind === 'combined' && update.kind !== 'combined') {
    if (original.subschemas.length === 1) return tryAlternative(ctx, original.subschemas[0], update)
    if (original.criterion !== 'allOf') return false
    return original.subschemas.some((branch) => tryAlternative(ctx, branch, update, 'PRODUCT_TYPE_NARROWED'))
  }
  return false
}

/** everit's classes: integer and number are one class, `true` and `{}` are both the empty schema. */
const sameClass = (a: SchemaNode, b: SchemaNode): boolean => a.kind === b.kind

const compareSameKind = (ctx: DiffContext, original: SchemaNode, update: SchemaNode): void => {
  switch (original.kind) {
    case 'string':
      return compareStrings(ctx, original, update as typeof original)
    case 'number':
      return compareNumbers(ctx, original, update as typeof original)
    case 'enum':
      return compareEnums(ctx, original, update as typeof original)
    case 'const':
      return compareConst(ctx, original, update as typeof original)
    case 'combined':
      return compareCombined(ctx, original, update as CombinedNode)
    case 'not':
      return compareNot(ctx, original, update as typeof original)
    case 'object':
      return compareObjects(ctx, original, update as typeof original)
    case 'array':
      return compareArrays(ctx, original, update as typeof original)
    default:
      return // annotations only (title, description, default, $id): every change is compatible
  }
}

/** Confluent's SchemaDiff.compare: records how `update` (the reader) differs from `original` (the writer). */
export const compareSchemas = (ctx: DiffContext, original?: SchemaNode, update?: SchemaNode): void => {
  if (!original && !update) return
  if (!original) return ctx.add('SCHEMA_ADDED')
  if (!update) return ctx.add('SCHEMA_REMOVED')
  const from = dereference(original)
  const to = dereference(update)
  ctx.comparing(from, to, () => {
    if (comparedAsBranch(ctx, from, to)) return
    if (!sameClass(from, to)) {
      // Anything may become `{}`/`true`, and `false` may become anything: both only widen.
      if (from.kind !== 'false' && to.kind !== 'empty') ctx.add('TYPE_CHANGED')
      return
    }
    ctx.inSchema(from, () => compareSameKind(ctx, from, to))
  })
}
