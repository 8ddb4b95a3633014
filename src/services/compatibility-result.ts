import type { CompatibilityLevel } from '../domain/levels.js'
import { RegistryError } from '../errors/registry-error.js'
import { SCHEMA_TYPE_MISMATCH, UNEXPECTED_ERROR, type Incompatibility } from '../formats/format-plugin.js'
import { FIELD_CONFLICTS_WITH_RESERVED_FIELD, RESERVED_FIELD_REMOVED } from './compatibility-reserved.js'

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

// The catalogue's INCOMPATIBLE_SCHEMA carries this result; the catalogue cannot import it, so the
// result is merged into the catalogue's placeholder type here.
declare module '../errors/registry-error.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface IncompatibilityReport extends CompatibilityResult {}
}

/** The 409 of a registration the compatibility rules reject, carrying the result for the presenters. */
export const incompatibleSchema = (subject: string, result: CompatibilityResult) => new RegistryError('INCOMPATIBLE_SCHEMA', { subject, report: result })

/**
 * Findings that are a sentence of their own rather than a difference between two schemas (a type
 * mismatch, a failure inside the check, the reserved-field rules); presenters print them as they are.
 */
export const SENTENCE_KINDS: ReadonlySet<string> = new Set([SCHEMA_TYPE_MISMATCH, UNEXPECTED_ERROR, RESERVED_FIELD_REMOVED, FIELD_CONFLICTS_WITH_RESERVED_FIELD])
