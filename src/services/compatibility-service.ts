import { levelPlan, type CompatibilityLevel, type CompatibilityPolicy } from '../domain/levels.js'
import type { SchemaType } from '../domain/schema-types.js'
import { SCHEMA_TYPE_MISMATCH, type ParsedSchema } from '../formats/format-plugin.js'
import type { Formats } from '../formats/formats.js'
import { reservedFieldFindings, type ReservedFields } from './compatibility-reserved.js'
import type { CompatibilityResult, DirectedIncompatibility } from './compatibility-result.js'

export type { CompatibilityResult, DirectedIncompatibility, Direction } from './compatibility-result.js'

/** One earlier version to check against, newest first in the lists passed to `check`. */
export interface PreviousVersion {
  version: number
  schemaType: SchemaType
  schema: string
  parsed: ParsedSchema
}

export interface CheckRequest {
  candidate: ParsedSchema
  /** Live versions, oldest first (the order the store returns them). */
  previous: PreviousVersion[]
  level: CompatibilityLevel
  policy: CompatibilityPolicy
  validateFields?: boolean
  /** With `validateFields`: the reserved names to check, whatever the level (NONE included). */
  reserved?: ReservedFields
}

/**
 * The versions a level compares against, from live versions oldest first: none for NONE, the latest
 * for plain levels, all for transitive ones. Callers load only these.
 */
export const versionsToCheck = <T>(level: CompatibilityLevel, live: T[]): T[] => (level === 'NONE' ? [] : levelPlan(level).transitive ? live : live.slice(-1))

const directed = (found: { kind: string; path: string; description: string; info?: string }[], direction: 'backward' | 'forward') =>
  found.map((i): DirectedIncompatibility => ({ ...i, direction }))

/**
 * The compatibility levels, written once over the plugins' single question "can reader read data
 * written with writer?" (docs/COMPATIBILITY.md §1). Plain levels check the latest live version;
 * transitive ones every live version, newest first, stopping at the first failure. With
 * `validateFields`, the reserved-field rules apply first, under every level.
 */
export const createCompatibilityService = ({ formats }: { formats: Formats }) => {
  const compare = (req: CheckRequest, old: PreviousVersion): DirectedIncompatibility[] => {
    if (old.schemaType !== req.candidate.type) {
      return [{ kind: SCHEMA_TYPE_MISMATCH, path: '/', description: 'Incompatible because of different schema type', direction: 'backward' }]
    }
    const plugin = formats.get(req.candidate.type)
    const plan = levelPlan(req.level)
    const options = { policy: req.policy }
    return [
      ...(plan.backward ? directed(plugin.checkReadable({ reader: req.candidate, writer: old.parsed, options }), 'backward') : []),
      ...(plan.forward ? directed(plugin.checkReadable({ reader: old.parsed, writer: req.candidate, options }), 'forward') : []),
    ]
  }

  const reservedFindings = (req: CheckRequest): DirectedIncompatibility[] =>
    req.validateFields && req.reserved ? reservedFieldFindings(req.reserved, formats.get(req.candidate.type).fieldNames(req.candidate)) : []

  const check = (req: CheckRequest): CompatibilityResult => {
    const incompatibilities = reservedFindings(req)
    let compared: CompatibilityResult['compared']
    for (const old of versionsToCheck(req.level, req.previous).reverse()) {
      const differences = compare(req, old)
      if (differences.length > 0) {
        incompatibilities.push(...differences)
        compared = { version: old.version, schema: old.schema }
        break
      }
    }
    return {
      compatible: incompatibilities.length === 0,
      incompatibilities,
      ...(compared && { compared }),
      level: req.level,
      validateFields: req.validateFields ?? false,
    }
  }

  return { check }
}

export type CompatibilityService = ReturnType<typeof createCompatibilityService>
