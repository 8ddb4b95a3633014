import { FIELD_CONFLICTS_WITH_RESERVED_FIELD, RESERVED_FIELD_REMOVED } from '../../../services/compatibility-reserved.js'
import { describeWithRoles, type CompatibilityResult, type DirectedIncompatibility } from '../../../services/compatibility-result.js'

const ROLES = { candidate: 'new', earlier: 'old' }
const RESERVED = new Set([RESERVED_FIELD_REMOVED, FIELD_CONFLICTS_WITH_RESERVED_FIELD])

/** One finding as a plain sentence: which check failed, against what, the kind, where, and why. */
const openSchemaFinding = (result: CompatibilityResult, i: DirectedIncompatibility): string => {
  const what = `${i.kind}${i.path && i.path !== '/' ? ` at ${i.path}` : ''}: ${describeWithRoles(i, ROLES)}`
  if (RESERVED.has(i.kind)) return `Reserved field check failed: ${what}`
  const against = result.compared ? ` against version ${result.compared.version}` : ''
  return `${i.direction.toUpperCase()} check${against} failed: ${what}`
}

/**
 * OpenSchema's compatibility messages, one sentence per finding, e.g. `BACKWARD check against
 * version 3 failed: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1: The field 'x' ...`.
 */
export const openSchemaCompatibilityMessages = (result: CompatibilityResult): string[] => {
  if (result.invalid !== undefined) return [`Invalid schema: ${result.invalid}`]
  return result.incompatibilities.map((i) => openSchemaFinding(result, i))
}

/** The message of OpenSchema's 409 for a registration the compatibility rules reject. */
export const openSchemaIncompatibleSchemaMessage = ({ subject, report }: { subject: string; report: CompatibilityResult }): string =>
  `The schema is incompatible with subject "${subject}" under ${report.level}: ${openSchemaCompatibilityMessages(report).join('; ')}`
