import descriptor from 'protobufjs/ext/descriptor.js'
import type { EnumDef, FieldDef, MessageDef, ProtoFile, ServiceDef, TypeRef } from './protobuf-model.js'
import { ExtensionRangeOptions, toDescriptorOptions } from './protobuf-descriptor-options.js'
import { SCALAR_BY_NUMBER } from './protobuf-descriptor-read.js'
import { defaultJsonName } from './protobuf-names.js'

/** The `FileDescriptorProto` of a file, as protoc would write it (full names with a leading dot). */

const TYPE_NUMBER: Record<string, number> = Object.fromEntries(Object.entries(SCALAR_BY_NUMBER).map(([n, t]) => [t, Number(n)]))

const refName = (ref: TypeRef): string => (ref.resolved ? `.${ref.resolved}` : ref.written)

const typeNumber = (ref: TypeRef): number | undefined => {
  if (ref.kind === 'scalar') return TYPE_NUMBER[ref.written]
  if (ref.kind === 'group') return 10
  if (ref.kind === 'enum') return 14
  if (ref.kind === 'message') return 11
  return undefined
}

const labelNumber = (f: FieldDef): number => (f.label === 'repeated' ? 3 : f.label === 'required' ? 2 : 1)

const writeField = (f: FieldDef, syntheticOneof?: number): Record<string, unknown> => {
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
  const options = toDescriptorOptions(f.options, descriptor.FieldOptions)
  if (options) out.options = options
  return out
}

/** protoc names a proto3 `optional` field's oneof `_name`, prefixed with X until it is unique. */
const syntheticOneofName = (field: string, taken: Set<string>): string => {
  let name = `_${field}`
  while (taken.has(name)) name = `X${name}`
  taken.add(name)
  return name
}

const writeOneofsAndFields = (msg: MessageDef, out: Record<string, unknown>): void => {
  const oneofs: Record<string, unknown>[] = msg.oneofs.map((o) => ({ name: o.name, options: toDescriptorOptions(o.options, descriptor.OneofOptions) }))
  const taken = new Set([...msg.oneofs.map((o) => o.name), ...msg.fields.map((f) => f.name)])
  out.field = msg.fields.map((f) => {
    if (!f.proto3Optional) return writeField(f)
    oneofs.push({ name: syntheticOneofName(f.name, taken) })
    return writeField(f, oneofs.length - 1)
  })
  out.oneofDecl = oneofs
}

const writeMessage = (msg: MessageDef): Record<string, unknown> => {
  const out: Record<string, unknown> = { name: msg.name }
  writeOneofsAndFields(msg, out)
  out.nestedType = msg.messages.map(writeMessage)
  out.enumType = msg.enums.map(writeEnum)
  out.extension = msg.extensions.map((x) => writeField(x))
  out.extensionRange = msg.extensionRanges.map((r) => ({
    start: r.start,
    end: r.end + 1,
    options: toDescriptorOptions(r.options, ExtensionRangeOptions),
  }))
  out.reservedRange = msg.reservedRanges.map((r) => ({ start: r.start, end: r.end + 1 }))
  out.reservedName = msg.reservedNames
  const options = toDescriptorOptions(msg.options, descriptor.MessageOptions, msg.mapEntry ? { mapEntry: true } : {})
  if (options) out.options = options
  return out
}

const writeEnum = (en: EnumDef): Record<string, unknown> => ({
  name: en.name,
  value: en.values.map((v) => ({ name: v.name, number: v.number, options: toDescriptorOptions(v.options, descriptor.EnumValueOptions) })),
  options: toDescriptorOptions(en.options, descriptor.EnumOptions),
  reservedRange: en.reservedRanges.map((r) => ({ start: r.start, end: r.end })),
  reservedName: en.reservedNames,
})

const writeService = (s: ServiceDef): Record<string, unknown> => ({
  name: s.name,
  method: s.methods.map((m) => ({
    name: m.name,
    inputType: refName(m.input),
    outputType: refName(m.output),
    ...(m.clientStreaming ? { clientStreaming: true } : {}),
    ...(m.serverStreaming ? { serverStreaming: true } : {}),
    options: toDescriptorOptions(m.options, descriptor.MethodOptions),
  })),
  options: toDescriptorOptions(s.options, descriptor.ServiceOptions),
})

/** The plain descriptor object; `name` is the file name the descriptor carries. */
export const fileToDescriptor = (file: ProtoFile, name: string): Record<string, unknown> => ({
  name,
  ...(file.package ? { package: file.package } : {}),
  dependency: file.imports.map((i) => i.path),
  publicDependency: file.imports.flatMap((i, n) => (i.modifier === 'public' ? [n] : [])),
  weakDependency: file.imports.flatMap((i, n) => (i.modifier === 'weak' ? [n] : [])),
  messageType: file.messages.map(writeMessage),
  enumType: file.enums.map(writeEnum),
  service: file.services.map(writeService),
  extension: file.extensions.map((x) => writeField(x)),
  options: toDescriptorOptions(file.options, descriptor.FileOptions),
  syntax: file.syntax,
})

/** Base64 of the serialized descriptor, what `?format=serialized` answers. */
export const encodeBase64Descriptor = (file: ProtoFile, name: string): string => {
  const message = descriptor.FileDescriptorProto.fromObject(fileToDescriptor(file, name))
  return Buffer.from(descriptor.FileDescriptorProto.encode(message).finish()).toString('base64')
}
