import { z } from 'zod'
import { invalidSchema, RegistryError } from '../errors/registry-error.js'
import type { SchemaType } from '../domain/schema-types.js'
import type { RegisterInput } from '../services/register-service.js'

/** What every dialect's register, lookup or compatibility body comes down to. */
export type SchemaFields = Omit<RegisterInput, 'subject' | 'normalize'>

/** A register body that publishes a set of files (docs/EXTENSIONS.md §9): texts by path and the root's path. */
export interface FileSetFields {
  schemaType: SchemaType
  files: ReadonlyMap<string, string>
  root: string
}

/** Whether a register body is a set of files: it has `files` (then it may not have `schema`). */
export const hasFiles = (body: unknown): body is { files: unknown } =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && (body as { files?: unknown }).files !== undefined && (body as { files?: unknown }).files !== null

/** The set as services take it, once a dialect has read the fields: `schema` beside `files` is refused (the publish service checks the root). */
export const fileSetOf = (fields: { files: Record<string, string>; root: string; schema?: unknown; schemaType: SchemaType }): FileSetFields => {
  if (fields.schema !== undefined && fields.schema !== null) throw invalidSchema('A body with files takes no schema: the root file is the schema')
  return { schemaType: fields.schemaType, files: new Map(Object.entries(fields.files)), root: fields.root }
}

/** The subjects a set of files writes besides the path's (its files but the root), for the access check; none for other bodies. */
export const fileSubjectNames = (body: unknown): string[] => {
  if (!hasFiles(body) || typeof body.files !== 'object' || body.files === null) return []
  const root = (body as { root?: unknown }).root
  return Object.keys(body.files).filter((path) => path !== root)
}

export const referenceSchema = z.object({ name: z.string(), subject: z.string(), version: z.number().int() })

export const missingBody = () => new RegistryError('MISSING_BODY', { reason: 'Request body is missing' })
