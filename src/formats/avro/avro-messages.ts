import { READER, UNEXPECTED_ERROR, WRITER, type Incompatibility } from '../format-plugin.js'

/** Avro Java's `SchemaCompatibility.SchemaIncompatibilityType`. */
export type AvroIncompatibilityKind =
  'NAME_MISMATCH' | 'FIXED_SIZE_MISMATCH' | 'MISSING_ENUM_SYMBOLS' | 'READER_FIELD_MISSING_DEFAULT_VALUE' | 'TYPE_MISMATCH' | 'MISSING_UNION_BRANCH'

/** One finding of schema resolution: Java's `Incompatibility` (type, location, message). */
export interface Finding {
  kind: AvroIncompatibilityKind
  /** JSON pointer into the reader, e.g. `/fields/2/type`. */
  path: string
  /** Java's `getMessage()`, which Confluent prints as `additionalInfo`. */
  info: string
}

/**
 * Confluent's `Difference.error()` descriptions for Avro, its `%s` placeholders (the reader's role
 * first, the writer's second) left as {@link READER} and {@link WRITER} for the presenter.
 */
export const describeFinding = ({ kind, path, info }: Finding): string =>
  ({
    FIXED_SIZE_MISMATCH: `The size of FIXED type field at path '${path}' in the ${READER} schema does not match with the ${WRITER} schema`,
    TYPE_MISMATCH: `The type (path '${path}') of a field in the ${READER} schema does not match with the ${WRITER} schema`,
    NAME_MISMATCH: `The name of the schema has changed (path '${path}')`,
    MISSING_ENUM_SYMBOLS: `The ${READER} schema is missing enum symbols '${info}' at path '${path}' in the ${WRITER} schema`,
    MISSING_UNION_BRANCH: `The ${READER} schema is missing a type inside a union field at path '${path}' in the ${WRITER} schema`,
    READER_FIELD_MISSING_DEFAULT_VALUE: `The field '${info}' at path '${path}' in the ${READER} schema has no default value and is missing in the ${WRITER} schema`,
  })[kind]

export const toIncompatibility = (finding: Finding): Incompatibility => ({
  kind: finding.kind,
  path: finding.path,
  description: describeFinding(finding),
  info: finding.info,
})

/** Confluent answers an exception inside the check with one message of this form. */
export const unexpectedFailure = (reason: string): Incompatibility => ({
  kind: UNEXPECTED_ERROR,
  path: '/',
  description: `Unexpected exception during compatibility check: ${reason}`,
})
