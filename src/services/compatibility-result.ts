import type { CompatibilityLevel } from '../domain/levels.js'
import type { Incompatibility } from '../formats/format-plugin.js'

/**
 * Which check found a difference: `backward` when the schema being checked is the reader (it must
 * read data written with the earlier version), `forward` when the earlier version is the reader.
 * Presenters name the roles from it: in a backward finding `{reader}` is the new schema.
 */
export type Direction = 'backward' | 'forward'

export interface DirectedIncompatibility extends Incompatibility {
  direction: Direction
}

/**
 * The verdict of a compatibility check, in no API's words (presenters write the texts). Plain data:
 * it crosses from worker threads by structured clone.
 */
export interface CompatibilityResult {
  compatible: boolean
  /**
   * Empty when compatible. Reserved-field findings first, then the differences against the version
   * that failed: backward ones, then forward ones.
   */
  incompatibilities: DirectedIncompatibility[]
  /** The earlier version the differences were found against; absent when none was. */
  compared?: { version: number; schema: string }
  /** The level the check applied. */
  level: CompatibilityLevel
  /** Whether `validateFields` (reserved-field checks) was on. */
  validateFields: boolean
  /**
   * The parse error of a candidate that is not a valid schema, when the caller asked for that to
   * count as incompatible (Confluent's verbose compatibility test); `incompatibilities` is then empty.
   */
  invalid?: string
}

/** How a dialect names the two schemas: the one being checked and the earlier version. */
export interface RoleNames {
  candidate: string
  earlier: string
}

/**
 * The description with the roles named: in a backward finding the reader is the schema being
 * checked, in a forward one the earlier version. One pass, so a name never gets replaced again.
 */
export const describeWithRoles = (i: DirectedIncompatibility, names: RoleNames): string => {
  const [reader, writer] = i.direction === 'backward' ? [names.candidate, names.earlier] : [names.earlier, names.candidate]
  return i.description.replace(/\{(reader|writer)\}/g, (_, role: string) => (role === 'reader' ? reader : writer))
}
