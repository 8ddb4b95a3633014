import type { FieldDef, MessageDef, OptionEntry, TypeRef } from './protobuf-model.js'
import { defaultJsonName, shortestName } from './protobuf-names.js'
import { formatBracket, orderOptions } from './protobuf-print-options.js'
import { join, type SymbolTable } from './protobuf-symbols.js'
import { quote } from './protobuf-values.js'

export interface PrintContext {
  table: SymbolTable
  normalize: boolean
  pkg: string
  /** The names of the enclosing messages, outermost first. */
  messages: string[]
  /** Prints a message body (for groups, whose body is printed inline with the field). */
  printBody?: (ctx: PrintContext, msg: MessageDef) => string
}

export const scopeOf = (ctx: PrintContext): string => [ctx.pkg, ...ctx.messages].filter(Boolean).join('.')

export const within = (ctx: PrintContext, name: string): PrintContext => ({ ...ctx, messages: [...ctx.messages, name] })

/** A type reference: `.full.Name` when normalizing (as Confluent does), else the shortest safe name. */
export const printTypeRef = (ctx: PrintContext, ref: TypeRef): string => {
  if (!ref.resolved) return ref.written
  return ctx.normalize ? `.${ref.resolved}` : shortestName(ctx.table, ref.resolved, { pkg: ctx.pkg, messages: ctx.messages })
}

/** `default` and `json_name` print as options, as in the source; a default JSON name is implied. */
const fieldOptions = (ctx: PrintContext, f: FieldDef): OptionEntry[] => {
  const entries = [...f.options]
  if (f.defaultValue !== undefined) {
    const t = f.type.written
    const value = t === 'string' ? quote(f.defaultValue) : t === 'bytes' ? `"${f.defaultValue}"` : f.defaultValue
    entries.push({ name: 'default', value: { kind: 'ident', value } })
  }
  if (f.jsonName !== undefined && f.jsonName !== defaultJsonName(f.name)) {
    entries.push({ name: 'json_name', value: { kind: 'string', value: f.jsonName } })
  }
  return orderOptions(entries, ctx.normalize, ctx.table, scopeOf(ctx))
}

/** The nested entry message a `map<K, V>` field stands for, if `f` is one. */
export const mapEntryOf = (ctx: PrintContext, msg: MessageDef | undefined, f: FieldDef): MessageDef | undefined => {
  if (!msg || f.label !== 'repeated' || !f.type.resolved) return undefined
  const entry = msg.messages.find((m) => m.mapEntry && join(scopeOf(ctx), m.name) === f.type.resolved)
  return entry && entry.fields.length === 2 ? entry : undefined
}

const fieldType = (ctx: PrintContext, msg: MessageDef | undefined, f: FieldDef): { label?: string; type: string } => {
  const entry = mapEntryOf(ctx, msg, f)
  if (entry) {
    const [key, value] = entry.fields as [FieldDef, FieldDef]
    return { type: `map<${printTypeRef(ctx, key.type)}, ${printTypeRef(ctx, value.type)}>` }
  }
  return { label: f.oneof === undefined ? f.label : undefined, type: printTypeRef(ctx, f.type) }
}

/** One field line (a group with its body); `msg` is the message declaring it, for maps and groups. */
export const printField = (ctx: PrintContext, msg: MessageDef | undefined, f: FieldDef): string => {
  const { label, type } = fieldType(ctx, msg, f)
  const options = formatBracket(fieldOptions(ctx, f), ctx.normalize)
  if (f.type.kind === 'group') {
    const name = f.type.written.split('.').pop() as string
    const group = msg?.messages.find((m) => m.group && m.name === name)
    const body = group && ctx.printBody ? ctx.printBody(within(ctx, name), group) : '}\n'
    return `${label ? label + ' ' : ''}group ${name} = ${f.number}${options} {${body}`
  }
  return `${label ? label + ' ' : ''}${type} ${f.name} = ${f.number}${options};\n`
}
