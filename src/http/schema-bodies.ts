import { z } from 'zod'
import { isSchemaType, type SchemaType } from '../domain/schema-types.js'
import { invalidSchema, RegistryError } from '../errors/registry-error.js'
import type { FastifyRequest } from 'fastify'
import type { RegisterInput } from '../services/register-service.js'

const reference = z.object({ name: z.string(), subject: z.string(), version: z.number().int() })
const jsonObject = z.record(z.string(), z.unknown())

/** Confluent's register / lookup / compatibility body; unknown fields are ignored, null is absent. */
export const confluentSchemaBody = z
  .object({
    schema: z.string().nullish(),
    schemaType: z.string().nullish(),
    references: z.array(reference).nullish(),
    metadata: jsonObject.nullish(),
    ruleSet: jsonObject.nullish(),
    id: z.number().int().nullish(),
    version: z.number().int().nullish(),
  })
  .nullish()
export type ConfluentSchemaBody = z.infer<typeof confluentSchemaBody>

export type SchemaFields = Omit<RegisterInput, 'subject' | 'normalize'>

const missingBody = () => new RegistryError('MISSING_BODY', 'Request body is missing')

/** Confluent takes the exact upper-case type names (`avro` is 42201, as in Confluent). */
export const fromConfluentBody = (body: ConfluentSchemaBody): SchemaFields => {
  if (!body) throw missingBody()
  const type = body.schemaType ?? 'AVRO'
  if (!isSchemaType(type)) throw invalidSchema(`Invalid schema type ${type}`)
  return {
    schema: body.schema ?? undefined,
    schemaType: type,
    references: body.references ?? [],
    metadata: body.metadata ?? undefined,
    ruleSet: body.ruleSet ?? undefined,
    id: body.id ?? undefined,
    version: body.version ?? undefined,
  }
}

const OPENSCHEMA_TYPES: Record<string, SchemaType> = { AVRO: 'AVRO', JSON: 'JSON', PB: 'PROTOBUF', PROTOBUF: 'PROTOBUF' }

const openSchemaType = (raw: unknown, what: string): SchemaType | undefined => {
  if (raw === undefined || raw === null || raw === '') return undefined
  const type = typeof raw === 'string' ? OPENSCHEMA_TYPES[raw.trim().toUpperCase()] : undefined
  if (!type) throw invalidSchema(`Invalid ${what} ${JSON.stringify(raw)}`)
  return type
}

const optionalText = (v: unknown): string | null | undefined => (v === undefined ? undefined : v === null ? null : String(v))

type Obj = Record<string, unknown>

/**
 * OpenSchema's register body in its three spellings (docs/API.md §5): the Schema object's writable fields,
 * the same wrapped as `{"schema": {...}}`, or a Confluent-style `{"schema": "<text>"}`.
 */
export const fromOpenSchemaBody = (body: unknown): SchemaFields => {
  if (body === undefined || body === null) throw missingBody()
  if (typeof body !== 'object' || Array.isArray(body)) throw new RegistryError('INVALID_BODY', 'Request body must be a JSON object')
  const outer = body as Obj
  const inner = typeof outer.schema === 'object' && outer.schema !== null && !Array.isArray(outer.schema) ? (outer.schema as Obj) : outer
  const definition = inner.schemaDefinition ?? inner.schema_definition ?? (typeof inner.schema === 'string' ? inner.schema : undefined)
  const fromSerialization = openSchemaType(inner.serialization, 'serialization')
  const fromType = openSchemaType(inner.schemaType, 'schemaType')
  if (fromSerialization && fromType && fromSerialization !== fromType) {
    throw invalidSchema(`serialization ${String(inner.serialization)} contradicts schemaType ${String(inner.schemaType)}`)
  }
  const parsed = reference.array().nullish().safeParse(inner.references ?? outer.references)
  if (!parsed.success) throw new RegistryError('INVALID_BODY', 'references must be a list of {name, subject, version}')
  return {
    schema: definition === undefined || definition === null ? undefined : typeof definition === 'string' ? definition : JSON.stringify(definition),
    schemaType: fromSerialization ?? fromType ?? 'AVRO',
    references: parsed.data ?? [],
    annotations: { name: optionalText(inner.name), comment: optionalText(inner.comment), validator: optionalText(inner.validator) },
    // IMPORT mode honours these; outside it they are ignored so a fetched object can be posted back
    id: inner.id === undefined || inner.id === null ? undefined : Number(inner.id),
    version: typeof inner.version === 'number' ? inner.version : undefined,
  }
}

/** Confluent bodies through zod, so a field of the wrong type is a 422 that names it. */
export const parseConfluentBody = (body: unknown): ConfluentSchemaBody => {
  const parsed = confluentSchemaBody.safeParse(body)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
    throw new RegistryError('INVALID_BODY', `Invalid request body: ${where}`)
  }
  return parsed.data
}

/** The schema fields of a register, lookup or compatibility body, in the request's dialect. */
export const schemaFieldsOf = (request: FastifyRequest): SchemaFields =>
  request.dialect === 'confluent' ? fromConfluentBody(parseConfluentBody(request.body)) : fromOpenSchemaBody(request.body)
