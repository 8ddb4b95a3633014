import { levelPlan, type CompatibilityLevel, type CompatibilityPolicy } from '../domain/levels.js'
import type { SchemaType } from '../domain/schema-types.js'
import type { ParsedSchema } from '../formats/format-plugin.js'
import type { Formats } from '../formats/formats.js'

/** One earlier version to check against, newest first in the lists passed to `check`. */
export interface PreviousVersion {
  version: number
  schemaType: SchemaType
  schema: string
  parsed: ParsedSchema
}

export interface CompatibilityResult {
  compatible: boolean
  /** Confluent-style verbose messages; empty when compatible. */
  messages: string[]
}

export interface CheckRequest {
  candidate: ParsedSchema
  /** Live versions, oldest first (the order the store returns them). */
  previous: PreviousVersion[]
  level: CompatibilityLevel
  policy: CompatibilityPolicy
  validateFields?: boolean
}

/**
 * The versions a level compares against, from live versions oldest first: none for NONE, the latest
 * for plain levels, all for transitive ones. Callers load only these.
 */
export const versionsToCheck = <T>(level: CompatibilityLevel, live: T[]): T[] =>
  level === 'NONE' ? [] : levelPlan(level).transitive ? live : live.slice(-1)

/**
 * The compatibility levels, written once over the plugins' single question "can reader read data
 * written with writer?" (docs/COMPATIBILITY.md §1). Plain levels check the latest live version;
 * transitive ones every live version, newest first, stopping at the first failure.
 */
export const createCompatibilityService = ({ formats }: { formats: Formats }) => {
  const compare = (req: CheckRequest, old: PreviousVersion): string[] => {
    if (old.schemaType !== req.candidate.type) return ['Incompatible because of different schema type']
    const plugin = formats.get(req.candidate.type)
    const plan = levelPlan(req.level)
    const found = [
      ...(plan.backward ? plugin.checkReadable({ reader: req.candidate, writer: old.parsed, options: { policy: req.policy, readerIsNew: true } }) : []),
      ...(plan.forward ? plugin.checkReadable({ reader: old.parsed, writer: req.candidate, options: { policy: req.policy, readerIsNew: false } }) : []),
    ]
    return found.map((i) => i.message)
  }

  const check = (req: CheckRequest): CompatibilityResult => {
    for (const old of versionsToCheck(req.level, req.previous).reverse()) {
      const differences = compare(req, old)
      if (differences.length > 0) {
        return {
          compatible: false,
          messages: [
            ...differences,
            `{oldSchemaVersion: ${old.version}}`,
            `{oldSchema: '${old.schema}'}`,
            `{validateFields: '${req.validateFields ?? false}', compatibility: '${req.level}'}`,
          ],
        }
      }
    }
    return { compatible: true, messages: [] }
  }

  return { check }
}

export type CompatibilityService = ReturnType<typeof createCompatibilityService>
