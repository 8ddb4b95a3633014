import type { FieldDef, Label, MessageDef, TypeRef } from './protobuf-model.js'
import { addDifference, isCompatible, originOf, subContext, symbolOf, type DiffContext, type Side } from './protobuf-diff-context.js'

/**
 * One field against the field with the same number, as Confluent's `FieldSchemaDiff` compares
 * them: kind (scalar, message, map), scalar group, label, and message types by local name.
 */

type FieldType = { kind: 'scalar'; group: string } | { kind: 'map'; key: FieldType; value: FieldType } | { kind: 'message'; ref: TypeRef }

/** Changes inside a group are wire-compatible; enums travel as varints, like int32. */
const SCALAR_GROUPS: Record<string, string> = {
  int32: 'GENERAL_NUMBER',
  int64: 'GENERAL_NUMBER',
  uint32: 'GENERAL_NUMBER',
  uint64: 'GENERAL_NUMBER',
  bool: 'GENERAL_NUMBER',
  sint32: 'SIGNED_NUMBER',
  sint64: 'SIGNED_NUMBER',
  string: 'STRING_OR_BYTES',
  bytes: 'STRING_OR_BYTES',
  fixed32: 'FIXED32',
  sfixed32: 'FIXED32',
  fixed64: 'FIXED64',
  sfixed64: 'FIXED64',
  float: 'FLOAT',
  double: 'DOUBLE',
}

/** The entry message when a reference names a synthetic `map<K, V>` entry. */
const mapEntry = (ctx: DiffContext, side: Side, ref: TypeRef): MessageDef | undefined => {
  const msg = symbolOf(ctx, side, ref.resolved)?.message
  return msg?.mapEntry && msg.fields.length === 2 ? msg : undefined
}

const typeOf = (ctx: DiffContext, side: Side, ref: TypeRef): FieldType => {
  if (ref.kind === 'scalar') return { kind: 'scalar', group: SCALAR_GROUPS[ref.written] ?? ref.written }
  if (ref.kind === 'enum') return { kind: 'scalar', group: 'GENERAL_NUMBER' }
  const entry = mapEntry(ctx, side, ref)
  if (entry) {
    const [key, value] = entry.fields as [FieldDef, FieldDef]
    return { kind: 'map', key: typeOf(ctx, side, key.type), value: typeOf(ctx, side, value.type) }
  }
  return { kind: 'message', ref }
}

/** A map field has no label in `.proto` text, which is what Confluent compares. */
const labelOf = (ctx: DiffContext, side: Side, f: FieldDef): Label => (mapEntry(ctx, side, f.type) ? undefined : f.label)

const localName = (fqn: string, pkg: string): string => (pkg && fqn.startsWith(pkg + '.') ? fqn.slice(pkg.length + 1) : fqn)

const compareMessageTypes = (ctx: DiffContext, original: TypeRef, update: TypeRef, compareMessage: MessageComparer): void => {
  const o = symbolOf(ctx, 'original', original.resolved)
  const u = symbolOf(ctx, 'update', update.resolved)
  if (!o?.message || !u?.message || !original.resolved || !update.resolved) {
    if (original.written !== update.written) addDifference(ctx, 'FIELD_NAMED_TYPE_CHANGED')
    return
  }
  const oLocal = localName(original.resolved, o.pkg)
  if (oLocal !== localName(update.resolved, u.pkg)) {
    addDifference(ctx, 'FIELD_NAMED_TYPE_CHANGED')
    return
  }
  const oOrigin = originOf(ctx, 'original', o)
  const uOrigin = originOf(ctx, 'update', u)
  // Confluent skips types that both sides take from the same file: local ones are compared where
  // they are declared, and one subject version is the same schema on both sides.
  if (oOrigin && uOrigin && oOrigin.subject === uOrigin.subject && oOrigin.version === uOrigin.version) return
  const key = `${original.resolved}|${update.resolved}`
  let diffs = ctx.memo.get(key)
  if (!diffs) {
    const sub = subContext(ctx, oLocal)
    compareMessage(sub, o.message, u.message)
    diffs = sub.diffs
    ctx.memo.set(key, diffs)
  }
  ctx.diffs.push(...diffs)
  if (!isCompatible(diffs)) addDifference(ctx, 'FIELD_NAMED_TYPE_CHANGED')
}

export type MessageComparer = (ctx: DiffContext, original: MessageDef, update: MessageDef) => void

const compareTypes = (ctx: DiffContext, labels: [Label, Label], original: FieldType, update: FieldType, compareMessage: MessageComparer): void => {
  if (original.kind !== update.kind) return addDifference(ctx, 'FIELD_KIND_CHANGED')
  if (original.kind === 'scalar' && update.kind === 'scalar') {
    if (original.group !== update.group) return addDifference(ctx, 'FIELD_SCALAR_KIND_CHANGED')
    const [ol, ul] = labels
    if (ol !== undefined && ul !== undefined && ol !== ul) {
      addDifference(ctx, original.group === 'STRING_OR_BYTES' ? 'FIELD_STRING_OR_BYTES_LABEL_CHANGED' : 'FIELD_NUMERIC_LABEL_CHANGED')
    }
    return
  }
  if (original.kind === 'map' && update.kind === 'map') {
    compareTypes(ctx, [undefined, undefined], original.key, update.key, compareMessage)
    compareTypes(ctx, [undefined, undefined], original.value, update.value, compareMessage)
    return
  }
  if (original.kind === 'message' && update.kind === 'message') compareMessageTypes(ctx, original.ref, update.ref, compareMessage)
}

/** Compares two fields with one number; differences land at the context's current path. */
export const compareFields = (ctx: DiffContext, original: FieldDef, update: FieldDef, compareMessage: MessageComparer): void => {
  if (original.name !== update.name) addDifference(ctx, 'FIELD_NAME_CHANGED')
  const labels: [Label, Label] = [labelOf(ctx, 'original', original), labelOf(ctx, 'update', update)]
  compareTypes(ctx, labels, typeOf(ctx, 'original', original.type), typeOf(ctx, 'update', update.type), compareMessage)
}
