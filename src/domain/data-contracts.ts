import { z } from 'zod'
import { RegistryError } from '../errors/registry-error.js'
import type { Metadata, RuleSet } from './schema-types.js'

// The shapes of Confluent's data-contract fields. Unknown keys pass through (newer clients may send
// more); known keys must have their types.
const metadataSchema = z.looseObject({
  tags: z.record(z.string(), z.array(z.string())).nullish(),
  properties: z.record(z.string(), z.string()).nullish(),
  sensitive: z.array(z.string()).nullish(),
})

const MIGRATION_MODES = ['UPGRADE', 'DOWNGRADE', 'UPDOWN'] as const
const DOMAIN_MODES = ['WRITE', 'READ', 'WRITEREAD'] as const

const rule = z.looseObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a rule name starts with a letter or _ and holds letters, digits, _, . and -'),
  doc: z.string().nullish(),
  kind: z.enum(['TRANSFORM', 'CONDITION']).nullish(),
  mode: z.enum([...MIGRATION_MODES, ...DOMAIN_MODES]).nullish(),
  type: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  params: z.record(z.string(), z.string()).nullish(),
  expr: z.string().nullish(),
  onSuccess: z.string().nullish(),
  onFailure: z.string().nullish(),
  disabled: z.boolean().nullish(),
})

const ruleSetSchema = z.looseObject({
  migrationRules: z.array(rule).nullish(),
  domainRules: z.array(rule).nullish(),
  encodingRules: z.array(rule).nullish(),
})

const invalid = (what: string, detail: string) => new RegistryError('INVALID_RULE_SET', { reason: `Invalid ${what}: ${detail}` })

const describeIssues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')

/** Throws INVALID_RULE_SET (42210) for metadata whose known fields have the wrong types. */
export const validateMetadata = (metadata: Metadata | null | undefined, what = 'metadata'): void => {
  if (metadata === null || metadata === undefined) return
  const parsed = metadataSchema.safeParse(metadata)
  if (!parsed.success) throw invalid(what, describeIssues(parsed.error))
}

/**
 * Throws INVALID_RULE_SET (42210) for a malformed rule set, duplicate rule names, or a rule whose
 * mode does not fit its list (migration rules UPGRADE, DOWNGRADE or UPDOWN; the others READ, WRITE
 * or WRITEREAD), as Confluent validates it.
 */
export const validateRuleSet = (ruleSet: RuleSet | null | undefined, what = 'rule set'): void => {
  if (ruleSet === null || ruleSet === undefined) return
  const parsed = ruleSetSchema.safeParse(ruleSet)
  if (!parsed.success) throw invalid(what, describeIssues(parsed.error))
  const names = new Set<string>()
  for (const [list, modes] of [
    ['migrationRules', MIGRATION_MODES],
    ['domainRules', DOMAIN_MODES],
    ['encodingRules', DOMAIN_MODES],
  ] as const) {
    for (const r of parsed.data[list] ?? []) {
      if (names.has(r.name)) throw invalid(what, `duplicate rule name ${r.name}`)
      names.add(r.name)
      if (r.mode && !(modes as readonly string[]).includes(r.mode)) throw invalid(what, `rule ${r.name} in ${list} cannot have mode ${r.mode}`)
    }
  }
}
