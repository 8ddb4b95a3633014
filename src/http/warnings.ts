import { describeWithRoles, type DirectedIncompatibility } from '../services/compatibility-result.js'

/** How a warning names the two schemas: the one registered and the version it was checked against. */
const ROLES = { candidate: 'the new schema', earlier: 'the earlier version' }

/**
 * What a forced registration found (docs/EXTENSIONS.md §6), the same in both dialects: the checker's
 * kind and path, a sentence, and the direction (`backward`: the new schema cannot read data written
 * with the earlier version; `forward`: the earlier version cannot read the new schema's data).
 */
export const presentWarnings = (warnings: readonly DirectedIncompatibility[]) =>
  warnings.map((w) => ({ kind: w.kind, path: w.path, message: describeWithRoles(w, ROLES), direction: w.direction }))
