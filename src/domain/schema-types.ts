export const SCHEMA_TYPES = ['AVRO', 'JSON', 'PROTOBUF'] as const
export type SchemaType = (typeof SCHEMA_TYPES)[number]

export const isSchemaType = (v: unknown): v is SchemaType => typeof v === 'string' && (SCHEMA_TYPES as readonly string[]).includes(v)

/** A reference as a client sends it and as it is stored: `name` is what the schema text uses. */
export interface SchemaReference {
  name: string
  subject: string
  version: number
}

/**
 * A reference with the referenced schema loaded, recursively: what a format plugin needs to parse a
 * schema that imports or names types from other subjects.
 */
export interface ResolvedReference {
  name: string
  subject: string
  version: number
  schemaType: SchemaType
  /** The stored (canonical) text of the referenced schema. */
  schema: string
  /** The referenced schema's own references, already resolved. */
  references: ResolvedReference[]
}

export type Metadata = Record<string, unknown>
export type RuleSet = Record<string, unknown>
