import { describeError } from './error-messages.js'

/**
 * The error catalogue: every failure the registry reports is one of these kinds. Kinds say what went
 * wrong, never how a dialect spells it; each dialect's error-code table at the HTTP edge maps a kind
 * to a status and a code (docs/API.md §2), and its presenter may word the message from the details.
 *
 * The catalogue is the bottom layer: it imports nothing of the project, so every layer (domain rules
 * included) can throw it (docs/decisions/0010-errors-below-domain.md).
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
  /** Claiming a subject someone already owns (docs/EXTENSIONS.md §3.3). */
  'SUBJECT_CLAIMED',
  /** A staged schema that could not be registered at promotion (docs/EXTENSIONS.md §8): nothing was. */
  'PROMOTION_FAILED',
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
  /** Over the request rate limit (`RATE_LIMIT_RPS`): answered 429 with a `Retry-After` header. */
  'RATE_LIMITED',
  'STORAGE_ERROR',
  'TIMEOUT',
  'MALFORMED_JSON',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  /** A path or query parameter of the wrong type (`/schemas/ids/abc`, `?limit=x`). */
  'BAD_PARAMETER',
  /** Like BAD_PARAMETER, but for a schema id: OpenSchema answers it as "schema not found". */
  'BAD_ID_PARAMETER',
  /** A query parameter or header of the right type but out of range or vocabulary (`GET /events?wait=61`). */
  'INVALID_PARAMETER',
  'INTERNAL',
] as const

export type ErrorKind = (typeof ERROR_KINDS)[number]

/** A sentence that says what is wrong and where; kinds without data of their own carry one. */
export interface Reason {
  reason: string
}

/**
 * The compatibility checker's result carried by INCOMPATIBLE_SCHEMA. The catalogue imports nothing,
 * so the services give it its fields by declaration merging (`services/compatibility-result.ts`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IncompatibilityReport {}

/** What each kind carries: the data a presenter needs to word the error in its dialect. */
export interface KindDetails {
  /** `id` is a schema id or a guid; absent when a lookup by content found nothing. */
  SCHEMA_NOT_FOUND: { id?: number | string }
  /** `subject` as the request named it (qualified outside the default context). */
  SUBJECT_NOT_FOUND: { subject: string }
  /** `reason` replaces the default text where the version was not asked for by number. */
  VERSION_NOT_FOUND: { version: number | string; reason?: string }
  SUBJECT_SOFT_DELETED: { subject: string }
  SUBJECT_NOT_SOFT_DELETED: { subject: string }
  VERSION_SOFT_DELETED: { subject: string; version: number }
  VERSION_NOT_SOFT_DELETED: { subject: string; version: number }
  SUBJECT_CONFIG_NOT_FOUND: { subject: string }
  SUBJECT_MODE_NOT_FOUND: { subject: string }
  /** `report` is the checker's result, which each dialect words its own way. */
  INCOMPATIBLE_SCHEMA: { subject: string; report: IncompatibilityReport }
  SUBJECT_CLAIMED: { subject: string }
  /** `subject`: the staged subject that failed (qualified outside the default context); `reason`: why. */
  PROMOTION_FAILED: { subject: string; reason: string }
  INVALID_SUBJECT: { subject: string }
  INVALID_VERSION: { version: string }
  /** `reason` replaces the default text where the value is valid alone but not in combination. */
  INVALID_COMPATIBILITY_LEVEL: { value: unknown; field: 'compatibility' | 'compatibilityPolicy'; reason?: string }
  REFERENCE_EXISTS: { subject: string; version: number }
  CONTEXT_NOT_EMPTY: { context: string }
  BAD_ID_PARAMETER: { id: string }
  /** Whole seconds until the client's bucket holds a token again (at least 1): the `Retry-After` value. */
  RATE_LIMITED: { retryAfterSeconds: number }
}

export type ErrorDetails<K extends ErrorKind> = K extends keyof KindDetails ? KindDetails[K] : Reason

export class RegistryError<K extends ErrorKind = ErrorKind> extends Error {
  readonly kind: K
  readonly details: ErrorDetails<K>

  constructor(kind: K, details: ErrorDetails<K>, options?: { cause?: unknown }) {
    super(describeError(kind, details as never), options)
    this.kind = kind
    this.details = details
    this.name = 'RegistryError'
  }
}

export const isRegistryError = (e: unknown): e is RegistryError => e instanceof RegistryError

/** Shorthand used all over: the invalid-schema error with a reason that says what and where. */
export const invalidSchema = (reason: string, cause?: unknown): RegistryError<'INVALID_SCHEMA'> => new RegistryError('INVALID_SCHEMA', { reason }, { cause })
