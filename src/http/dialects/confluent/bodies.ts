import { z } from 'zod'
import { isSchemaType, type SchemaType } from '../../../domain/schema-types.js'
import { invalidSchema, RegistryError } from '../../../errors/registry-error.js'
import { fileSetOf, hasFiles, missingBody, referenceSchema, type SchemaFields } from '../../schema-fields.js'
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

/** A register body that publishes a set of files (docs/EXTENSIONS.md §9). */
const confluentFileSetBody = z.object({
  schema: z.unknown().optional(),
  schemaType: z.string().nullish(),
  files: z.record(z.string(), z.string()),
  root: z.string(),
})

/** Through zod, so a field of the wrong type is a 422 that names it. */
const parseWith = <T>(shape: z.ZodType<T>, body: unknown): T => {
  const parsed = shape.safeParse(body)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
    throw new RegistryError('INVALID_BODY', { reason: `Invalid request body: ${where}` })
  }
  return parsed.data
}
const parseBody = (body: unknown): ConfluentSchemaBody => parseWith(confluentSchemaBody, body)

/** Confluent takes the exact upper-case type names (`avro` is 42201, as in Confluent). */
const typeOf = (raw: string | null | undefined): SchemaType => {
  const type = raw ?? 'AVRO'
  if (!isSchemaType(type)) throw invalidSchema(`Invalid schema type ${type}`)
  return type
}

const fromBody = (body: ConfluentSchemaBody): SchemaFields => {
  if (!body) throw missingBody()
  return {
    schema: body.schema ?? undefined,
    schemaType: typeOf(body.schemaType),
    references: body.references ?? [],
    metadata: body.metadata ?? undefined,
    ruleSet: body.ruleSet ?? undefined,
    id: body.id ?? undefined,
    version: body.version ?? undefined,
  }
}

export const confluentBodies: DialectBodies = {
  schemaFields: (body) => fromBody(parseBody(body)),
  fileSet: (body) => {
    if (!hasFiles(body)) return undefined
    const set = parseWith(confluentFileSetBody, body)
    return fileSetOf({ ...set, schemaType: typeOf(set.schemaType) })
  },
}
