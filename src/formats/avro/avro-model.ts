import type { JsonNode } from './avro-json.js'

/**
 * The plugin's own model of an Avro schema, close to Avro Java's `Schema` objects: what the
 * canonical writer prints and what schema resolution compares. Named types are defined once, where
 * the text defines them; every other use (recursion included) is a `ref` looked up in `names`.
 */

export const PRIMITIVE_TYPES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number]

export const isPrimitiveType = (v: string): v is PrimitiveType => (PRIMITIVE_TYPES as readonly string[]).includes(v)

/** A named type's name: `full` is `space.name`, or `name` when the namespace is null. */
export interface AvroName {
  name: string
  space: string | null
  full: string
}

/** Attributes the format does not reserve (`logicalType`, `precision`, `connect.name`, ...). */
export type Props = Map<string, JsonNode>

export interface PrimitiveSchema {
  kind: 'primitive'
  type: PrimitiveType
  props: Props
}

export type FieldOrder = 'ascending' | 'descending' | 'ignore'

export interface AvroField {
  name: string
  type: AvroSchema
  doc?: string
  /** Present when the text has a `default` key, even `null`. */
  default?: JsonNode
  order: FieldOrder
  aliases: string[]
  props: Props
}

interface NamedBase {
  name: AvroName
  doc?: string
  /** Full names, resolved against the type's namespace. */
  aliases: AvroName[]
  props: Props
}

export interface RecordSchema extends NamedBase {
  kind: 'record'
  isError: boolean
  fields: AvroField[]
}

export interface EnumSchema extends NamedBase {
  kind: 'enum'
  symbols: string[]
  default?: string
}

export interface FixedSchema extends NamedBase {
  kind: 'fixed'
  size: number
}

export interface ArraySchema {
  kind: 'array'
  items: AvroSchema
  props: Props
}

export interface MapSchema {
  kind: 'map'
  values: AvroSchema
  props: Props
}

export interface UnionSchema {
  kind: 'union'
  branches: AvroSchema[]
}

/** A use of a named type defined elsewhere (earlier in the text, or by a reference). */
export interface RefSchema {
  kind: 'ref'
  full: string
}

export type NamedSchema = RecordSchema | EnumSchema | FixedSchema
export type AvroSchema = PrimitiveSchema | NamedSchema | ArraySchema | MapSchema | UnionSchema | RefSchema

/** What `parse` hands back inside `ParsedSchema.value`. */
export interface AvroParsed {
  root: AvroSchema
  /** Every named type in scope: the schema's own and those its references define. */
  names: Map<string, NamedSchema>
  /** Full names defined by references: written as names, never inlined (except `format=resolved`). */
  external: Set<string>
}

/** Follows a `ref` to its definition; the parser guarantees every ref resolves. */
export const resolve = (schema: AvroSchema, names: Map<string, NamedSchema>): Exclude<AvroSchema, RefSchema> => {
  if (schema.kind !== 'ref') return schema
  const named = names.get(schema.full)
  if (!named) throw new Error(`Unresolved Avro name ${schema.full}`)
  return named
}

/** Avro Java's `Schema.Type` name, upper case as its enum prints (`RECORD`, `INT`, ...). */
export const typeName = (schema: Exclude<AvroSchema, RefSchema>): string => (schema.kind === 'primitive' ? schema.type : schema.kind).toUpperCase()

/**
 * The field names of a record schema (Confluent's `hasTopLevelField`: Avro's `getField`, by name,
 * aliases not counted); empty for any other schema.
 */
export const avroFieldNames = (parsed: AvroParsed): string[] => {
  const root = resolve(parsed.root, parsed.names)
  return root.kind === 'record' ? root.fields.map((f) => f.name) : []
}
