import type { ErrorKind } from '../../../errors/registry-error.js'
import type { StatusAndCode } from '../dialect-module.js'

/**
 * OpenSchema's status and error code of every catalogue kind (docs/API.md §2): the seed's numbers
 * where the seed names the kind, Confluent's where it names none and they do not collide with a seed
 * code; 42220 (invalid mode) is the one new number.
 */
export const OPENSCHEMA_CODES: Readonly<Record<ErrorKind, StatusAndCode>> = {
  UNAUTHORIZED: [401, 40101],
  FORBIDDEN: [403, 40301],
  SCHEMA_NOT_FOUND: [404, 40401],
  SUBJECT_NOT_FOUND: [404, 40402],
  VERSION_NOT_FOUND: [404, 40403],
  // deletes are permanent in this dialect; these come only from the Confluent-only resources
  SUBJECT_SOFT_DELETED: [404, 40404],
  SUBJECT_NOT_SOFT_DELETED: [404, 40405],
  VERSION_SOFT_DELETED: [404, 40406],
  VERSION_NOT_SOFT_DELETED: [404, 40407],
  SUBJECT_CONFIG_NOT_FOUND: [404, 40408],
  SUBJECT_MODE_NOT_FOUND: [404, 40409],
  INCOMPATIBLE_SCHEMA: [409, 40901],
  SUBJECT_CLAIMED: [409, 40902],
  PROMOTION_FAILED: [409, 40901],
  INVALID_SCHEMA: [422, 42201],
  INVALID_SUBJECT: [422, 42202],
  INVALID_VERSION: [422, 42203],
  INVALID_COMPATIBILITY_LEVEL: [422, 42204],
  INVALID_MODE: [422, 42220],
  OPERATION_NOT_PERMITTED: [422, 42205],
  REFERENCE_EXISTS: [422, 42206],
  ID_MISMATCH: [422, 42207],
  SCHEMA_TOO_LARGE: [422, 42209],
  INVALID_RULE_SET: [422, 42210],
  CONTEXT_NOT_EMPTY: [422, 42211],
  MISSING_BODY: [422, 422],
  INVALID_BODY: [422, 422],
  PAYLOAD_TOO_LARGE: [413, 413],
  UNSUPPORTED_MEDIA_TYPE: [415, 415],
  RATE_LIMITED: [429, 42901],
  STORAGE_ERROR: [500, 50001],
  TIMEOUT: [500, 50002],
  MALFORMED_JSON: [400, 400],
  ROUTE_NOT_FOUND: [404, 404],
  METHOD_NOT_ALLOWED: [405, 405],
  BAD_PARAMETER: [404, 404],
  // an id that is not an integer in [1, 2^31-1] is simply a schema that is not there
  BAD_ID_PARAMETER: [404, 40401],
  INVALID_PARAMETER: [422, 422],
  INTERNAL: [500, 500],
}
