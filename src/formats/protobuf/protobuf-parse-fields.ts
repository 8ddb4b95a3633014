import { MAX_FIELD_NUMBER, emptyMessage, isScalarType, type FieldDef, type Label, type MessageDef, type OptionEntry, type Range, type TypeRef } from './protobuf-model.js'
import { parseBracketOptions } from './protobuf-parse-options.js'
import { TokenStream, binaryToText } from './protobuf-token-stream.js'
import { canonicalDefault, canonicalInt, cEscape } from './protobuf-values.js'

/** Where a field is declared: the rules for labels differ between these places. */
export interface FieldPlace {
  /** The message (or file-level holder) that receives groups' message types and map entries. */
  holder: MessageDef
  oneof?: number
  extendee?: TypeRef
}

const LABELS = new Set(['optional', 'required', 'repeated'])
const MAP_KEY_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string'])

export const typeRef = (written: string): TypeRef => (isScalarType(written) ? { written, kind: 'scalar', resolved: undefined } : { written })

export const parseFieldNumber = (ts: TokenStream, what = 'a field number'): number => {
  const t = ts.next(what)
  const n = t.kind === 'int' ? Number(canonicalInt(t.text) ?? NaN) : NaN
  if (!Number.isInteger(n) || n < 1 || n > MAX_FIELD_NUMBER) ts.failAt(t, `invalid field number "${t.text}" (allowed: 1 to ${MAX_FIELD_NUMBER})`)
  return n
}

/** The label as the model keeps it, checked against the syntax and the place. */
const checkLabel = (ts: TokenStream, written: string | undefined, place: FieldPlace, line: number): { label: Label; proto3Optional?: boolean } => {
  if (place.oneof !== undefined) {
    if (written && ts.strict) ts.failAt({ line }, `fields in a oneof must not have labels ("${written}")`)
    return { label: undefined }
  }
  if (ts.syntax === 'proto3') {
    if (written === 'required' && ts.strict) ts.failAt({ line }, 'required fields are not allowed in proto3')
    if (written === 'optional') return place.extendee ? { label: undefined } : { label: 'optional', proto3Optional: true }
    return { label: written === 'repeated' ? 'repeated' : written === 'required' ? 'required' : undefined }
  }
  if (!written && ts.strict) ts.failAt({ line }, 'expected "required", "optional" or "repeated"')
  return { label: (written ?? 'optional') as Label }
}

/** Pulls `default` and `json_name` out of the bracket: the descriptor keeps them as field attributes. */
const applySpecialOptions = (ts: TokenStream, field: FieldDef, entries: OptionEntry[]): void => {
  for (const e of entries) {
    if (e.name === 'json_name') {
      if (e.value.kind !== 'string') ts.failAt({ line: field.line ?? 0 }, `json_name of field "${field.name}" must be a string`)
      field.jsonName = e.value.value
    } else if (e.name === 'default') {
      field.defaultValue = defaultFromOption(ts, field, e)
    } else {
      field.options.push(e)
    }
  }
}

const defaultFromOption = (ts: TokenStream, field: FieldDef, e: OptionEntry): string => {
  const where = { line: field.line ?? 0 }
  if (ts.syntax === 'proto3' && ts.strict) ts.failAt(where, `default values are not allowed in proto3 (field "${field.name}")`)
  if (field.label === 'repeated' && ts.strict) ts.failAt(where, `repeated field "${field.name}" cannot have a default value`)
  const v = e.value
  if (v.kind === 'aggregate' || v.kind === 'list') return ts.failAt(where, `invalid default value for field "${field.name}"`)
  const type = field.type.written
  if (type === 'bytes' && v.kind === 'string') return cEscape(Buffer.from(v.value, 'utf8').toString('latin1'))
  if (type === 'string' && v.kind === 'string') return v.value
  const canonical = v.kind === 'string' ? undefined : canonicalDefault(type, v.value)
  if (canonical === undefined || ((type === 'string' || type === 'bytes') && v.kind !== 'string')) {
    return ts.failAt(where, `default value ${v.value} does not match the type ${type} of field "${field.name}"`)
  }
  return canonical
}

/** `[label] type name = number [options];` with the label (if any) already read. */
export const parseField = (ts: TokenStream, written: string | undefined, place: FieldPlace): FieldDef => {
  const line = ts.line() ?? 0
  const type = typeRef(ts.typeName())
  const name = ts.ident('a field name')
  ts.expect('=')
  const number = parseFieldNumber(ts)
  const field: FieldDef = { name, number, line, type, options: [], ...checkLabel(ts, written, place, line) }
  if (place.oneof !== undefined) field.oneof = place.oneof
  if (place.extendee) field.extendee = place.extendee
  applySpecialOptions(ts, field, parseBracketOptions(ts))
  ts.expect(';')
  return field
}

/** protoc's map entry name: `item_counts` becomes `ItemCountsEntry`. */
export const mapEntryName = (field: string): string => {
  let out = ''
  let upper = true
  for (const c of field) {
    if (c === '_') upper = true
    else {
      out += upper ? c.toUpperCase() : c
      upper = false
    }
  }
  return out + 'Entry'
}

/** `map<K, V> name = number [options];` becomes a repeated field of a synthetic entry message. */
export const parseMapField = (ts: TokenStream, place: FieldPlace): FieldDef => {
  const line = ts.line() ?? 0
  if (place.oneof !== undefined || place.extendee) ts.fail('map fields are not allowed in oneofs or extensions')
  ts.expect('map')
  ts.expect('<')
  const key = ts.typeName('a map key type')
  if (!MAP_KEY_TYPES.has(key)) ts.fail(`invalid map key type "${key}" (allowed: integral types, bool and string)`)
  ts.expect(',')
  const value = ts.typeName('a map value type')
  ts.expect('>')
  const name = ts.ident('a field name')
  ts.expect('=')
  const number = parseFieldNumber(ts)
  const entryLabel: Label = ts.syntax === 'proto2' ? 'optional' : undefined
  const entry = emptyMessage(mapEntryName(name), line)
  entry.mapEntry = true
  entry.fields.push({ name: 'key', number: 1, label: entryLabel, type: typeRef(key), options: [] })
  entry.fields.push({ name: 'value', number: 2, label: entryLabel, type: typeRef(value), options: [] })
  place.holder.messages.push(entry)
  const field: FieldDef = { name, number, line, label: 'repeated', type: { written: entry.name }, options: [] }
  applySpecialOptions(ts, field, parseBracketOptions(ts))
  ts.expect(';')
  return field
}

/** `label group Name = number { ... }`: a field named in lower case plus a nested message. */
export const parseGroup = (ts: TokenStream, written: string | undefined, place: FieldPlace, body: (ts: TokenStream, msg: MessageDef) => void): FieldDef => {
  const line = ts.line() ?? 0
  if (ts.syntax === 'proto3') ts.fail('groups are not allowed in proto3')
  ts.expect('group')
  const typeName = ts.ident('a group name')
  if (!/^[A-Z]/.test(typeName)) ts.fail(`group name "${typeName}" must start with a capital letter`)
  ts.expect('=')
  const number = parseFieldNumber(ts)
  const field: FieldDef = { name: typeName.toLowerCase(), number, line, type: { written: typeName, kind: 'group' }, options: [], ...checkLabel(ts, written, place, line) }
  if (place.oneof !== undefined) field.oneof = place.oneof
  if (place.extendee) field.extendee = place.extendee
  applySpecialOptions(ts, field, parseBracketOptions(ts))
  const msg = emptyMessage(typeName, line)
  msg.group = true
  ts.expect('{')
  body(ts, msg)
  place.holder.messages.push(msg)
  return field
}

/** Reads a label keyword if one is next (and is not itself a field's type). */
export const readLabel = (ts: TokenStream): string | undefined => {
  const t = ts.peek()
  if (t?.kind !== 'ident' || !LABELS.has(t.text)) return undefined
  // `optional = 1` would be a field named like a label; a label is followed by a type name.
  const after = ts.peek(1)
  if (!after || (after.kind !== 'ident' && after.text !== '.')) return undefined
  ts.next()
  return t.text
}

/** `reserved 1, 5 to 9, 100 to max;` or `reserved "a", "b";` (the keyword already read). */
export const parseReserved = (ts: TokenStream, into: { reservedRanges: Range[]; reservedNames: string[] }, maxValue: number): void => {
  do {
    if (ts.peek()?.kind === 'string') into.reservedNames.push(binaryToText(ts.stringBytes('a reserved name')))
    else into.reservedRanges.push(parseRange(ts, maxValue))
  } while (ts.accept(','))
  ts.expect(';')
}

const parseSignedInt = (ts: TokenStream): number => {
  const negative = ts.accept('-')
  const t = ts.next('a number')
  const n = t.kind === 'int' ? Number(canonicalInt(t.text) ?? NaN) : NaN
  if (!Number.isSafeInteger(n)) ts.failAt(t, `invalid number "${t.text}"`)
  return negative ? -n : n
}

export const parseRange = (ts: TokenStream, maxValue: number): Range => {
  const start = parseSignedInt(ts)
  let end = start
  if (ts.accept('to')) end = ts.accept('max') ? maxValue : parseSignedInt(ts)
  if (end < start || end > maxValue) ts.fail(`invalid range ${start} to ${end}`)
  return { start, end }
}
