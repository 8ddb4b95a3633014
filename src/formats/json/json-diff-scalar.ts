import { compareSchemas } from './json-diff-schema.js'
import type { DiffContext } from './json-diff-context.js'
import type { ConstNode, EnumNode, NotNode, NumberNode, StringNode } from './json-model.js'

type Limit = 'ADDED' | 'REMOVED' | 'INCREASED' | 'DECREASED' | undefined

/** How a numeric keyword changed from `original` to `update`. */
const limitChange = (original?: number, update?: number): Limit => {
  if (original === update) return undefined
  if (original === undefined) return 'ADDED'
  if (update === undefined) return 'REMOVED'
  return original < update ? 'INCREASED' : original > update ? 'DECREASED' : undefined
}

const addLimit = (ctx: DiffContext, keyword: string, prefix: string, original?: number, update?: number): void => {
  const change = limitChange(original, update)
  if (change) ctx.add(`${prefix}_${change}`, { attribute: keyword })
}

export const compareStrings = (ctx: DiffContext, original: StringNode, update: StringNode): void => {
  addLimit(ctx, 'maxLength', 'MAX_LENGTH', original.maxLength, update.maxLength)
  addLimit(ctx, 'minLength', 'MIN_LENGTH', original.minLength, update.minLength)
  if (original.pattern === update.pattern) return
  const change = original.pattern === undefined ? 'ADDED' : update.pattern === undefined ? 'REMOVED' : 'CHANGED'
  ctx.add(`PATTERN_${change}`, { attribute: 'pattern' })
}

/** Exact decimal divisibility: 0.1 divides 0.3 although 0.3 % 0.1 is not 0 in binary floating point. */
const divides = (divisor: number, dividend: number): boolean => {
  const scale = (n: number) => (String(n).split(/e/i)[0].split('.')[1] ?? '').length
  const digits = Math.max(scale(divisor), scale(dividend))
  if (!Number.isFinite(divisor) || !Number.isFinite(dividend) || digits > 20 || /e/i.test(`${divisor}${dividend}`)) {
    return Number.isInteger(dividend / divisor)
  }
  const toInt = (n: number) => BigInt(Math.round(n * 10 ** digits))
  const d = toInt(divisor)
  return d !== 0n && toInt(dividend) % d === 0n
}

const compareMultipleOf = (ctx: DiffContext, original?: number, update?: number): void => {
  if (original === update) return
  const type =
    original === undefined
      ? 'MULTIPLE_OF_ADDED'
      : update === undefined
        ? 'MULTIPLE_OF_REMOVED'
        : divides(original, update)
          ? 'MULTIPLE_OF_EXPANDED'
          : divides(update, original)
            ? 'MULTIPLE_OF_REDUCED'
            : 'MULTIPLE_OF_CHANGED'
  ctx.add(type, { attribute: 'multipleOf' })
}

export const compareNumbers = (ctx: DiffContext, original: NumberNode, update: NumberNode): void => {
  addLimit(ctx, 'maximum', 'MAXIMUM', original.maximum, update.maximum)
  addLimit(ctx, 'minimum', 'MINIMUM', original.minimum, update.minimum)
  addLimit(ctx, 'exclusiveMaximum', 'EXCLUSIVE_MAXIMUM', original.exclusiveMaximum, update.exclusiveMaximum)
  addLimit(ctx, 'exclusiveMinimum', 'EXCLUSIVE_MINIMUM', original.exclusiveMinimum, update.exclusiveMinimum)
  compareMultipleOf(ctx, original.multipleOf, update.multipleOf)
  if (original.integer !== update.integer) ctx.add(original.integer ? 'TYPE_EXTENDED' : 'TYPE_NARROWED')
}

const containsAll = (set: ReadonlySet<string>, of: ReadonlySet<string>): boolean => [...of].every((v) => set.has(v))

export const compareEnums = (ctx: DiffContext, original: EnumNode, update: EnumNode): void => {
  const { values: before } = original
  const { values: after } = update
  if (before.size === after.size && containsAll(after, before)) return
  const type = containsAll(after, before) ? 'ENUM_ARRAY_EXTENDED' : containsAll(before, after) ? 'ENUM_ARRAY_NARROWED' : 'ENUM_ARRAY_CHANGED'
  ctx.add(type, { attribute: 'enum' })
}

export const compareConst = (ctx: DiffContext, original: ConstNode, update: ConstNode): void => {
  if (original.value !== update.value) ctx.add('ENUM_ARRAY_CHANGED', { attribute: 'const' })
}

/** `not` inverts: the new schema may exclude less, so the excluded schemas compare the other way. */
export const compareNot = (ctx: DiffContext, original: NotNode, update: NotNode): void => {
  ctx.inPath('not', () => {
    const sub = ctx.sub()
    compareSchemas(sub, update.mustNotMatch, original.mustNotMatch)
    ctx.add(sub.isCompatible() ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED')
  })
}
