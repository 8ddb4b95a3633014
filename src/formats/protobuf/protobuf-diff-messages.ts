import type { EnumDef, FieldDef, MessageDef } from './protobuf-model.js'
import { addDifference, withPath, type DiffContext } from './protobuf-diff-context.js'
import { compareFields } from './protobuf-diff-fields.js'

/**
 * Messages, oneofs and enums as Confluent's `MessageSchemaDiff`, `SchemaDiff` and `EnumSchemaDiff`
 * compare them. Every field is matched by number across the whole message, whatever oneof holds it,
 * so that oneof renames and moves cannot hide a change of type or a removal.
 */

interface FieldIndex {
  byTag: Map<number, FieldDef>
  oneofOf: Map<number, string>
  oneofs: Map<string, FieldDef[]>
}

/** Group fields are not fields in Confluent's parsed model, so the diff never sees them. */
const indexFields = (msg: MessageDef): FieldIndex => {
  const index: FieldIndex = { byTag: new Map(), oneofOf: new Map(), oneofs: new Map() }
  msg.oneofs.forEach((o) => index.oneofs.set(o.name, []))
  for (const f of msg.fields) {
    if (f.type.kind === 'group') continue
    index.byTag.set(f.number, f)
    const oneof = f.oneof === undefined ? undefined : msg.oneofs[f.oneof]?.name
    if (oneof === undefined) continue
    index.oneofOf.set(f.number, oneof)
    index.oneofs.get(oneof)?.push(f)
  }
  return index
}

/** A oneof removed with none of its members left anywhere is a plain deletion (compatible). */
const deletedOneofs = (original: FieldIndex, update: FieldIndex): Set<string> => {
  const deleted = new Set<string>()
  for (const [name, members] of original.oneofs) {
    if (!update.oneofs.has(name) && !members.some((f) => update.byTag.has(f.number))) deleted.add(name)
  }
  return deleted
}

/** Fields that were independent must not become mutually exclusive in one oneof. */
const checkNewExclusivity = (ctx: DiffContext, original: FieldIndex, update: FieldIndex): void => {
  for (const [name, members] of update.oneofs) {
    const groups = new Set<string>()
    let movedFromTop = 0
    for (const f of members) {
      const was = original.oneofOf.get(f.number)
      if (was !== undefined) groups.add(`oneof:${was}`)
      else if (original.byTag.has(f.number)) {
        groups.add(`field:${f.number}`)
        movedFromTop++
      }
    }
    if (groups.size > 1) addDifference(ctx, movedFromTop > 1 ? 'MULTIPLE_FIELDS_MOVED_TO_ONEOF' : 'FIELD_MOVED_TO_EXISTING_ONEOF', name)
  }
}

const compareOneofNames = (ctx: DiffContext, original: FieldIndex, update: FieldIndex): void => {
  for (const name of [...new Set([...original.oneofs.keys(), ...update.oneofs.keys()])].sort()) {
    if (!update.oneofs.has(name)) addDifference(ctx, 'ONEOF_REMOVED', name)
    else if (!original.oneofs.has(name)) addDifference(ctx, 'ONEOF_ADDED', name)
  }
}

const compareByTag = (ctx: DiffContext, tag: number, original: FieldIndex, update: FieldIndex, deleted: Set<string>): void => {
  const o = original.byTag.get(tag)
  const u = update.byTag.get(tag)
  const oOneof = original.oneofOf.get(tag)
  const uOneof = update.oneofOf.get(tag)
  const at = String(tag)
  if (o && !u) {
    if (oOneof === undefined) addDifference(ctx, o.label === 'required' ? 'REQUIRED_FIELD_REMOVED' : 'FIELD_REMOVED', at)
    else if (!deleted.has(oOneof)) addDifference(ctx, 'ONEOF_FIELD_REMOVED', oOneof, at)
  } else if (u && !o) {
    if (uOneof !== undefined) addDifference(ctx, 'ONEOF_FIELD_ADDED', uOneof, at)
    else addDifference(ctx, u.label === 'required' ? 'REQUIRED_FIELD_ADDED' : 'FIELD_ADDED', at)
  } else if (o && u) {
    if (oOneof !== undefined && uOneof === undefined) addDifference(ctx, 'ONEOF_FIELD_MOVED_TO_TOP_LEVEL', at)
    withPath(ctx, uOneof === undefined ? [at] : [uOneof, at], () => compareFields(ctx, o, u, compareMessage))
  }
}

/** One message against the message of the same name (fields, oneofs, then nested types). */
export const compareMessage = (ctx: DiffContext, original: MessageDef, update: MessageDef): void => {
  if (!ctx.inProgress.has(original)) {
    ctx.inProgress.add(original)
    try {
      const o = indexFields(original)
      const u = indexFields(update)
      const deleted = deletedOneofs(o, u)
      checkNewExclusivity(ctx, o, u)
      compareOneofNames(ctx, o, u)
      const tags = [...new Set([...o.byTag.keys(), ...u.byTag.keys()])].sort((a, b) => a - b)
      for (const tag of tags) compareByTag(ctx, tag, o, u, deleted)
    } finally {
      ctx.inProgress.delete(original)
    }
  }
  compareTypes(ctx, original, update)
}

const compareEnum = (ctx: DiffContext, original: EnumDef, update: EnumDef): void => {
  const o = new Map(original.values.map((v) => [v.number, v.name]))
  const u = new Map(update.values.map((v) => [v.number, v.name]))
  for (const n of [...new Set([...o.keys(), ...u.keys()])].sort((a, b) => a - b)) {
    const on = o.get(n)
    const un = u.get(n)
    if (un === undefined) addDifference(ctx, 'ENUM_CONST_REMOVED', String(n))
    else if (on === undefined) addDifference(ctx, 'ENUM_CONST_ADDED', String(n))
    else if (on !== un) addDifference(ctx, 'ENUM_CONST_CHANGED', String(n))
  }
}

/** Map entries and group types are not messages of their own in `.proto` text. */
const realMessages = (holder: { messages: MessageDef[] }): MessageDef[] => holder.messages.filter((m) => !m.mapEntry && !m.group)

/** The types declared in one scope, matched by name; a message's index only moves (compatible). */
export const compareTypes = (ctx: DiffContext, original: { messages: MessageDef[]; enums: EnumDef[] }, update: { messages: MessageDef[]; enums: EnumDef[] }): void => {
  const om = realMessages(original)
  const um = realMessages(update)
  for (const name of [...new Set([...om.map((m) => m.name), ...um.map((m) => m.name)])]) {
    const oi = om.findIndex((m) => m.name === name)
    const ui = um.findIndex((m) => m.name === name)
    withPath(ctx, [name], () => {
      if (ui < 0) return addDifference(ctx, 'MESSAGE_REMOVED')
      if (oi < 0) return addDifference(ctx, 'MESSAGE_ADDED')
      compareMessage(ctx, om[oi] as MessageDef, um[ui] as MessageDef)
      if (oi !== ui) addDifference(ctx, 'MESSAGE_MOVED')
    })
  }
  for (const name of [...new Set([...original.enums.map((e) => e.name), ...update.enums.map((e) => e.name)])]) {
    const oe = original.enums.find((e) => e.name === name)
    const ue = update.enums.find((e) => e.name === name)
    withPath(ctx, [name], () => {
      if (!ue) return addDifference(ctx, 'ENUM_REMOVED')
      if (!oe) return addDifference(ctx, 'ENUM_ADDED')
      compareEnum(ctx, oe, ue)
    })
  }
}
