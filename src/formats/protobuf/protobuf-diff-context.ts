import type { MessageDef } from './protobuf-model.js'
import type { FileOrigin, ProtoSchema } from './protobuf-schema.js'
import type { ProtoSymbol } from './protobuf-symbols.js'

/**
 * The state of one diff from `original` (the writer's schema) to `update` (the reader's), as
 * Confluent's protobuf `SchemaDiff` walks it: a path for each difference and a guard against
 * comparing a message while it is already being compared (recursive types).
 */

export const DIFFERENCE_TYPES = [
  'PACKAGE_CHANGED',
  'MESSAGE_ADDED',
  'MESSAGE_REMOVED',
  'MESSAGE_MOVED',
  'ENUM_ADDED',
  'ENUM_REMOVED',
  'ENUM_CONST_ADDED',
  'ENUM_CONST_CHANGED',
  'ENUM_CONST_REMOVED',
  'FIELD_ADDED',
  'FIELD_REMOVED',
  'FIELD_NAME_CHANGED',
  'FIELD_KIND_CHANGED',
  'FIELD_SCALAR_KIND_CHANGED',
  'FIELD_NAMED_TYPE_CHANGED',
  'FIELD_NUMERIC_LABEL_CHANGED',
  'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
  'REQUIRED_FIELD_ADDED',
  'REQUIRED_FIELD_REMOVED',
  'ONEOF_ADDED',
  'ONEOF_REMOVED',
  'ONEOF_FIELD_ADDED',
  'ONEOF_FIELD_REMOVED',
  'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
  'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
  'FIELD_MOVED_TO_EXISTING_ONEOF',
] as const
export type DifferenceType = (typeof DIFFERENCE_TYPES)[number]

/** Confluent's `SchemaDiff.COMPATIBLE_CHANGES` (plus the newer move of a oneof member to top level). */
export const COMPATIBLE_CHANGES: ReadonlySet<DifferenceType> = new Set<DifferenceType>([
  'MESSAGE_ADDED',
  'MESSAGE_MOVED',
  'ENUM_ADDED',
  'ENUM_REMOVED',
  'ENUM_CONST_ADDED',
  'ENUM_CONST_CHANGED',
  'ENUM_CONST_REMOVED',
  'FIELD_ADDED',
  'FIELD_REMOVED',
  'FIELD_NAME_CHANGED',
  'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
  'ONEOF_ADDED',
  'ONEOF_REMOVED',
  'ONEOF_FIELD_ADDED',
  'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
])

export interface Difference {
  type: DifferenceType
  path: string
}

export type Side = 'original' | 'update'

export interface DiffContext {
  original: ProtoSchema
  update: ProtoSchema
  path: string[]
  diffs: Difference[]
  /** Original messages being compared right now: Confluent's `enterSchema` guard. */
  inProgress: Set<MessageDef>
  /** Comparisons of imported message types already made, by the two full names. */
  memo: Map<string, Difference[]>
}

export const newContext = (original: ProtoSchema, update: ProtoSchema): DiffContext => ({
  original,
  update,
  path: [],
  diffs: [],
  inProgress: new Set(),
  memo: new Map(),
})

/** A fresh context for comparing two referenced message types, rooted at their local name. */
export const subContext = (ctx: DiffContext, localName: string): DiffContext => ({
  ...ctx,
  path: localName.split('.'),
  diffs: [],
  inProgress: new Set(ctx.inProgress),
})

export const addDifference = (ctx: DiffContext, type: DifferenceType, ...extra: string[]): void => {
  ctx.diffs.push({ type, path: `#/${[...ctx.path, ...extra].join('/')}` })
}

export const withPath = <T>(ctx: DiffContext, parts: string[], run: () => T): T => {
  ctx.path.push(...parts)
  try {
    return run()
  } finally {
    ctx.path.splice(ctx.path.length - parts.length, parts.length)
  }
}

export const isCompatible = (diffs: Difference[]): boolean => diffs.every((d) => COMPATIBLE_CHANGES.has(d.type))

export const schemaOf = (ctx: DiffContext, side: Side): ProtoSchema => (side === 'original' ? ctx.original : ctx.update)

export const symbolOf = (ctx: DiffContext, side: Side, fqn: string | undefined): ProtoSymbol | undefined => (fqn === undefined ? undefined : schemaOf(ctx, side).table.get(fqn))

/** Local types share one origin (Confluent's dummy reference); built-in imports have none. */
export const originOf = (ctx: DiffContext, side: Side, symbol: ProtoSymbol): FileOrigin | undefined =>
  symbol.file === '' ? { subject: '', version: -1 } : schemaOf(ctx, side).deps.get(symbol.file)?.origin
