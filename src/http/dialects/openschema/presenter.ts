import { schemaListItemShape, versionShape } from '../../resource-shapes.js'
import { presentWarnings } from '../../warnings.js'
import type { Presenter } from '../dialect-module.js'
import { openSchemaCompatibilityMessages } from './compatibility-messages.js'

/** Ids are decimal strings in every OpenSchema body (docs/API.md §5). */
const id = (n: number) => String(n)

export const openSchemaPresenter: Presenter = {
  id,
  // the spec answers a registration with the id alone
  registered: (result) => (result.warnings ? { id: id(result.id), warnings: presentWarnings(result.warnings) } : { id: id(result.id) }),
  version: (v, schema) => versionShape(v, schema, id),
  schemaListItem: (subject, version, v) => schemaListItemShape(subject, version, v, id),
  compatibility: (result, verbose) => (verbose ? { isCompatible: result.compatible, messages: openSchemaCompatibilityMessages(result) } : { isCompatible: result.compatible }),
}
