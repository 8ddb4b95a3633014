import type { EnumDef, ExtensionRange, FieldDef, MessageDef, OptionEntry, ProtoFile, Range, ServiceDef } from './protobuf-model.js'
import { MAX_FIELD_NUMBER, emptyMessage } from './protobuf-model.js'
import { printField, printTypeRef, scopeOf, within, type PrintContext } from './protobuf-print-fields.js'
import { formatBracket, formatOption, indent, orderOptions } from './protobuf-print-options.js'
import type { SymbolTable } from './protobuf-symbols.js'
import { quote } from './protobuf-values.js'

/**
 * The canonical `.proto` text, laid out as Confluent's `ProtobufSchemaUtils` writes it: per message
 * reserved, options, fields, oneofs, extension ranges, extends, then nested messages and enums.
 * Declaration order of messages and fields is kept (message indexes depend on it) unless
 * normalizing, which sorts fields, oneofs, enum values and reserved ranges as Confluent does.
 */

const section = (lines: string): string => (lines ? '\n' + lines : '')

const optionLines = (ctx: PrintContext, entries: OptionEntry[]): string =>
  orderOptions(entries, ctx.normalize, ctx.table, scopeOf(ctx))
    .map((e) => `option ${formatOption(e, ctx.normalize)};\n`)
    .join('')

const rangeText = (r: Range, max: number): string => (r.start === r.end ? String(r.start) : `${r.start} to ${r.end >= max ? 'max' : r.end}`)

const reservedLines = (ctx: PrintContext, target: { reservedRanges: Range[]; reservedNames: string[] }, max: number): string => {
  if (ctx.normalize) {
    const ranges = [...target.reservedRanges].sort((a, b) => a.start - b.start)
    const names = [...target.reservedNames].sort()
    return [...ranges.map((r) => `reserved ${rangeText(r, max)};\n`), ...names.map((n) => `reserved ${quote(n)};\n`)].join('')
  }
  let out = ''
  if (target.reservedRanges.length) out += `reserved ${target.reservedRanges.map((r) => rangeText(r, max)).join(', ')};\n`
  if (target.reservedNames.length) out += `reserved ${target.reservedNames.map(quote).join(', ')};\n`
  return out
}

const extensionRangeLines = (ctx: PrintContext, ranges: ExtensionRange[]): string => {
  const shown = ctx.normalize ? [...ranges].sort((a, b) => a.start - b.start) : ranges
  return shown
    .map((r) => `extensions ${rangeText(r, MAX_FIELD_NUMBER)}${formatBracket(orderOptions(r.options, ctx.normalize, ctx.table, scopeOf(ctx)), ctx.normalize)};\n`)
    .join('')
}

const byNumber = (a: FieldDef, b: FieldDef): number => a.number - b.number

/** Extensions grouped by what they extend, in order of first appearance. */
const extendBlocks = (ctx: PrintContext, extensions: FieldDef[], holder: MessageDef): string => {
  const groups = new Map<string, FieldDef[]>()
  for (const x of extensions) {
    const key = x.extendee ? printTypeRef(ctx, x.extendee) : ''
    groups.set(key, [...(groups.get(key) ?? []), x])
  }
  return [...groups]
    .map(([name, fields]) => {
      const shown = ctx.normalize ? [...fields].sort(byNumber) : fields
      return `extend ${name} {${section(indent(shown.map((f) => printField(ctx, holder, f)).join('')))}}\n`
    })
    .join('')
}

const oneofLines = (ctx: PrintContext, msg: MessageDef): string => {
  const oneofs = msg.oneofs.map((o, i) => ({ o, fields: msg.fields.filter((f) => f.oneof === i) }))
  const shown = ctx.normalize
    ? oneofs
        .filter((x) => x.fields.length > 0)
        .map((x) => ({ ...x, fields: [...x.fields].sort(byNumber) }))
        .sort((a, b) => (a.fields[0] as FieldDef).number - (b.fields[0] as FieldDef).number)
    : oneofs
  return shown
    .map(({ o, fields }) => {
      const body = section(indent(optionLines(ctx, o.options))) + section(indent(fields.map((f) => printField(ctx, msg, f)).join('')))
      return `oneof ${o.name} {${body}}\n`
    })
    .join('')
}

const nestedLines = (ctx: PrintContext, msg: MessageDef): string =>
  msg.messages
    .filter((m) => !m.mapEntry && !m.group)
    .map((m) => printMessage(within(ctx, m.name), m))
    .join('') + msg.enums.map((e) => printEnum(ctx, e)).join('')

/** The body after `{`, including the closing brace. */
export const printMessageBody = (ctx: PrintContext, msg: MessageDef): string => {
  const fields = msg.fields.filter((f) => f.oneof === undefined)
  const shownFields = ctx.normalize ? [...fields].sort(byNumber) : fields
  return (
    section(indent(reservedLines(ctx, msg, MAX_FIELD_NUMBER))) +
    section(indent(optionLines(ctx, msg.options))) +
    section(indent(shownFields.map((f) => printField(ctx, msg, f)).join(''))) +
    section(indent(oneofLines(ctx, msg))) +
    section(indent(extensionRangeLines(ctx, msg.extensionRanges))) +
    section(indent(extendBlocks(ctx, msg.extensions, msg))) +
    section(indent(nestedLines(ctx, msg))) +
    '}\n'
  )
}

const printMessage = (ctx: PrintContext, msg: MessageDef): string => `message ${msg.name} {${printMessageBody(ctx, msg)}`

const printEnum = (ctx: PrintContext, en: EnumDef): string => {
  const values = ctx.normalize ? [...en.values].sort((a, b) => a.number - b.number || (a.name < b.name ? -1 : 1)) : en.values
  const reserved = reservedLines(ctx, en, 2_147_483_647)
  const scope = within(ctx, en.name)
  const body =
    optionLines(scope, en.options) +
    values.map((v) => `${v.name} = ${v.number}${formatBracket(orderOptions(v.options, ctx.normalize, ctx.table, scopeOf(ctx)), ctx.normalize)};\n`).join('')
  return `enum ${en.name} {${section(indent(reserved))}${reserved ? '' : body ? '\n' : ''}${indent(body)}}\n`
}

const printService = (ctx: PrintContext, s: ServiceDef): string => {
  const inner = within(ctx, s.name)
  const rpcs = s.methods.map((m) => {
    const input = `${m.clientStreaming ? 'stream ' : ''}${printTypeRef(inner, m.input)}`
    const output = `${m.serverStreaming ? 'stream ' : ''}${printTypeRef(inner, m.output)}`
    const options = optionLines(inner, m.options)
    return `rpc ${m.name} (${input}) returns (${output})${options ? ` {\n${indent(options)}}` : ''};\n`
  })
  return `service ${s.name} {${section(indent(optionLines(inner, s.options)))}${section(indent(rpcs.join('')))}}\n`
}

const importLines = (ctx: PrintContext, file: ProtoFile): string => {
  const paths = (modifier?: string): string[] => {
    const list = file.imports.filter((i) => i.modifier === modifier).map((i) => i.path)
    return ctx.normalize ? [...new Set(list)].sort() : list
  }
  return [
    ...paths(undefined).map((p) => `import ${quote(p)};\n`),
    ...paths('public').map((p) => `import public ${quote(p)};\n`),
    ...paths('weak').map((p) => `import weak ${quote(p)};\n`),
  ].join('')
}

/** The canonical text of the main file. */
export const printFile = (file: ProtoFile, table: SymbolTable, normalize: boolean): string => {
  const ctx: PrintContext = { table, normalize, pkg: file.package ?? '', messages: [], printBody: printMessageBody }
  const head = (!normalize || file.syntax === 'proto3' ? `syntax = "${file.syntax}";\n` : '') + (file.package ? `package ${file.package};\n` : '')
  const types =
    file.messages
      .filter((m) => !m.group)
      .map((m) => printMessage(within(ctx, m.name), m))
      .join('') + file.enums.map((e) => printEnum(ctx, e)).join('')
  const body =
    section(importLines(ctx, file)) +
    section(optionLines(ctx, file.options)) +
    section(types) +
    section(extendBlocks(ctx, file.extensions, { ...emptyMessage(''), messages: file.messages })) +
    section(file.services.map((s) => printService(ctx, s)).join(''))
  // Without a syntax or package line the text starts with its first section, not a blank line.
  return head ? head + body : body.replace(/^\n/, '')
}
