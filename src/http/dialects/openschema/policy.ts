import type { Policy } from '../../../services/policy.js'

/** OpenSchema's semantics (docs/API.md §5). */
export const openSchemaPolicy: Policy = Object.freeze({
  // "delete the subject, compatibility settings along with all versions": permanent at once
  deletes: 'immediate',
  // a subject exists from its first upsert, versions or not
  subjectExists: 'subject-row',
  // a fetched Schema object can be posted back: its id and version are ignored outside IMPORT
  idsOutsideImport: 'ignore',
  // an unknown subject is 40402 for every version, `latest` included
  testWithoutVersions: 'subject-not-found',
  invalidSchemaInVerboseTest: 'error',
})
