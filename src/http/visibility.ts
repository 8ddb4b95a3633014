import type { FastifyRequest } from 'fastify'
import type { Principal } from '../auth/authenticator.js'
import { allows } from '../auth/grants.js'
import { parseSubject } from '../domain/subjects.js'
import type { Registry } from '../services/registry.js'

// What a request may see (docs/EXTENSIONS.md §3.2): the access hook (access.ts) sets
// `request.visibility` from the caller's grants; listings and id lookups filter with these helpers.

/** What a principal may read. `everything` lets lists skip filtering (always so without AUTH_FILE). */
export interface Visibility {
  readonly everything: boolean
  /** A subject, qualified (`:.ctx:s`) or in the request's context. */
  subject(qualified: string): boolean
  context(context: string): boolean
}

export const visibilityOf = (p: Principal, requestContext: string): Visibility => {
  const everything = allows(p, 'read', { kind: 'scope' })
  if (everything) return EVERYTHING
  return {
    everything,
    subject: (qualified) => {
      const ref = parseSubject(qualified, requestContext)
      return allows(p, 'read', { kind: 'subject', context: ref.context, name: ref.name })
    },
    context: (context) => p.grants.some((g) => g.context === undefined || g.context === context),
  }
}

export const EVERYTHING: Visibility = { everything: true, subject: () => true, context: () => true }

/** Keeps the items whose subject the request may read. */
export const visibleItems = <T>(request: FastifyRequest, items: T[], subjectOf: (item: T) => string): T[] =>
  request.visibility.everything ? items : items.filter((item) => request.visibility.subject(subjectOf(item)))

/** Keeps the ids (with their contexts) one of whose subjects the request may read. */
export const visibleIds = async <T extends { context: string; id: number }>(request: FastifyRequest, schemas: IdLookups, ids: T[]): Promise<T[]> => {
  if (request.visibility.everything) return ids
  const out: T[] = []
  for (const x of ids) if (await idVisible(request, schemas, x.context, x.id)) out.push(x)
  return out
}

/** The services the access check reads to decide on an id or a guid. */
export type IdLookups = Pick<Registry['schemas'], 'registrations' | 'byGuid' | 'subjectScope'>

/** Whether one subject the id is registered under (live or soft-deleted) is visible; an unknown id counts as visible (it answers 404 anyway). */
export const idVisible = async (request: FastifyRequest, schemas: IdLookups, context: string, id: number): Promise<boolean> => {
  if (request.visibility.everything) return true
  let regs: { subject: string }[]
  try {
    regs = await schemas.registrations(context, id, true)
  } catch {
    return true
  }
  return regs.some((g) => request.visibility.subject(g.subject))
}
