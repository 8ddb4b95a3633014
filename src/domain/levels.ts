import { RegistryError } from '../errors/registry-error.js'

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number]

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT', 'FORWARD'] as const
export type Mode = (typeof MODES)[number]

export const COMPATIBILITY_POLICIES = ['STRICT', 'LENIENT', 'LOGICAL'] as const
export type CompatibilityPolicy = (typeof COMPATIBILITY_POLICIES)[number]

/** Levels are case-insensitive on input and stored upper case. */
export const parseLevel = (raw: unknown): CompatibilityLevel => {
  const up = typeof raw === 'string' ? raw.trim().toUpperCase() : ''
  if ((COMPATIBILITY_LEVELS as readonly string[]).includes(up)) return up as CompatibilityLevel
  throw new RegistryError('INVALID_COMPATIBILITY_LEVEL', { value: raw, field: 'compatibility' })
}

export const parseMode = (raw: unknown): Mode => {
  const up = typeof raw === 'string' ? raw.trim().toUpperCase() : ''
  if ((MODES as readonly string[]).includes(up)) return up as Mode
  throw new RegistryError('INVALID_MODE', { reason: `Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT and FORWARD` })
}

export const parsePolicy = (raw: unknown): CompatibilityPolicy => {
  const up = typeof raw === 'string' ? raw.trim().toUpperCase() : ''
  if ((COMPATIBILITY_POLICIES as readonly string[]).includes(up)) return up as CompatibilityPolicy
  throw new RegistryError('INVALID_COMPATIBILITY_LEVEL', { value: raw, field: 'compatibilityPolicy' })
}

/** Which directions a level checks and against how many versions. */
export const levelPlan = (level: CompatibilityLevel): { backward: boolean; forward: boolean; transitive: boolean } => ({
  backward: level.startsWith('BACKWARD') || level.startsWith('FULL'),
  forward: level.startsWith('FORWARD') || level.startsWith('FULL'),
  transitive: level.endsWith('_TRANSITIVE'),
})
