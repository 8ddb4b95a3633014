import type { ErrorKind } from '../errors/registry-error.js'
import type { Dialect } from './dialect.js'

type Code = readonly [status: number, code: number]

/**
 * The error catalogue per dialect (docs/API.md §2): OpenSchema keeps the seed's numbers where the seed
 * names the kind; Confluent keeps its own.
 */
const CODES: Record<ErrorKind, { openschema: Code; confluent: Code }> = {
  UNAUTHORIZED: { openschema: [401, 40101], confluent: [401, 40101] },
  FORBIDDEN: { openschema: [403, 40301], confluent: [403, 40301] },
  SCHEMA_NOT_FOUND: { openschema: [404, 40401], confluent: [404, 40403] },
  SUBJECT_NOT_FOUND: { openschema: [404, 40402], confluent: [404, 40401] },
  VERSION_NOT_FOUND: { openschema: [404, 40403], confluent: [404, 40402] },
  SUBJECT_SOFT_DELETED: { openschema: [404, 40404], confluent: [404, 40404] },
  SUBJECT_NOT_SOFT_DELETED: { openschema: [404, 40405], confluent: [404, 40405] },
  VERSION_SOFT_DELETED: { openschema: [404, 40406], confluent: [404, 40406] },
  VERSION_NOT_SOFT_DELETED: { openschema: [404, 40407], confluent: [404, 40407] },
  SUBJECT_CONFIG_NOT_FOUND: { openschema: [404, 40408], confluent: [404, 40408] },
  SUBJECT_MODE_NOT_FOUND: { openschema: [404, 40409], confluent: [404, 40409] },
  INCOMPATIBLE_SCHEMA: { openschema: [409, 40901], confluent: [409, 40901] },
  INVALID_SCHEMA: { openschema: [422, 42201], confluent: [422, 42201] },
  INVALID_SUBJECT: { openschema: [422, 42202], confluent: [422, 42208] },
  INVALID_VERSION: { openschema: [422, 42203], confluent: [422, 42202] },
  INVALID_COMPATIBILITY_LEVEL: { openschema: [422, 42204], confluent: [422, 42203] },
  INVALID_MODE: { openschema: [422, 42220], confluent: [422, 42204] },
  OPERATION_NOT_PERMITTED: { openschema: [422, 42205], confluent: [422, 42205] },
  REFERENCE_EXISTS: { openschema: [422, 42206], confluent: [422, 42206] },
  ID_MISMATCH: { openschema: [422, 42207], confluent: [422, 42207] },
  SCHEMA_TOO_LARGE: { openschema: [422, 42209], confluent: [422, 42209] },
  INVALID_RULE_SET: { openschema: [422, 42210], confluent: [422, 42210] },
  CONTEXT_NOT_EMPTY: { openschema: [422, 42211], confluent: [422, 42211] },
  MISSING_BODY: { openschema: [422, 422], confluent: [422, 422] },
  INVALID_BODY: { openschema: [422, 422], confluent: [422, 422] },
  PAYLOAD_TOO_LARGE: { openschema: [413, 413], confluent: [413, 413] },
  UNSUPPORTED_MEDIA_TYPE: { openschema: [415, 415], confluent: [415, 415] },
  STORAGE_ERROR: { openschema: [500, 50001], confluent: [500, 50001] },
  TIMEOUT: { openschema: [500, 50002], confluent: [500, 50002] },
  MALFORMED_JSON: { openschema: [400, 400], confluent: [400, 400] },
  ROUTE_NOT_FOUND: { openschema: [404, 404], confluent: [404, 404] },
  METHOD_NOT_ALLOWED: { openschema: [405, 405], confluent: [405, 405] },
  BAD_PARAMETER: { openschema: [404, 404], confluent: [404, 404] },
  BAD_ID_PARAMETER: { openschema: [404, 40401], confluent: [404, 404] },
  INTERNAL: { openschema: [500, 500], confluent: [500, 500] },
}

export const errorCode = (kind: ErrorKind, dialect: Dialect): Code => CODES[kind][dialect]

/** The error body in the dialect's keys. */
export const errorBody = (dialect: Dialect, code: number, message: string) =>
  dialect === 'confluent' ? { error_code: code, message } : { errorCode: code, errorMessage: message }
