import { CONFIG_FIELDS, type RegistryConfig } from '../domain/config.js'
import { RegistryError } from '../errors/registry-error.js'
import type { ConfigPatch } from '../services/config-service.js'

const BOOLEAN_FIELDS = new Set(['normalize', 'validateFields', 'validateRules'])
const OBJECT_FIELDS = new Set(['defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'])

const wrongType = (key: string, v: unknown) =>
  v !== null && (BOOLEAN_FIELDS.has(key) ? typeof v !== 'boolean' : OBJECT_FIELDS.has(key) ? typeof v !== 'object' || Array.isArray(v) : typeof v !== 'string')

/** A config PUT body: `compatibility` (or `compatibilityLevel`) plus the other stored fields. */
export const toConfigPatch = (body: unknown): ConfigPatch => {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw new RegistryError('INVALID_BODY', { reason: 'Request body must be a JSON object' })
  const b = body as Record<string, unknown>
  const patch: Record<string, unknown> = {}
  if ('compatibility' in b) patch.compatibilityLevel = b.compatibility
  else if ('compatibilityLevel' in b) patch.compatibilityLevel = b.compatibilityLevel
  for (const key of CONFIG_FIELDS) {
    if (key === 'compatibilityLevel' || !(key in b)) continue
    if (wrongType(key, b[key])) throw new RegistryError('INVALID_BODY', { reason: `Invalid config field ${key}` })
    patch[key] = b[key]
  }
  return patch as ConfigPatch
}

/** GET answers the level under `compatibilityLevel`; PUT echoes it under `compatibility`. */
export const configPutShape = ({ compatibilityLevel, ...rest }: RegistryConfig) => ({
  ...(compatibilityLevel ? { compatibility: compatibilityLevel } : {}),
  ...rest,
})
