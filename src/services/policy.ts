/**
 * The semantic choices on which the REST dialects differ, as one typed object. Services take it as an
 * argument where a rule depends on it and never learn which dialect asked; each dialect module at the
 * HTTP edge (`src/http/dialects/<name>/policy.ts`) supplies its own (docs/ARCHITECTURE.md, "The HTTP
 * edge").
 */
export interface Policy {
  /**
   * What a delete without `permanent` does: `soft-first` marks versions deleted and a permanent delete
   * must follow (Confluent); `immediate` removes live rows at once (OpenSchema).
   */
  deletes: 'soft-first' | 'immediate'
  /**
   * When a subject exists: while it has a live version (`live-version`, Confluent), or from its first
   * upsert or registration until deleted (`subject-row`, OpenSchema: an upserted subject without
   * versions is listed, has `[]` versions, and a missing version in it is "version not found").
   */
  subjectExists: 'live-version' | 'subject-row'
  /**
   * An `id` or `version` in a register body outside IMPORT mode: `honour` checks them (an id is
   * refused, a version must be the next one; Confluent), `ignore` drops them so a fetched object can
   * be posted back (OpenSchema).
   */
  idsOutsideImport: 'honour' | 'ignore'
  /** A compatibility test against `latest` or all versions of a subject without live versions. */
  testWithoutVersions: 'compatible' | 'subject-not-found'
  /** An invalid schema in a verbose compatibility test: an incompatible answer naming the error, or 42201. */
  invalidSchemaInVerboseTest: 'incompatible' | 'error'
}

/** How a delete request maps to a delete mode under a policy. */
export type DeleteMode = 'soft' | 'permanent' | 'immediate'

export const deleteModeOf = (policy: Policy, permanent: boolean): DeleteMode => (policy.deletes === 'immediate' ? 'immediate' : permanent ? 'permanent' : 'soft')
