import type { ResolvedReference, SchemaType } from '../domain/schema-types.js'

/** One difference that makes `reader` unable to read data written with `writer`. */
export interface Incompatibility {
  /** Confluent's difference / incompatibility type, e.g. `READER_FIELD_MISSING_DEFAULT_VALUE`. */
  kind: string
  /** Where in the schema, as a JSON pointer or a Protobuf path, e.g. `/fields/2`. */
  path: string
  /**
   * The verbose message exactly as Confluent writes it, e.g.
   * `{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'...', additionalInfo:'...'}`.
   */
  message: string
}

export interface ParseOptions {
  /** New schemas are parsed strictly (names, defaults); stored ones leniently: they were valid once. */
  strict: boolean
}

export interface CheckOptions {
  /** A subject config's `compatibilityPolicy`; only JSON Schema reads it (LENIENT relaxes open models). */
  policy: 'STRICT' | 'LENIENT' | 'LOGICAL'
  /**
   * Whether `reader` is the schema being registered (a BACKWARD check) or a stored version (FORWARD).
   * Only the wording of messages depends on it: Confluent's texts say "new" and "old" schema.
   * Absent: the reader is the new schema.
   */
  readerIsNew?: boolean
}

/** A schema parsed by its plugin; only that plugin looks inside `value`. */
export interface ParsedSchema {
  type: SchemaType
  value: unknown
}

/**
 * Everything the registry knows about one schema type. Services never branch on the type; they ask
 * the plugin. Every method throws `RegistryError('INVALID_SCHEMA', message)` for bad input and never
 * anything else for input it was given.
 */
export interface FormatPlugin {
  readonly type: SchemaType
  /**
   * How OpenSchema's `schemaDefinition` shows a schema: `json` embeds it as a JSON value (Avro, JSON
   * Schema), `text` as a string (Protobuf).
   */
  readonly definitionAs: 'json' | 'text'
  /**
   * Parses schema text (for Protobuf also base64 of a serialized FileDescriptorProto). `references`
   * holds every schema the text refers to, loaded recursively.
   */
  parse(text: string, references: ResolvedReference[], options: ParseOptions): ParsedSchema
  /**
   * The stored text, which is the identity of the content: spellings of one schema that differ only
   * in what the format does not define (whitespace, JSON key order, comments) give the same text.
   * `normalize` applies the stronger normalization of Confluent's `normalize=true`.
   */
  canonical(parsed: ParsedSchema, options: { normalize: boolean }): string
  /** Empty when a consumer holding `reader` can decode every message produced with `writer`. */
  checkReadable(args: { reader: ParsedSchema; writer: ParsedSchema; options: CheckOptions }): Incompatibility[]
  /**
   * The schema in an alternative output format (`?format=`): Protobuf's `serialized` (base64 of the
   * descriptor). Undefined when the plugin has no such format, so the stored text is served.
   */
  render(parsed: ParsedSchema, format: string): string | undefined
}
