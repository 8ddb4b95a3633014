import { registeredShape, schemaListItemShape, versionShape } from '../../resource-shapes.js'
import { presentWarnings } from '../../warnings.js'
import type { Presenter } from '../dialect-module.js'
import { confluentCompatibilityMessages } from './compatibility-messages.js'

const id = (n: number) => n

/** Confluent's bodies: integer ids, snake_case `is_compatible`. */
export const confluentPresenter: Presenter = {
  id,
  registered: (result) => (result.warnings ? { ...registeredShape(result), warnings: presentWarnings(result.warnings) } : registeredShape(result)),
  version: (v, schema) => versionShape(v, schema, id),
  schemaListItem: (subject, version, v) => schemaListItemShape(subject, version, v, id),
  compatibility: (result, verbose) => (verbose ? { is_compatible: result.compatible, messages: confluentCompatibilityMessages(result) } : { is_compatible: result.compatible }),
}
