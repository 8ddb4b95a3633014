import type { ErrorDetails, ErrorKind, RegistryError } from '../../../errors/registry-error.js'
import { openSchemaIncompatibleSchemaMessage } from './compatibility-messages.js'

type Wording = { [K in ErrorKind]?: (d: ErrorDetails<K>) => string }

/**
 * The kinds OpenSchema words its own way (docs/API.md §2: `Subject 'orders-value' not found`, in the
 * seed's style, without Confluent's trailing period); every other kind keeps the catalogue's text.
 */
const WORDING: Wording = {
  SUBJECT_NOT_FOUND: (d) => `Subject '${d.subject}' not found`,
  VERSION_NOT_FOUND: (d) => d.reason ?? `Version ${d.version} not found`,
  SCHEMA_NOT_FOUND: (d) => (d.id === undefined ? 'Schema not found' : `Schema ${d.id} not found`),
  INCOMPATIBLE_SCHEMA: (d) => openSchemaIncompatibleSchemaMessage(d),
  INVALID_VERSION: (d) => `Invalid version '${d.version}': use "latest", -1 or an integer in [1, 2^31-1]`,
}

export const openSchemaErrorMessage = (error: RegistryError): string => {
  const word = WORDING[error.kind] as ((d: unknown) => string) | undefined
  return word ? word(error.details) : error.message
}
