import type { Metadata, RuleSet } from './schema-types.js'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Confluent's Metadata merge: `tags` and `properties` merge key by key (the later wins), `sensitive`
 * is the union. Either side may be null.
 */
export const mergeMetadata = (base: Metadata | null | undefined, over: Metadata | null | undefined): Metadata | null => {
  if (!base) return over ?? null
  if (!over) return base
  const out: Obj = { ...base, ...over }
  for (const key of ['tags', 'properties']) {
    if (isObj(base[key]) || isObj(over[key])) out[key] = { ...(base[key] as Obj), ...(over[key] as Obj) }
  }
  if (Array.isArray(base.sensitive) || Array.isArray(over.sensitive)) {
    out.sensitive = [...new Set([...((base.sensitive as unknown[]) ?? []), ...((over.sensitive as unknown[]) ?? [])])]
  }
  return out
}

const mergeRules = (base: unknown, over: unknown): unknown[] | undefined => {
  if (!Array.isArray(base) && !Array.isArray(over)) return undefined
  const byName = new Map<unknown, unknown>()
  for (const rule of [...((base as unknown[]) ?? []), ...((over as unknown[]) ?? [])]) {
    byName.set(isObj(rule) ? rule.name : rule, rule)
  }
  return [...byName.values()]
}

/** Confluent's RuleSet merge: rules of each kind merge by name, the later rule replacing the earlier. */
export const mergeRuleSets = (base: RuleSet | null | undefined, over: RuleSet | null | undefined): RuleSet | null => {
  if (!base) return over ?? null
  if (!over) return base
  const out: Obj = { ...base, ...over }
  for (const key of ['migrationRules', 'domainRules', 'encodingRules']) {
    const merged = mergeRules(base[key], over[key])
    if (merged) out[key] = merged
  }
  return out
}

/** A metadata property, for `compatibilityGroup` and `GET /subjects/{s}/metadata`. */
export const metadataProperty = (metadata: Metadata | null, key: string): unknown => (isObj(metadata?.properties) ? (metadata.properties as Obj)[key] : undefined)
