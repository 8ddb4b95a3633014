import { confluentDialect } from './confluent/index.js'
import type { DialectModule } from './dialect-module.js'
import { openSchemaDialect } from './openschema/index.js'

/**
 * Every dialect the server speaks, in the order their media types are tried (docs/API.md §1: a
 * Confluent media type wins over OpenSchema's when a request names both). A new dialect is one more
 * entry here and its folder.
 */
export const DIALECTS: readonly DialectModule[] = [confluentDialect, openSchemaDialect]

export const DIALECT_NAMES = DIALECTS.map((d) => d.name)

/** The dialect of this name (`API_DIALECT`); an unknown name stops start-up with the known ones. */
export const dialectNamed = (name: string, among: readonly DialectModule[] = DIALECTS): DialectModule => {
  const found = among.find((d) => d.name === name)
  if (!found) throw new Error(`Invalid configuration: API_DIALECT: unknown dialect '${name}'; known: ${among.map((d) => d.name).join(', ')}`)
  return found
}

export type { DialectModule } from './dialect-module.js'
