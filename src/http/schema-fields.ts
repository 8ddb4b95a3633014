import { z } from 'zod'
import { RegistryError } from '../errors/registry-error.js'
import type { RegisterInput } from '../services/register-service.js'

/** What every dialect's register, lookup or compatibility body comes down to. */
export type SchemaFields = Omit<RegisterInput, 'subject' | 'normalize'>

export const referenceSchema = z.object({ name: z.string(), subject: z.string(), version: z.number().int() })

export const missingBody = () => new RegistryError('MISSING_BODY', { reason: 'Request body is missing' })
