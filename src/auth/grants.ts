import type { Grant, Role } from './auth-file.js'
import type { Principal } from './authenticator.js'

/**
 * What a request does, as its route declares it (docs/EXTENSIONS.md §3): read, write (register,
 * stage, claim) or admin (configs, modes, deletes, audit).
 */
export type Action = 'read' | 'write' | 'admin'

const RANK: Record<Role, number> = { reader: 1, writer: 2, admin: 3 }
const NEEDS: Record<Action, number> = { read: 1, write: 2, admin: 3 }

/** What a request touches: one subject, a scope (global, or one context's config and mode), or nothing in particular. */
export type Target = { kind: 'subject'; context: string; name: string } | { kind: 'scope'; context?: string } | { kind: 'any' }

const strongEnough = (g: Grant, action: Action) => RANK[g.role] >= NEEDS[action]

/** A grant covers the subjects starting with one of its prefixes (all without) in its context (all without). */
const covers = (g: Grant, context: string, name: string) =>
  (g.context === undefined || g.context === context) && (g.subjects === undefined || g.subjects.some((p) => name.startsWith(p)))

/**
 * The strongest role among the principal's grants that reach the target (for the audit log), whatever
 * the action; undefined when none does.
 */
export const strongestRole = (p: Principal, target: Target): Role | undefined => {
  let best: Role | undefined
  for (const g of p.grants) {
    const reaches =
      target.kind === 'any' ||
      (target.kind === 'subject' ? covers(g, target.context, target.name) : g.subjects === undefined && (g.context === undefined || g.context === target.context))
    if (reaches && (best === undefined || RANK[g.role] > RANK[best])) best = g.role
  }
  return best
}

export const allows = (p: Principal, action: Action, target: Target): boolean =>
  p.grants.some((g) => {
    if (!strongEnough(g, action)) return false
    if (target.kind === 'any') return true
    if (target.kind === 'subject') return covers(g, target.context, target.name)
    // a scope needs a grant without prefixes: every context for the global one, or that context
    return g.subjects === undefined && (g.context === undefined || g.context === target.context)
  })
