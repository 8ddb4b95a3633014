import type { SchemaType } from '../../../domain/schema-types.js'
import { invalidSchema, RegistryError } from '../../../errors/registry-error.js'
import { fileSetOf, hasFiles, missingBody, referenceSchema, type FileSetFields, type SchemaFields } from '../../schema-fields.js'
import type { DialectBodies } from '../dialect-module.js'

const TYPES: Record<string, SchemaType> = { AVRO: 'AVRO', JSON: 'JSON', PB: 'PROTOBUF', PROTOBUF: 'PROTOBUF' }

/** `serialization` and `schemaType` take any case here; `""` or null means absent. */
const typeOf = (raw: unknown, what: string): SchemaType | undefined => {
  if (raw === undefined || raw === null || raw === '') return undefined
  const type = typeof raw === 'string' ? TYPES[raw.trim().toUpperCase()] : undefined
  if (!type) throw invalidSchema(`Invalid ${what} ${JSON.stringify(raw)}`)
  return type
}

const optionalText = (v: unknown): string | null | undefined => (v === undefined ? undefined : v === null ? null : String(v))

type Obj = Record<string, unknown>

/**
 * The register body in its three spellings (docs/API.md §5): the Schema object's writable fields,
 * the same wrapped as `{"schema": {...}}`, or a Confluent-style `{"schema": "<text>"}`.
 */
const schemaFields = (body: unknown): SchemaFields => {
  if (body === undefined || body === null) throw missingBody()
  if (typeof body !== 'object' || Array.isArray(body)) throw new RegistryError('INVALID_BODY', { reason: 'Request body must be a JSON object' })
  const outer = body as Obj
  const inner = typeof outer.schema === 'object' && outer.schema !== null && !Array.isArray(outer.schema) ? (outer.schema as Obj) : outer
  const definition = inner.schemaDefinition ?? inner.schema_definition ?? (typeof inner.schema === 'string' ? inner.schema : undefined)
  const fromSerialization = typeOf(inner.serialization, 'serialization')
  const fromType = typeOf(inner.schemaType, 'schemaType')
  if (fromSerialization && fromType && fromSerialization !== fromType) {
    throw invalidSchema(`serialization ${String(inner.serialization)} contradicts schemaType ${String(inner.schemaType)}`)
  }
  const parsed = referenceSchema
    .array()
    .nullish()
    .safeParse(inner.references ?? outer.references)
  if (!parsed.success) throw new RegistryError('INVALID_BODY', { reason: 'references must be a list of {name, subject, version}' })
  return {
    schema: definition === undefined || definition === null ? undefined : typeof definition === 'string' ? definition : JSON.stringify(definition),
    schemaType: fromSerialization ?? fromType ?? 'AVRO',
    references: parsed.data ?? [],
    annotations: { name: optionalText(inner.name), comment: optionalText(inner.comment), validator: optionalText(inner.validator) },
    // IMPORT mode honours these; outside it the policy drops them so a fetched object can be posted back
    id: inner.id === undefined || inner.id === null ? undefined : Number(inner.id),
    version: typeof inner.version === 'number' ? inner.version : undefined,
  }
}

/**
 * A set of files (docs/EXTENSIONS.md §9) at the top level of the body: `files` (texts by path) and
 * `root`, with the type as `schemaType` or `serialization` in any case.
 */
const fileSet = (body: unknown): FileSetFields | undefined => {
  if (!hasFiles(body)) return undefined
  const b = body as Obj
  const files = b.files
  if (typeof files !== 'object' || files === null || Array.isArray(files) || Object.values(files).some((t) => typeof t !== 'string')) {
    throw new RegistryError('INVALID_BODY', { reason: 'files must be an object of file texts by path' })
  }
  if (typeof b.root !== 'string') throw new RegistryError('INVALID_BODY', { reason: 'root must be the path of one of the files' })
  const fromSerialization = typeOf(b.serialization, 'serialization')
  const fromType = typeOf(b.schemaType, 'schemaType')
  if (fromSerialization && fromType && fromSerialization !== fromType) {
    throw invalidSchema(`serialization ${String(b.serialization)} contradicts schemaType ${String(b.schemaType)}`)
  }
  return fileSetOf({ files: files as Record<string, string>, root: b.root, schema: b.schema ?? b.schemaDefinition, schemaType: fromSerialization ?? fromType ?? 'AVRO' })
}

export const openSchemaBodies: DialectBodies = { schemaFields, fileSet }
