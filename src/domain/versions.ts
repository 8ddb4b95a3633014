import { RegistryError } from '../errors/registry-error.js'

export const MAX_INT32 = 2 ** 31 - 1

/** A version as a route names it: a number, or the newest live version. */
export type VersionSpec = { kind: 'number'; version: number } | { kind: 'latest' }

const invalidVersion = (raw: string) => new RegistryError('INVALID_VERSION', { version: raw })

/**
 * Parses a `{version}` segment before anything is looked up (docs/API.md §3): `latest` in any case and
 * `-1` mean the newest live version; otherwise a trimmed decimal integer in [1, 2^31-1] (`+1`, `007`
 * are fine). Anything else is INVALID_VERSION, even for a subject that does not exist.
 */
export const parseVersion = (raw: string): VersionSpec => {
  const text = raw.trim()
  if (text.toLowerCase() === 'latest' || text === '-1') return { kind: 'latest' }
  if (!/^\+?\d+$/.test(text)) throw invalidVersion(raw)
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_INT32) throw invalidVersion(raw)
  return { kind: 'number', version: n }
}

/**
 * Parses a schema id from a path. Non-numbers and values above 2^31-1 are a bad parameter (404/404 in
 * Confluent); 0 and negatives are "schema not found".
 */
export const parseSchemaId = (raw: string): number => {
  const text = raw.trim()
  if (!/^[+-]?\d+$/.test(text)) throw new RegistryError('BAD_ID_PARAMETER', { id: raw })
  const n = Number(text)
  if (n > MAX_INT32) throw new RegistryError('BAD_ID_PARAMETER', { id: raw })
  if (n < 1) throw new RegistryError('SCHEMA_NOT_FOUND', { id: raw })
  return n
}
