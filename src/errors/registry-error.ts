/**
 * The error catalogue: every failure the registry reports is one of these kinds. Kinds say what went
 * wrong, never how a dialect spells it; `src/http/error-codes.ts` maps each kind to a status and a code
 * per dialect (docs/API.md §2).
 */
export const ERROR_KINDS = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'SCHEMA_NOT_FOUND',
  'SUBJECT_NOT_FOUND',
  'VERSION_NOT_FOUND',
  'SUBJECT_SOFT_DELETED',
  'SUBJECT_NOT_SOFT_DELETED',
  'VERSION_SOFT_DELETED',
  'VERSION_NOT_SOFT_DELETED',
  'SUBJECT_CONFIG_NOT_FOUND',
  'SUBJECT_MODE_NOT_FOUND',
  'INCOMPATIBLE_SCHEMA',
  'INVALID_SCHEMA',
  'INVALID_SUBJECT',
  'INVALID_VERSION',
  'INVALID_COMPATIBILITY_LEVEL',
  'INVALID_MODE',
  'OPERATION_NOT_PERMITTED',
  'REFERENCE_EXISTS',
  'ID_MISMATCH',
  'SCHEMA_TOO_LARGE',
  'INVALID_RULE_SET',
  'CONTEXT_NOT_EMPTY',
  'MISSING_BODY',
  /** A body that is JSON but not of the expected shape (a field of the wrong type). */
  'INVALID_BODY',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'STORAGE_ERROR',
  'TIMEOUT',
  'MALFORMED_JSON',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  /** A path or query parameter of the wrong type (`/schemas/ids/abc`, `?limit=x`). */
  'BAD_PARAMETER',
  /** Like BAD_PARAMETER, but for a schema id: OpenSchema answers it as "schema not found". */
  'BAD_ID_PARAMETER',
  'INTERNAL',
] as const

export type ErrorKind = (typeof ERROR_KINDS)[number]

export class RegistryError extends Error {
  readonly kind: ErrorKind

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.kind = kind
    this.name = 'RegistryError'
  }
}

export const isRegistryError = (e: unknown): e is RegistryError => e instanceof RegistryError

/** Shorthand used all over the services: the invalid-schema error with a message that says what and where. */
export const invalidSchema = (message: string, cause?: unknown): RegistryError =>
  new RegistryError('INVALID_SCHEMA', message, { cause })
