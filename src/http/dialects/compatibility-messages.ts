import type { CompatibilityResult } from '../../services/compatibility-result.js'
import type { Dialect } from '../dialect.js'
import { confluentCompatibilityMessages, confluentIncompatibleSchemaMessage } from './confluent/compatibility-messages.js'
import { openSchemaCompatibilityMessages, openSchemaIncompatibleSchemaMessage } from './openschema/compatibility-messages.js'

/** A compatibility result's messages in the dialect's words; empty when compatible. */
export const compatibilityMessages = (dialect: Dialect, result: CompatibilityResult): string[] =>
  dialect === 'confluent' ? confluentCompatibilityMessages(result) : openSchemaCompatibilityMessages(result)

/** The error message of a registration rejected as incompatible, in the dialect's words. */
export const incompatibleSchemaMessage = (dialect: Dialect, subject: string, result: CompatibilityResult): string =>
  dialect === 'confluent' ? confluentIncompatibleSchemaMessage(subject, result) : openSchemaIncompatibleSchemaMessage(subject, result)
