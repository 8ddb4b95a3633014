import { describeWithRoles, type DirectedIncompatibility } from '../services/compatibility-result.js'
import type { StatusWarning } from '../services/status-check.js'

/** How a warning names the two schemas (texts say "the {reader} schema"): the one registered and the version it was checked against. */
const ROLES = { candidate: 'new', earlier: 'earlier' }

/**
 * What a forced registration found (docs/EXTENSIONS.md §6), the same in both dialects: the checker's
 * kind and path, a sentence, and the direction (`backward`: the new schema cannot read data written
 * with the earlier version; `forward`: the earlier version cannot read the new schema's data).
 */
export const presentWarnings = (warnings: readonly DirectedIncompatibility[]) =>
  warnings.map((w) => ({ kind: w.kind, path: w.path, message: describeWithRoles(w, ROLES), direction: w.direction }))

/** How a status warning names the two schemas: the caller's and the subject's live version. */
const STATUS_ROLES = { candidate: "caller's", earlier: 'live' }

/**
 * What a status check found (docs/EXTENSIONS.md §7), the same in both dialects; `direction` is the
 * side it hurts: `producer` (the live schema cannot read the caller's data) or `consumer` (the caller
 * cannot read data written with the live schema).
 */
export const presentStatusWarnings = (warnings: readonly StatusWarning[]) =>
  warnings.map((w) => ({ kind: w.kind, path: w.path, message: describeWithRoles(w, STATUS_ROLES), direction: w.role }))
