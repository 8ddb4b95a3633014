import type { ResolvedReference, SchemaType } from '../domain/schema-types.js'

/**
 * One difference that makes `reader` unable to read data written with `writer`, in no API's words:
 * a plugin knows the reader and the writer, never which of them is being registered, so texts name
 * the two sides by role and presenters put the dialect's words in (Confluent says "new" and "old").
 * Plain data: results cross to worker threads by structured clone.
 */
export interface Incompatibility {
  /** Confluent's difference / incompatibility type, e.g. `READER_FIELD_MISSING_DEFAULT_VALUE`. */
  kind: string
  /** Where in the schema, as a JSON pointer or a Protobuf path, e.g. `/fields/2`. */
  path: string
  /**
   * What breaks, with {@link READER} and {@link WRITER} standing for the two schemas, e.g.
   * `The field 'x' at path '/fields/1' in the {reader} schema has no default value and is missing
   * in the {writer} schema`. Empty when Confluent has no description for the kind.
   */
  description: string
  /** Extra detail Avro reports (Java's `Incompatibility.getMessage()`); absent for other formats. */
  info?: string
}

/** The placeholder for the reading schema's role in {@link Incompatibility.description}. */
export const READER = '{reader}'
/** The placeholder for the writing schema's role in {@link Incompatibility.description}. */
export const WRITER = '{writer}'

// Two kinds are whole sentences rather than differences the diff found; Confluent prints them bare.
/** The comparison itself failed (Confluent: `Unexpected exception during compatibility check: ...`). */
export const UNEXPECTED_ERROR = 'UNEXPECTED_ERROR'
/** The two schemas are of different types (`Incompatible because of different schema type`). */
export const SCHEMA_TYPE_MISMATCH = 'SCHEMA_TYPE_MISMATCH'

export interface ParseOptions {
  /** New schemas are parsed strictly (names, defaults); stored ones leniently: they were valid once. */
  strict: boolean
}

export interface CheckOptions {
  /**
   * A subject config's `compatibilityPolicy`. JSON Schema reads LENIENT (it relaxes open models);
   * every format reads LOGICAL (it adds the rules a table column can follow). Otherwise as STRICT.
   */
  policy: 'STRICT' | 'LENIENT' | 'LOGICAL'
}

/**
 * One payload to check against a schema: a JSON value already parsed (a JSON instance, Avro's JSON
 * encoding, Protobuf's canonical JSON mapping) or the bytes of the format's binary encoding (UTF-8
 * JSON for JSON Schema).
 */
export type Payload = { encoding: 'json'; value: unknown } | { encoding: 'binary'; bytes: Uint8Array }

/** Why a payload does not fit its schema: where (a JSON Pointer into the payload, `''` for the whole) and what. */
export interface PayloadError {
  path: string
  message: string
}

/** A schema compiled for checking payloads; never throws for a payload, whatever its bytes. */
export interface PayloadValidator {
  /** Empty when the payload fits the schema. */
  validate(payload: Payload): PayloadError[]
}

/** One import of a schema file, as a set of files is published (docs/EXTENSIONS.md §9). */
export interface FileImport {
  /** The import path as written (`common/money.proto`). */
  path: string
  /** The registry provides the file itself (Protobuf's well-known files): it needs no file and no reference. */
  builtIn: boolean
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
  /** The file extension of this type's schema files in the versioned file store (`avsc`, `json`, `proto`). */
  readonly fileExtension: string
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
   * The names of the schema's top-level fields, which `confluent:reserved` metadata may not use
   * (Confluent's `hasTopLevelField`). Empty when the schema has no fields (an Avro enum, a JSON
   * Schema without `properties`).
   */
  fieldNames(parsed: ParsedSchema): string[]
  /**
   * The schema in an alternative output format (`?format=`): Protobuf's `serialized` (base64 of the
   * descriptor). Undefined when the plugin has no such format, so the stored text is served.
   */
  render(parsed: ParsedSchema, format: string): string | undefined
  /**
   * The schema compiled with its format's own library for checking payloads. `message` picks a
   * Protobuf message by full name (default: the file's first); other formats refuse it. Throws
   * INVALID_SCHEMA when the message is unknown or the library cannot compile the schema.
   */
  compileValidator(parsed: ParsedSchema, options: { message?: string }): PayloadValidator
  /**
   * Splits what follows the schema id in Confluent's wire format into the message it is written
   * with (Protobuf's message indexes; undefined for the other formats) and the payload bytes.
   * Throws INVALID_SCHEMA when that prefix cannot be read.
   */
  readWirePayload(parsed: ParsedSchema, bytes: Uint8Array): { message?: string; payload: Uint8Array }
  /**
   * The files a schema text imports, once each, in the order written: what publishing a set of files
   * wires as references (docs/EXTENSIONS.md §9). Absent for types whose schemas import no files.
   * Throws INVALID_SCHEMA when the text does not parse.
   */
  fileImports?(text: string): FileImport[]
}
