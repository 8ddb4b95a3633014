import type { Metadata, RuleSet } from './schema-types.js'
import type { CompatibilityLevel, CompatibilityPolicy } from './levels.js'

/** A config as stored at one scope; every field optional, merged field by field over lower scopes. */
export interface RegistryConfig {
  compatibilityLevel?: CompatibilityLevel
  normalize?: boolean
  compatibilityGroup?: string
  compatibilityPolicy?: CompatibilityPolicy
  validateFields?: boolean
  validateRules?: boolean
  alias?: string
  defaultMetadata?: Metadata
  overrideMetadata?: Metadata
  defaultRuleSet?: RuleSet
  overrideRuleSet?: RuleSet
}

export const CONFIG_FIELDS = [
  'compatibilityLevel',
  'normalize',
  'compatibilityGroup',
  'compatibilityPolicy',
  'validateFields',
  'validateRules',
  'alias',
  'defaultMetadata',
  'overrideMetadata',
  'defaultRuleSet',
  'overrideRuleSet',
] as const satisfies readonly (keyof RegistryConfig)[]

/** Later configs win field by field; undefined fields fall through. */
export const mergeConfigs = (...configs: (RegistryConfig | undefined)[]): RegistryConfig => {
  const out: Record<string, unknown> = {}
  for (const c of configs) {
    if (!c) continue
    for (const [k, v] of Object.entries(c)) if (v !== undefined && v !== null) out[k] = v
  }
  return out as RegistryConfig
}
