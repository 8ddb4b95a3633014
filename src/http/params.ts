import { z } from 'zod'
import { parseSubject, qualifySubject, requireScope, requireSubject, type SubjectRef } from '../domain/subjects.js'
import { parseSchemaId, parseVersion } from '../domain/versions.js'
import type { FastifyRequest } from 'fastify'

/** Query booleans: a case-insensitive `true` is true, anything else false, never an error. */
export const flag = z
  .string()
  .optional()
  .transform((v) => v?.trim().toLowerCase() === 'true')

/** offset and limit: a non-number is a bad parameter (404/404 in Confluent). */
export const count = z
  .string()
  .regex(/^\s*[+-]?\d+\s*$/)
  .optional()
  .transform((v) => (v === undefined ? undefined : Number(v)))

export const text = z.string().optional()

export const subjectParams = z.object({ subject: z.string() })
export const versionParams = z.object({ subject: z.string(), version: z.string() })
export const idParams = z.object({ id: z.string() })

/** The request's context: from a `/contexts/{ctx}` prefix, else the default. */
export const contextOf = (request: FastifyRequest): string => request.registryContext

export const subjectOf = (request: FastifyRequest, raw: string): SubjectRef => requireSubject(raw, contextOf(request))
export const scopeOf = (request: FastifyRequest, raw: string): SubjectRef => requireScope(raw, contextOf(request))
export const versionOf = parseVersion
export const idOf = parseSchemaId

/** Confluent's paging: offset from 0, limit default and maximum 1000 where the contract says so. */
export const page = <T>(items: T[], offset = 0, limit?: number, max?: number): T[] => {
  const start = Math.max(0, offset)
  let size = limit === undefined || limit <= 0 ? (max ?? items.length) : limit
  if (max !== undefined) size = Math.min(size, max)
  return items.slice(start, start + size)
}

/** What a listing by `subjectPrefix` covers (subjects and schemas alike). */
export interface ListingScope {
  /** Undefined: every context. */
  context?: string
  /** Matched against qualified names. */
  prefix?: string
  /** `:*:name`: matched against unqualified names in every context. */
  namePrefix?: string
}

/**
 * A qualified prefix names its context (`:.team-a:ord`), `:*:` every context, an unqualified one (the
 * empty one too) the request's; without a prefix a `/contexts/{ctx}/` prefix keeps the listing in that
 * context, and otherwise it covers every context.
 */
export const listingScope = (req: FastifyRequest, prefix: string | undefined): ListingScope => {
  // no prefix: every context (unless pinned); an empty one: the request's context (Confluent)
  if (prefix === undefined) return { context: req.contextPinned ? req.registryContext : undefined }
  if (prefix === '') return { context: req.registryContext }
  if (prefix.startsWith(':*:')) return { namePrefix: prefix.slice(3) }
  const ref = parseSubject(prefix, req.registryContext)
  return { context: ref.context, prefix: ref.name ? qualifySubject(ref) : undefined }
}
