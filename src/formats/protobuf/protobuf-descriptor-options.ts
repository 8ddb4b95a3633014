import descriptor from 'protobufjs/ext/descriptor.js'
import type protobuf from 'protobufjs'
import type { AggregateField, OptionEntry, OptionValue } from './protobuf-model.js'
import { formatAggregateText, parseAggregateText } from './protobuf-aggregate-text.js'
import { canonicalFloat, canonicalInt, formatFloat } from './protobuf-values.js'

/**
 * Options between the model's name/value pairs and descriptor option messages: a plain name that
 * is a field of the options message becomes that typed field (as protoc writes it); any other
 * option (custom `(ext)` options, sub-field paths) travels as an `uninterpreted_option`.
 */

export type DescriptorObject = Record<string, unknown> & { $unknowns?: Uint8Array[] }

/** The name of an entry holding one raw, not yet interpreted extension field (base64). */
export const RAW_OPTION = '#raw'

let resolved = false
const ready = (): void => {
  if (!resolved) descriptor.FileOptions.root.resolveAll()
  resolved = true
}

export const snakeCase = (camel: string): string => camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
export const camelCase = (snake: string): string => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

export const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

const typedField = (type: protobuf.Type, name: string): protobuf.Field | undefined => {
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name === 'uninterpreted_option') return undefined
  return type.fields[camelCase(name)]
}

/** True when `name` is a field of the options message: a built-in option. */
export const isBuiltinOption = (type: protobuf.Type, name: string): boolean => typedField(type, name) !== undefined

const scalarToJs = (field: protobuf.Field, v: OptionValue): unknown => {
  const enumType = field.resolvedType && 'values' in field.resolvedType ? (field.resolvedType as protobuf.Enum) : undefined
  if (v.kind === 'aggregate' && field.resolvedType && 'fields' in field.resolvedType) {
    return aggregateToObject(field.resolvedType as protobuf.Type, v.fields)
  }
  if (enumType) {
    const n = v.kind === 'ident' ? enumType.values[v.value] : v.kind === 'number' ? Number(v.value) : undefined
    if (n === undefined) throw new Error(`"${(v as { value?: string }).value}" is not a value of ${enumType.name}`)
    return n
  }
  if (field.type === 'bool') {
    if (v.kind !== 'ident' || (v.value !== 'true' && v.value !== 'false')) throw new Error('expected true or false')
    return v.value === 'true'
  }
  if (field.type === 'string' || field.type === 'bytes') {
    if (v.kind !== 'string') throw new Error('expected a string')
    return field.type === 'bytes' ? Buffer.from(v.value, 'utf8') : v.value
  }
  if (v.kind !== 'number' && !(v.kind === 'ident' && /^(inf|nan)$/.test(v.value))) throw new Error('expected a number')
  return field.type === 'double' || field.type === 'float' ? Number(canonicalFloat(v.value)) : v.value
}

const aggregateToObject = (type: protobuf.Type, fields: AggregateField[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const field = type.fields[camelCase(f.name)]
    if (!field) throw new Error(`${type.name} has no field "${f.name}"`)
    const values = f.value.kind === 'list' ? f.value.items : [f.value]
    const js = values.map((v) => scalarToJs(field, v))
    out[field.name] = field.repeated ? [...((out[field.name] as unknown[]) ?? []), ...js] : js[js.length - 1]
  }
  return out
}

const uninterpreted = (entry: OptionEntry): Record<string, unknown> => {
  const name = splitOptionName(entry.name)
  const v = entry.value
  if (v.kind === 'string') return { name, stringValue: Buffer.from(v.value, 'utf8') }
  if (v.kind === 'ident') return { name, identifierValue: v.value }
  if (v.kind === 'aggregate' || v.kind === 'list') return { name, aggregateValue: formatAggregateText(v) }
  if (/^-?\d+$/.test(v.value)) return v.value.startsWith('-') ? { name, negativeIntValue: v.value } : { name, positiveIntValue: v.value }
  return { name, doubleValue: Number(canonicalFloat(v.value)) }
}

/** `(a.b).c` as descriptor name parts. */
const splitOptionName = (name: string): { namePart: string; isExtension: boolean }[] => {
  const parts: { namePart: string; isExtension: boolean }[] = []
  const re = /\(([^)]*)\)|([^.()]+)/g
  for (let m = re.exec(name); m; m = re.exec(name)) {
    parts.push(m[1] !== undefined ? { namePart: m[1], isExtension: true } : { namePart: m[2] as string, isExtension: false })
  }
  return parts
}

/** The options message for a descriptor (`undefined` when there are no options). */
export const toDescriptorOptions = (entries: OptionEntry[], type: protobuf.Type, extra: Record<string, unknown> = {}): DescriptorObject | undefined => {
  ready()
  const out: Record<string, unknown> = { ...extra }
  const rest: Record<string, unknown>[] = []
  const raw: Uint8Array[] = []
  for (const e of entries) {
    if (e.name === RAW_OPTION && e.value.kind === 'string') {
      raw.push(Buffer.from(e.value.value, 'base64'))
      continue
    }
    const field = typedField(type, e.name)
    if (!field) {
      rest.push(uninterpreted(e))
      continue
    }
    const value = scalarToJs(field, e.value)
    out[field.name] = field.repeated ? [...((out[field.name] as unknown[]) ?? []), value] : value
  }
  if (rest.length) out.uninterpretedOption = rest
  if (!Object.keys(out).length && !raw.length) return undefined
  const message = type.fromObject(out) as unknown as DescriptorObject
  if (raw.length) message.$unknowns = raw
  return message
}

const jsToValue = (field: protobuf.Field, v: unknown): OptionValue => {
  const rt = field.resolvedType
  if (rt && 'values' in rt) {
    const name = Object.entries((rt as protobuf.Enum).values).find(([, n]) => n === v)?.[0]
    return name ? { kind: 'ident', value: name } : { kind: 'number', value: String(v) }
  }
  if (rt && 'fields' in rt) return { kind: 'aggregate', fields: objectToAggregate(rt as protobuf.Type, v as DescriptorObject) }
  if (typeof v === 'boolean') return { kind: 'ident', value: String(v) }
  if (typeof v === 'string') return { kind: 'string', value: v }
  if (v instanceof Uint8Array) return { kind: 'string', value: Buffer.from(v).toString('utf8') }
  if (typeof v === 'number' && (field.type === 'double' || field.type === 'float')) return { kind: 'number', value: formatFloat(v) }
  return { kind: 'number', value: canonicalInt(String(v)) ?? String(v) }
}

const presentFields = (type: protobuf.Type, obj: DescriptorObject): [protobuf.Field, unknown[]][] =>
  type.fieldsArray
    .filter((f) => f.name !== 'uninterpretedOption' && hasOwn(obj, f.name))
    .map((f): [protobuf.Field, unknown[]] => [f, f.repeated ? (obj[f.name] as unknown[]) : [obj[f.name]]])
    .filter(([, values]) => values.length > 0)

const objectToAggregate = (type: protobuf.Type, obj: DescriptorObject): AggregateField[] =>
  presentFields(type, obj).flatMap(([f, values]) => values.map((v) => ({ name: snakeCase(f.name), value: jsToValue(f, v) })))

const uninterpretedToEntry = (u: DescriptorObject): OptionEntry => {
  const parts = (u.name as { namePart: string; isExtension: boolean }[]).map((p) => (p.isExtension ? `(${p.namePart})` : p.namePart))
  const name = parts.join('.')
  if (hasOwn(u, 'identifierValue')) return { name, value: { kind: 'ident', value: u.identifierValue as string } }
  if (hasOwn(u, 'positiveIntValue')) return { name, value: { kind: 'number', value: String(u.positiveIntValue) } }
  if (hasOwn(u, 'negativeIntValue')) return { name, value: { kind: 'number', value: String(u.negativeIntValue) } }
  if (hasOwn(u, 'doubleValue')) return { name, value: { kind: 'number', value: formatFloat(u.doubleValue as number) } }
  if (hasOwn(u, 'stringValue')) return { name, value: { kind: 'string', value: Buffer.from(u.stringValue as Uint8Array).toString('utf8') } }
  return { name, value: parseAggregateText(String(u.aggregateValue ?? '')) }
}

/** The model's entries for a descriptor options message (built-in ones first, then the others). */
export const fromDescriptorOptions = (obj: DescriptorObject | undefined | null, type: protobuf.Type, skip: string[] = []): OptionEntry[] => {
  ready()
  if (!obj) return []
  const entries: OptionEntry[] = []
  for (const [f, values] of presentFields(type, obj)) {
    if (skip.includes(f.name)) continue
    for (const v of values) entries.push({ name: snakeCase(f.name), value: jsToValue(f, v) })
  }
  for (const u of (obj.uninterpretedOption as DescriptorObject[] | undefined) ?? []) entries.push(uninterpretedToEntry(u))
  // Custom options arrive as extension fields the descriptor types do not know; they are kept as
  // raw bytes until the schema's extensions are known (see protobuf-extension-options.ts).
  for (const raw of obj.$unknowns ?? []) entries.push({ name: RAW_OPTION, value: { kind: 'string', value: Buffer.from(raw).toString('base64') } })
  return entries
}

/** Present at run time, missing from protobufjs's typings. */
export const ExtensionRangeOptions = (descriptor as unknown as Record<string, protobuf.Type>).ExtensionRangeOptions as protobuf.Type
