import { READER, WRITER, type Incompatibility } from '../format-plugin.js'
import { COMPATIBLE_CHANGES, addDifference, newContext, type Difference, type DifferenceType } from './protobuf-diff-context.js'
import { compareTypes } from './protobuf-diff-messages.js'
import { protobufLogicalFindings } from './protobuf-logical.js'
import type { ProtoSchema } from './protobuf-schema.js'

/**
 * Confluent's descriptions (protobuf `Difference.error()`); the first `%s` names the reader's
 * schema and the second the writer's, left as placeholders for the presenter: `%r` and `%w` here.
 */
const DESCRIPTIONS: Partial<Record<DifferenceType, string>> = {
  PACKAGE_CHANGED: "The package at '%p' in the %r schema does not match the package in the %w schema",
  MESSAGE_REMOVED: "The %r schema is missing a MESSAGE type at path '%p' in the %w schema",
  FIELD_KIND_CHANGED: "The type of a field at path '%p' in the %r schema does not match the %w schema",
  FIELD_SCALAR_KIND_CHANGED: "The kind of a SCALAR field at path '%p' in the %r schema does not match its kind in the %w schema",
  FIELD_NAMED_TYPE_CHANGED: "The type of a MESSAGE field at path '%p' in the %r schema does not match its type in the %w schema",
  FIELD_NUMERIC_LABEL_CHANGED: "The label for a NUMERIC field at path '%p' in the %r schema does not match its label in the %w schema",
  REQUIRED_FIELD_ADDED: "A required field  at path '%p' in the %r schema is missing in the %w schema",
  REQUIRED_FIELD_REMOVED: "The %r schema is missing a required field at path: '%p' in the %w schema",
  ONEOF_FIELD_REMOVED: "The %r schema is missing a oneof field at path '%p' in the %w schema",
  MULTIPLE_FIELDS_MOVED_TO_ONEOF: "Multiple fields in the oneof at path '%p' in the %r schema are outside a oneof in the %w schema",
  FIELD_MOVED_TO_EXISTING_ONEOF: "A field in the oneof at path '%p' in the %r schema is outside an existing oneof in the %w schema",
}

const describe = (d: Difference): string =>
  (DESCRIPTIONS[d.type] ?? '')
    .replace('%p', () => d.path)
    .replace('%r', READER)
    .replace('%w', WRITER)

/** Every difference from the writer's schema (Confluent's original) to the reader's (its update). */
export const diffProtobuf = (reader: ProtoSchema, writer: ProtoSchema): Difference[] => {
  const ctx = newContext(writer, reader)
  if ((writer.main.package ?? '') !== (reader.main.package ?? '')) addDifference(ctx, 'PACKAGE_CHANGED')
  compareTypes(ctx, writer.main, reader.main)
  return ctx.diffs
}

/**
 * What stops a consumer holding `reader` from reading data written with `writer`: Confluent's
 * incompatible protobuf differences, each once, in the order the diff finds them. Under `logical`
 * (the LOGICAL policy) the table-column rules follow; they add findings, never remove one.
 */
export const checkProtobufReadable = (reader: ProtoSchema, writer: ProtoSchema, logical = false): Incompatibility[] => {
  const seen = new Set<string>()
  const out: Incompatibility[] = []
  for (const d of diffProtobuf(reader, writer)) {
    const key = `${d.type} ${d.path}`
    if (COMPATIBLE_CHANGES.has(d.type) || seen.has(key)) continue
    seen.add(key)
    out.push({ kind: d.type, path: d.path, description: describe(d) })
  }
  if (!logical) return out
  // a required field added is both a wire and a column finding: report it once
  return [...out, ...protobufLogicalFindings(reader, writer).filter((i) => !seen.has(`${i.kind} ${i.path}`))]
}
