/**
 * The plugin's own model of one `.proto` file. It follows `google.protobuf.FileDescriptorProto`
 * closely (fields in declaration order, map entries as nested messages, extensions as fields with an
 * extendee), so that the `.proto` text and the base64 descriptor spellings of a schema meet in one
 * value, but keeps options as ordered name/value pairs: custom options have no typed descriptor field.
 */

export type Syntax = 'proto2' | 'proto3'

/** `undefined` is proto3's implicit label: Confluent compares labels only when both are explicit. */
export type Label = 'optional' | 'required' | 'repeated' | undefined

export const SCALAR_TYPES = [
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'bytes',
  'uint32',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
] as const
export type ScalarType = (typeof SCALAR_TYPES)[number]

export const isScalarType = (t: string): t is ScalarType => (SCALAR_TYPES as readonly string[]).includes(t)

/** An option value as written: constants keep their token kind; aggregates keep their fields. */
export type OptionValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'ident'; value: string }
  | { kind: 'aggregate'; fields: AggregateField[] }
  | { kind: 'list'; items: OptionValue[] }

export interface AggregateField {
  /** A field name, or `[full.extension.name]` for an extension inside a text-format message. */
  name: string
  value: OptionValue
}

export interface OptionEntry {
  /** As text writes it: `java_package`, `(confluent.field_meta)`, `(my.ext).sub.field`. */
  name: string
  value: OptionValue
}

/** Where in the text a declaration starts; absent for declarations read from a descriptor. */
export interface Where {
  line?: number
}

export interface TypeRef {
  /** The name as written (a scalar keyword or a type reference). */
  written: string
  /** Full name without leading dot once resolved; `undefined` for scalars and unresolved names. */
  resolved?: string
  /** What the resolved name is. */
  kind?: 'scalar' | 'message' | 'enum' | 'group'
}

export interface FieldDef extends Where {
  name: string
  number: number
  label: Label
  type: TypeRef
  /** Index into the parent message's `oneofs`; never set for proto3 `optional` (synthetic oneof). */
  oneof?: number
  /** proto3 `optional`: explicit presence, carried in the descriptor as a synthetic oneof. */
  proto3Optional?: boolean
  /** The descriptor form of `[default = ...]`: unescaped string, enum value name, number text. */
  defaultValue?: string
  jsonName?: string
  options: OptionEntry[]
  /** For extensions: the extended message as written and resolved. */
  extendee?: TypeRef
}

export interface OneofDef extends Where {
  name: string
  options: OptionEntry[]
}

export interface Range {
  start: number
  /** Inclusive. */
  end: number
}

export interface ExtensionRange extends Range {
  options: OptionEntry[]
}

export interface MessageDef extends Where {
  name: string
  fields: FieldDef[]
  oneofs: OneofDef[]
  messages: MessageDef[]
  enums: EnumDef[]
  extensions: FieldDef[]
  extensionRanges: ExtensionRange[]
  reservedRanges: Range[]
  reservedNames: string[]
  options: OptionEntry[]
  /** A synthetic `map<K, V>` entry: printed as the map field, never as a message. */
  mapEntry?: boolean
  /** The message type of a proto2 group: printed inline with its field. */
  group?: boolean
}

export interface EnumValueDef extends Where {
  name: string
  number: number
  options: OptionEntry[]
}

export interface EnumDef extends Where {
  name: string
  values: EnumValueDef[]
  options: OptionEntry[]
  reservedRanges: Range[]
  reservedNames: string[]
}

export interface MethodDef extends Where {
  name: string
  input: TypeRef
  output: TypeRef
  clientStreaming: boolean
  serverStreaming: boolean
  options: OptionEntry[]
}

export interface ServiceDef extends Where {
  name: string
  methods: MethodDef[]
  options: OptionEntry[]
}

export interface ImportDef extends Where {
  path: string
  modifier?: 'public' | 'weak'
}

export interface ProtoFile {
  /** The import path the file is known by (`other.proto`); the main file's is empty. */
  path: string
  syntax: Syntax
  package?: string
  imports: ImportDef[]
  options: OptionEntry[]
  messages: MessageDef[]
  enums: EnumDef[]
  services: ServiceDef[]
  extensions: FieldDef[]
}

export const emptyMessage = (name: string, line?: number): MessageDef => ({
  name,
  line,
  fields: [],
  oneofs: [],
  messages: [],
  enums: [],
  extensions: [],
  extensionRanges: [],
  reservedRanges: [],
  reservedNames: [],
  options: [],
})

export const emptyEnum = (name: string, line?: number): EnumDef => ({
  name,
  line,
  values: [],
  options: [],
  reservedRanges: [],
  reservedNames: [],
})

/** Field numbers run from 1 to 2^29 - 1 (`max` in ranges). */
export const MAX_FIELD_NUMBER = 536_870_911
