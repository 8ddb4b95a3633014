import type { Incompatibility } from '../format-plugin.js'

/** Avro Java's `SchemaCompatibility.SchemaIncompatibilityType`. */
export type AvroIncompatibilityKind =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH'

/** One finding of schema resolution: Java's `Incompatibility` (type, location, message). */
export interface Finding {
  kind: AvroIncompatibilityKind
  /** JSON pointer into the reader, e.g. `/fields/2/type`. */
  path: string
  /** Java's `getMessage()`, which Confluent prints as `additionalInfo`. */
  info: string
}

/** Who the reader and the writer are in Confluent's words: `new` and `old`, in either order. */
export interface Labels {
  reader: string
  writer: string
}

/**
 * Confluent's `Difference.error()` for Avro, with the `%s` placeholders filled in as its
 * SchemaValidatorBuilder does: the reader's label first, the writer's second.
 */
export const describeFinding = ({ kind, path, info }: Finding, { reader, writer }: Labels): string => {
  const description = {
    FIXED_SIZE_MISMATCH: `The size of FIXED type field at path '${path}' in the ${reader} schema does not match with the ${writer} schema`,
    TYPE_MISMATCH: `The type (path '${path}') of a field in the ${reader} schema does not match with the ${writer} schema`,
    NAME_MISMATCH: `The name of the schema has changed (path '${path}')`,
    MISSING_ENUM_SYMBOLS: `The ${reader} schema is missing enum symbols '${info}' at path '${path}' in the ${writer} schema`,
    MISSING_UNION_BRANCH: `The ${reader} schema is missing a type inside a union field at path '${path}' in the ${writer} schema`,
    READER_FIELD_MISSING_DEFAULT_VALUE: `The field '${info}' at path '${path}' in the ${reader} schema has no default value and is missing in the ${writer} schema`,
  }[kind]
  return `{errorType:'${kind}', description:'${description}', additionalInfo:'${info}'}`
}

export const toIncompatibility = (finding: Finding, labels: Labels): Incompatibility => ({
  kind: finding.kind,
  path: finding.path,
  message: describeFinding(finding, labels),
})

/** Confluent answers an exception inside the check with one message of this form. */
export const unexpectedFailure = (reason: string): Incompatibility => ({
  kind: 'UNEXPECTED_ERROR',
  path: '/',
  message: `Unexpected exception during compatibility check: ${reason}`,
})
