import type { Policy } from '../../../services/policy.js'

/** Confluent's semantics (docs/API.md §4). */
export const confluentPolicy: Policy = Object.freeze({
  deletes: 'soft-first',
  subjectExists: 'live-version',
  idsOutsideImport: 'honour',
  testWithoutVersions: 'compatible',
  invalidSchemaInVerboseTest: 'incompatible',
})
