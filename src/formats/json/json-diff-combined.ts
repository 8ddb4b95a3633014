import { sortedJson } from './json-canonical.js'
import type { DiffContext } from './json-diff-context.js'
import { compareSchemas } from './json-diff-schema.js'
import { maximumMatching } from './json-matching.js'
import type { CombinedNode, SchemaNode } from './json-model.js'

const keys = new WeakMap<SchemaNode, string>()

/** Confluent collapses equal branches (by their JSON); kind and type tell apart branches of one object. */
const branchKey = (node: SchemaNode): string => {
  let key = keys.get(node)
  if (key === undefined) {
    const kind =
      node.kind === 'combined'
        ? `${node.criterion}${node.synthetic ? '*' : ''}`
        : node.kind === 'number'
          ? node.integer
            ? 'integer'
            : 'number'
          : node.kind === 'ref'
            ? `ref ${node.ref}`
            : node.kind
    key = `${kind}:${node.kind === 'ref' ? '' : sortedJson(node.source)}`
    keys.set(node, key)
  }
  return key
}

const distinct = (nodes: readonly SchemaNode[]): SchemaNode[] => {
  const byKey = new Map<string, SchemaNode>()
  for (const node of nodes) if (!byKey.has(branchKey(node))) byKey.set(branchKey(node), node)
  return [...byKey.values()]
}

const isSingleton = (node: CombinedNode): boolean => node.subschemas.length === 1

/** A change of combination keyword: to `anyOf` only widens, and so does leaving a one-branch one. */
const criterionChange = (original: CombinedNode, update: CombinedNode): string | undefined => {
  if (original.criterion === update.criterion) return undefined
  const widens =
    update.criterion === 'anyOf' ||
    (isSingleton(original) && isSingleton(update)) ||
    (isSingleton(original) && update.criterion === 'oneOf') ||
    (isSingleton(update) && original.criterion === 'allOf')
  return widens ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED'
}

const sizeChange = (original: CombinedNode, update: CombinedNode, before: number, after: number): string | undefined => {
  if (before < after) return update.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED'
  if (before > after) return original.criterion === 'allOf' ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED'
  return undefined
}

/** Every compatible (old branch, new branch) pair, with the differences that make it compatible. */
const compatiblePairs = (ctx: DiffContext, criterion: string, before: SchemaNode[], after: SchemaNode[]) =>
  before.map((branch, i) =>
    ctx.inPath(`${criterion}/${i}`, () =>
      after.flatMap((candidate, j) => {
        const sub = ctx.sub()
        compareSchemas(sub, branch, candidate)
        return sub.isCompatible() ? [{ j, sub }] : []
      }),
    ),
  )

/** Branches are paired by a best matching; every branch of the smaller side must find a partner. */
export const compareCombined = (ctx: DiffContext, original: CombinedNode, update: CombinedNode): void => {
  const criterion = criterionChange(original, update)
  if (criterion) ctx.add(criterion)
  if (criterion === 'COMBINED_TYPE_CHANGED') return
  const before = distinct(original.subschemas)
  const after = distinct(update.subschemas)
  const size = sizeChange(original, update, before.length, after.length)
  if (size) ctx.add(size)
  const pairs = compatiblePairs(ctx, original.criterion, before, after)
  const partners = maximumMatching(
    pairs.map((p) => p.map(({ j }) => j)),
    after.length,
  )
  let matched = 0
  partners.forEach((j, i) => {
    if (j < 0) return
    matched++
    ctx.addAll((pairs[i].find((p) => p.j === j) as { sub: DiffContext }).sub)
  })
  if (matched < Math.min(before.length, after.length)) ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED')
}
