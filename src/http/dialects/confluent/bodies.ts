import { z } from 'zod'
import { isSchemaType } from '../../../domain/schema-types.js'
import { invalidSchema, RegistryError } from '../../../errors/registry-error.js'
import { missingBody, referenceSchema, type SchemaFields } from '../../schema-fields.js'
import type { DialectBodies } from '../dialect-module.js'

const jsonObject = z.record(z.string(), z.unknown())

/** Confluent's register / lookup / compatibility body; unknown fields are ignored, null is absent. */
export const confluentSchemaBody = z
  .object({
    schema: z.string().nullish(),
    schemaType: z.string().nullish(),
    references: z.array(referenceSchema).nullish(),
    metadata: jsonObject.nullish(),
    ruleSet: jsonObject.nullish(),
    id: z.number().int().nullish(),
    version: z.number().int().nullish(),
  })
  .nullish()
export type ConfluentSchemaBody = z.infer<typeof confluentSchemaBody>

/** Through zod, so a field of the wrong type is a 422 that names it. */
const parseBody = (body: unknown): ConfluentSchemaBody => {
  const parsed = confluentSchemaBody.safeParse(body)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
    throw new RegistryError('INVALID_BODY', { reason: `Invalid request body: ${where}` })
  }
  return parsed.data
}

/** Confluent takes the exact upper-case type names (`avro` is 42201, as in Confluent). */
const fromBody = (body: ConfluentSchemaBody): SchemaFields => {
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

export const confluentBodies: DialectBodies = {
  schemaFields: (body) => fromBody(parseBody(body)),
}
