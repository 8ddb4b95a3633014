import descriptor from 'protobufjs/ext/descriptor.js'
import type { EnumDef, FieldDef, MessageDef, ProtoFile, ServiceDef, TypeRef } from './protobuf-model.js'
import type protobuf from 'protobufjs'
import { ExtensionRangeOptions, RAW_OPTION, toDescriptorOptions } from './protobuf-descriptor-options.js'
import { encodeCustomOptions } from './protobuf-extension-encode.js'
import { join, type SymbolTable } from './protobuf-symbols.js'
import type { OptionEntry } from './protobuf-model.js'
import { SCALAR_BY_NUMBER } from './protobuf-descriptor-read.js'
import { defaultJsonName } from './protobuf-names.js'

/** The `FileDescriptorProto` of a file, as protoc would write it (full names with a leading dot). */

const TYPE_NUMBER: Record<string, number> = Object.fromEntries(Object.entries(SCALAR_BY_NUMBER).map(([n, t]) => [t, Number(n)]))

/** The symbols that resolve custom options, and the scope names are written in. */
interface WriteContext {
  table: SymbolTable
  scope: string
}

const options = (ctx: WriteContext, entries: OptionEntry[], type: protobuf.Type, extra: Record<string, unknown> = {}) => {
  const { raw, rest } = encodeCustomOptions(entries, type.name, ctx.table, ctx.scope)
  const rawEntries = raw.map((r): OptionEntry => ({ name: RAW_OPTION, value: { kind: 'string', value: Buffer.from(r).toString('base64') } }))
  return toDescriptorOptions([...rest, ...rawEntries], type, extra)
}

const refName = (ref: TypeRef): string => (ref.resolved ? `.${ref.resolved}` : ref.written)

const typeNumber = (ref: TypeRef): number | undefined => {
  if (ref.kind === 'scalar') return TYPE_NUMBER[ref.written]
  if (ref.kind === 'group') return 10
  if (ref.kind === 'enum') return 14
  if (ref.kind === 'message') return 11
  return undefined
}

const labelNumber = (f: FieldDef): number => (f.label === 'repeated' ? 3 : f.label === 'required' ? 2 : 1)

const writeField = (ctx: WriteContext, f: FieldDef, syntheticOneof?: number): Record<string, unknown> => {
  const out: Record<string, unknown> = { name: f.name, number: f.number, label: labelNumber(f) }
  const type = typeNumber(f.type)
  if (type !== undefined) out.type = type
  if (f.type.kind !== 'scalar') out.typeName = refName(f.type)
  if (f.extendee) out.extendee = refName(f.extendee)
  if (f.defaultValue !== undefined) out.defaultValue = f.defaultValue
  if (f.oneof !== undefined) out.oneofIndex = f.oneof
  if (syntheticOneof !== undefined) {
    out.oneofIndex = syntheticOneof
    out.proto3Optional = true
  }
  if (f.jsonName !== undefined && f.jsonName !== defaultJsonName(f.name)) out.jsonName = f.jsonName
  const fieldOptions = options(ctx, f.options, descriptor.FieldOptions)
  if (fieldOptions) out.options = fieldOptions
  return out
}

/** protoc names a proto3 `optional` field's oneof `_name`, prefixed with X until it is unique. */
const syntheticOneofName = (field: string, taken: Set<string>): string => {
  let name = `_${field}`
  while (taken.has(name)) name = `X${name}`
  taken.add(name)
  return name
}

const writeOneofsAndFields = (ctx: WriteContext, msg: MessageDef, out: Record<string, unknown>): void => {
  const oneofs: Record<string, unknown>[] = msg.oneofs.map((o) => ({ name: o.name, options: options(ctx, o.options, descriptor.OneofOptions) }))
  const taken = new Set([...msg.oneofs.map((o) => o.name), ...msg.fields.map((f) => f.name)])
  out.field = msg.fields.map((f) => {
    if (!f.proto3Optional) return writeField(ctx, f)
    oneofs.push({ name: syntheticOneofName(f.name, taken) })
    return writeField(ctx, f, oneofs.length - 1)
  })
  out.oneofDecl = oneofs
}

const writeMessage = (outer: WriteContext, msg: MessageDef): Record<string, unknown> => {
  const ctx = { ...outer, scope: join(outer.scope, msg.name) }
  const out: Record<string, unknown> = { name: msg.name }
  writeOneofsAndFields(ctx, msg, out)
  out.nestedType = msg.messages.map((m) => writeMessage(ctx, m))
  out.enumType = msg.enums.map((e) => writeEnum(ctx, e))
  out.extension = msg.extensions.map((x) => writeField(ctx, x))
  out.extensionRange = msg.extensionRanges.map((r) => ({
    start: r.start,
    end: r.end + 1,
    options: options(ctx, r.options, ExtensionRangeOptions),
  }))
  out.reservedRange = msg.reservedRanges.map((r) => ({ start: r.start, end: r.end + 1 }))
  out.reservedName = msg.reservedNames
  const messageOptions = options(ctx, msg.options, descriptor.MessageOptions, msg.mapEntry ? { mapEntry: true } : {})
  if (messageOptions) out.options = messageOptions
  return out
}

const writeEnum = (ctx: WriteContext, en: EnumDef): Record<string, unknown> => ({
  name: en.name,
  value: en.values.map((v) => ({ name: v.name, number: v.number, options: options(ctx, v.options, descriptor.EnumValueOptions) })),
  options: options(ctx, en.options, descriptor.EnumOptions),
  reservedRange: en.reservedRanges.map((r) => ({ start: r.start, end: r.end })),
  reservedName: en.reservedNames,
})

const writeService = (ctx: WriteContext, s: ServiceDef): Record<string, unknown> => ({
  name: s.name,
  method: s.methods.map((m) => ({
    name: m.name,
    inputType: refName(m.input),
    outputType: refName(m.output),
    ...(m.clientStreaming ? { clientStreaming: true } : {}),
    ...(m.serverStreaming ? { serverStreaming: true } : {}),
    options: options(ctx, m.options, descriptor.MethodOptions),
  })),
  options: options(ctx, s.options, descriptor.ServiceOptions),
})

/** The plain descriptor object; `name` is the file name the descriptor carries. */
export const fileToDescriptor = (file: ProtoFile, name: string, table: SymbolTable): Record<string, unknown> => {
  const ctx: WriteContext = { table, scope: file.package ?? '' }
  return {
    name,
    ...(file.package ? { package: file.package } : {}),
    dependency: file.imports.map((i) => i.path),
    publicDependency: file.imports.flatMap((i, n) => (i.modifier === 'public' ? [n] : [])),
    weakDependency: file.imports.flatMap((i, n) => (i.modifier === 'weak' ? [n] : [])),
    messageType: file.messages.map((m) => writeMessage(ctx, m)),
    enumType: file.enums.map((e) => writeEnum(ctx, e)),
    service: file.services.map((s) => writeService(ctx, s)),
    extension: file.extensions.map((x) => writeField(ctx, x)),
    options: options(ctx, file.options, descriptor.FileOptions),
    syntax: file.syntax,
  }
}

/** Base64 of the serialized descriptor, what `?format=serialized` answers. */
export const encodeBase64Descriptor = (file: ProtoFile, name: string, table: SymbolTable): string => {
  const message = descriptor.FileDescriptorProto.fromObject(fileToDescriptor(file, name, table))
  return Buffer.from(descriptor.FileDescriptorProto.encode(message).finish()).toString('base64')
}
