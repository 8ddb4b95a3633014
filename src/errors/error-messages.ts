import type { ErrorDetails, ErrorKind, KindDetails, Reason } from './registry-error.js'

type Describe = { [K in keyof KindDetails]: (d: KindDetails[K]) => string }

/**
 * The default text of each kind that carries data: Confluent's wording, which clients and operators
 * search logs for. A dialect's presenter may word a kind its own way.
 */
const TEXTS: Describe = {
  SCHEMA_NOT_FOUND: (d) => (d.id === undefined ? 'Schema not found' : `Schema ${d.id} not found`),
  SUBJECT_NOT_FOUND: (d) => `Subject '${d.subject}' not found.`,
  VERSION_NOT_FOUND: (d) => d.reason ?? `Version ${d.version} not found.`,
  SUBJECT_SOFT_DELETED: (d) => `Subject '${d.subject}' was soft deleted. Set permanent=true to delete permanently`,
  SUBJECT_NOT_SOFT_DELETED: (d) => `Subject '${d.subject}' was not deleted first before being permanently deleted`,
  VERSION_SOFT_DELETED: (d) => `Subject '${d.subject}' Version ${d.version} was soft deleted. Set permanent=true to delete permanently`,
  VERSION_NOT_SOFT_DELETED: (d) => `Subject '${d.subject}' Version ${d.version} was not deleted first before being permanently deleted`,
  SUBJECT_CONFIG_NOT_FOUND: (d) => `Subject '${d.subject}' does not have subject-level compatibility configured`,
  SUBJECT_MODE_NOT_FOUND: (d) => `Subject '${d.subject}' does not have subject-level mode configured`,
  // a summary for logs: the dialects write the details from the report
  INCOMPATIBLE_SCHEMA: (d) => `Schema being registered is incompatible with an earlier schema for subject "${d.subject}"`,
  PROMOTION_FAILED: (d) => `Promotion failed at staged subject '${d.subject}', nothing was registered: ${d.reason}`,
  SUBJECT_CLAIMED: (d) => `Subject '${d.subject}' is already claimed; send its X-Subject-Token to rotate the token`,
  INVALID_SUBJECT: (d) => `The specified subject '${d.subject}' is not a valid subject name.`,
  INVALID_VERSION: (d) => `The specified version '${d.version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  INVALID_COMPATIBILITY_LEVEL: (d) =>
    d.reason ??
    (d.field === 'compatibility'
      ? 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive'
      : `Invalid compatibility policy ${String(d.value)}`),
  REFERENCE_EXISTS: (d) => `One or more references exist to the schema {subject=${d.subject},version=${d.version}}.`,
  CONTEXT_NOT_EMPTY: (d) => `Context ${d.context} is not empty`,
  BAD_ID_PARAMETER: (d) => `Invalid schema id '${d.id}'`,
  RATE_LIMITED: (d) => `Rate limit exceeded; retry after ${d.retryAfterSeconds} s`,
}

export const describeError = <K extends ErrorKind>(kind: K, details: ErrorDetails<K>): string => {
  const text = (TEXTS as Partial<Record<ErrorKind, (d: unknown) => string>>)[kind]
  return text ? text(details) : (details as Reason).reason
}
