import protobuf from 'protobufjs'
import descriptor from 'protobufjs/ext/descriptor.js'
import { invalidSchema } from '../../errors/registry-error.js'
import { emptyEnum, emptyMessage, type EnumDef, type FieldDef, type Label, type MessageDef, type ProtoFile, type ServiceDef, type Syntax, type TypeRef } from './protobuf-model.js'
import { ExtensionRangeOptions, fromDescriptorOptions, hasOwn, type DescriptorObject } from './protobuf-descriptor-options.js'
import { canonicalDefault, cEscape, cUnescape } from './protobuf-values.js'

/** `FieldDescriptorProto.Type` numbers to scalar names (message, enum and group are references). */
export const SCALAR_BY_NUMBER: Record<number, string> = {
  1: 'double',
  2: 'float',
  3: 'int64',
  4: 'uint64',
  5: 'int32',
  6: 'fixed64',
  7: 'fixed32',
  8: 'bool',
  9: 'string',
  12: 'bytes',
  13: 'uint32',
  15: 'sfixed32',
  16: 'sfixed64',
  17: 'sint32',
  18: 'sint64',
}
const TYPE_GROUP = 10
const TYPE_MESSAGE = 11
const TYPE_ENUM = 14

type D = DescriptorObject
const list = (o: D, key: string): D[] => (o[key] as D[] | undefined) ?? []
const str = (o: D, key: string): string | undefined => (hasOwn(o, key) ? (o[key] as string) : undefined)

const readType = (f: D): TypeRef => {
  const t = f.type as number | undefined
  const scalar = t !== undefined ? SCALAR_BY_NUMBER[t] : undefined
  if (scalar) return { written: scalar, kind: 'scalar' }
  const written = str(f, 'typeName') ?? ''
  if (t === TYPE_GROUP) return { written, kind: 'group' }
  if (t === TYPE_MESSAGE) return { written, kind: 'message' }
  if (t === TYPE_ENUM) return { written, kind: 'enum' }
  return { written }
}

const readLabel = (f: D, syntax: Syntax, inOneof: boolean): Label => {
  if (f.label === 3) return 'repeated'
  if (f.label === 2) return 'required'
  if (f.proto3Optional) return 'optional'
  return inOneof || syntax === 'proto3' ? undefined : 'optional'
}

/** Default values in the same spelling the text parser produces. */
const readDefault = (f: D, type: TypeRef): string | undefined => {
  const raw = str(f, 'defaultValue')
  if (raw === undefined) return undefined
  if (type.written === 'bytes') return cEscape(cUnescape(raw))
  if (type.kind === 'scalar') return canonicalDefault(type.written, raw) ?? raw
  return raw
}

const readField = (f: D, syntax: Syntax, oneofMap: Map<number, number>): FieldDef => {
  const type = readType(f)
  const realOneof = hasOwn(f, 'oneofIndex') && !f.proto3Optional ? oneofMap.get(f.oneofIndex as number) : undefined
  const field: FieldDef = {
    name: str(f, 'name') ?? '',
    number: (f.number as number | undefined) ?? 0,
    label: readLabel(f, syntax, realOneof !== undefined),
    type,
    options: fromDescriptorOptions(f.options as D | undefined, descriptor.FieldOptions),
  }
  // protobufjs writes `packed = false` on every proto3 singular field; it means nothing there.
  if (field.label !== 'repeated') field.options = field.options.filter((o) => o.name !== 'packed')
  if (realOneof !== undefined) field.oneof = realOneof
  if (f.proto3Optional) field.proto3Optional = true
  const def = readDefault(f, type)
  if (def !== undefined) field.defaultValue = def
  const jsonName = str(f, 'jsonName')
  if (jsonName !== undefined) field.jsonName = jsonName
  const extendee = str(f, 'extendee')
  if (extendee !== undefined) field.extendee = { written: extendee }
  return field
}

/** proto3 `optional` fields each get a synthetic oneof in descriptors; the model hides them. */
const readOneofs = (d: D, msg: MessageDef): Map<number, number> => {
  const synthetic = new Set<number>()
  for (const f of list(d, 'field')) if (f.proto3Optional && hasOwn(f, 'oneofIndex')) synthetic.add(f.oneofIndex as number)
  const map = new Map<number, number>()
  list(d, 'oneofDecl').forEach((o, i) => {
    if (synthetic.has(i)) return
    map.set(i, msg.oneofs.length)
    msg.oneofs.push({ name: str(o, 'name') ?? '', options: fromDescriptorOptions(o.options as D | undefined, descriptor.OneofOptions) })
  })
  return map
}

const readRanges = (ranges: D[], endInclusive: boolean): { start: number; end: number }[] =>
  ranges.map((r) => ({ start: (r.start as number) ?? 0, end: ((r.end as number) ?? 0) - (endInclusive ? 0 : 1) }))

const readMessage = (d: D, syntax: Syntax, depth: number): MessageDef => {
  if (depth > 64) throw invalidSchema('Invalid Protobuf descriptor: messages nested too deeply')
  const msg = emptyMessage(str(d, 'name') ?? '')
  const options = d.options as D | undefined
  if (options?.mapEntry) msg.mapEntry = true
  msg.options = fromDescriptorOptions(options, descriptor.MessageOptions, ['mapEntry'])
  const oneofMap = readOneofs(d, msg)
  msg.fields = list(d, 'field').map((f) => readField(f, syntax, oneofMap))
  msg.messages = list(d, 'nestedType').map((n) => readMessage(n, syntax, depth + 1))
  for (const f of msg.fields) {
    if (f.type.kind !== 'group') continue
    const simple = f.type.written.split('.').pop()
    const nested = msg.messages.find((m) => m.name === simple)
    if (nested) nested.group = true
  }
  msg.enums = list(d, 'enumType').map(readEnum)
  msg.extensions = list(d, 'extension').map((f) => readField(f, syntax, new Map()))
  msg.extensionRanges = list(d, 'extensionRange').map((r) => ({
    ...readRanges([r], false)[0]!,
    options: fromDescriptorOptions(r.options as D | undefined, ExtensionRangeOptions),
  }))
  msg.reservedRanges = readRanges(list(d, 'reservedRange'), false)
  msg.reservedNames = [...((d.reservedName as string[] | undefined) ?? [])]
  return msg
}

const readEnum = (d: D): EnumDef => {
  const en = emptyEnum(str(d, 'name') ?? '')
  en.options = fromDescriptorOptions(d.options as D | undefined, descriptor.EnumOptions)
  en.values = list(d, 'value').map((v) => ({
    name: str(v, 'name') ?? '',
    number: (v.number as number | undefined) ?? 0,
    options: fromDescriptorOptions(v.options as D | undefined, descriptor.EnumValueOptions),
  }))
  en.reservedRanges = readRanges(list(d, 'reservedRange'), true)
  en.reservedNames = [...((d.reservedName as string[] | undefined) ?? [])]
  return en
}

const readService = (d: D): ServiceDef => ({
  name: str(d, 'name') ?? '',
  options: fromDescriptorOptions(d.options as D | undefined, descriptor.ServiceOptions),
  methods: list(d, 'method').map((m) => ({
    name: str(m, 'name') ?? '',
    input: { written: str(m, 'inputType') ?? '' },
    output: { written: str(m, 'outputType') ?? '' },
    clientStreaming: Boolean(m.clientStreaming),
    serverStreaming: Boolean(m.serverStreaming),
    options: fromDescriptorOptions(m.options as D | undefined, descriptor.MethodOptions),
  })),
})

const readSyntax = (d: D): Syntax => {
  const syntax = str(d, 'syntax') ?? ''
  if (syntax === 'proto3') return 'proto3'
  if (syntax === '' || syntax === 'proto2') return 'proto2'
  throw invalidSchema(`Invalid Protobuf descriptor: syntax "${syntax}" is not supported (use proto2 or proto3)`)
}

/** The model of a decoded `FileDescriptorProto`; names stay as the descriptor writes them. */
export const fileFromDescriptor = (d: D, path: string): ProtoFile => {
  const syntax = readSyntax(d)
  const deps = (d.dependency as string[] | undefined) ?? []
  const publicDeps = new Set((d.publicDependency as number[] | undefined) ?? [])
  const weakDeps = new Set((d.weakDependency as number[] | undefined) ?? [])
  const pkg = str(d, 'package')
  return {
    path,
    syntax,
    ...(pkg ? { package: pkg } : {}),
    imports: deps.map((p, i) => (publicDeps.has(i) ? { path: p, modifier: 'public' } : weakDeps.has(i) ? { path: p, modifier: 'weak' } : { path: p })),
    options: fromDescriptorOptions(d.options as D | undefined, descriptor.FileOptions),
    messages: list(d, 'messageType').map((m) => readMessage(m, syntax, 1)),
    enums: list(d, 'enumType').map(readEnum),
    services: list(d, 'service').map(readService),
    extensions: list(d, 'extension').map((f) => readField(f, syntax, new Map())),
  }
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * Base64 of a serialized `FileDescriptorProto`, as Confluent's JavaScript and Python serializers
 * send it; `undefined` when the text is not base64 of bytes that decode as a descriptor.
 */
/**
 * One long base64 token and nothing else: no `.proto` file looks like that (it needs at least a
 * keyword, a space and a `;`), so a failed decode of such input is reported as a bad descriptor.
 */
export const looksLikeBase64 = (text: string): boolean => {
  const compact = text.replace(/\s+/g, '')
  return compact.length >= 16 && BASE64.test(compact) && !/[;{}]/.test(text)
}

export const decodeBase64Descriptor = (text: string): D | undefined => {
  const compact = text.replace(/\s+/g, '')
  if (compact.length < 4 || !BASE64.test(compact)) return undefined
  const bytes = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  if (bytes.length === 0) return undefined
  try {
    // Keep unknown fields: custom options travel as extension fields the descriptor types lack.
    const reader = protobuf.Reader.create(bytes)
    reader.discardUnknown = false
    return descriptor.FileDescriptorProto.decode(reader) as unknown as D
  } catch {
    return undefined
  }
}
