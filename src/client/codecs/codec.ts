import type { SchemaType } from '../types.js'

/** A schema a codec's schema references, directly or through another reference; dependencies come first. */
export interface ResolvedReference {
  name: string
  schema: string
  schemaType: SchemaType
}

/** Options of `encode`. */
export interface EncodeOptions {
  /** Protobuf: the full name of the message to write (`acme.orders.v1.Order.Line`); default the file's first message. */
  message?: string
}

/** A schema compiled by its format's own library, turning values into what follows the schema id and back. */
export interface Codec {
  /** The bytes after the 5-byte header; throws when the value does not fit the schema. */
  encode(value: unknown, options: EncodeOptions): Uint8Array
  /** The value from the bytes after the 5-byte header; throws when they cannot be read as the schema. */
  decode(body: Uint8Array): unknown
}

/** Builds a codec from the schema text and its resolved references. */
export type CodecFactory = (schema: string, references: ResolvedReference[]) => Codec

/** A value shown in an error message, short. */
export const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** A path as a JSON Pointer. */
export const pointer = (path: (string | number)[]): string => path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
