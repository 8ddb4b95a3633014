import { READER, WRITER, type Incompatibility } from '../format-plugin.js'
import type { FieldDef, MessageDef } from './protobuf-model.js'
import type { ProtoSchema } from './protobuf-schema.js'

/**
 * Confluent's `compatibilityPolicy: LOGICAL` for Protobuf: on top of the wire rules, the change must
 * be one a table column derived from the schema can follow (Confluent's ProtoToLogicalTypeConverter
 * and the Flink / Iceberg v2 evolution rules). The columns are the fields of the file's first
 * message (Confluent's root), nested messages included, matched by name as table columns are. The
 * same rules as Avro's (avro-logical.ts), checked from the writer (the original) to the reader.
 */

// Iceberg's promotions: a 32-bit column may widen to 64 bits of the same encoding, float to double.
// Wire-compatible changes of sign or encoding (int32 to uint32, string to bytes) change the values a
// column holds, so they are type changes here.
const PROMOTIONS = new Set(['int32>int64', 'sint32>sint64', 'float>double'])

// A well-known message stands for the column type it carries (Confluent unwraps these).
const WELL_KNOWN: Record<string, string> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
  'google.protobuf.Timestamp': 'timestamp',
  'google.type.Date': 'date',
  'google.type.TimeOfDay': 'time',
  'confluent.type.Decimal': 'decimal',
}

/** What a column is: a message to walk into, or a type name to compare. */
type Column = { kind: 'struct'; fqn: string; message: MessageDef } | { kind: 'map'; entry: MessageDef } | { kind: 'leaf'; type: string }

interface Side {
  column: Column
  repeated: boolean
  /** Only a proto2 `required` field is a NOT NULL column (see docs/COMPATIBILITY.md §3 for why). */
  nullable: boolean
}

class LogicalChecker {
  readonly found: Incompatibility[] = []
  private readonly seen = new Set<string>()

  constructor(
    private readonly reader: ProtoSchema,
    private readonly writer: ProtoSchema,
  ) {}

  private report(kind: string, path: string, description: string) {
    this.found.push({ kind, path, description })
  }

  private column(schema: ProtoSchema, field: FieldDef): Column {
    const fqn = field.type.resolved
    if (field.type.kind === 'enum') return { kind: 'leaf', type: 'enum' }
    if (!fqn || (field.type.kind !== 'message' && field.type.kind !== 'group')) return { kind: 'leaf', type: field.type.written }
    const known = WELL_KNOWN[fqn]
    if (known) return { kind: 'leaf', type: known }
    const message = schema.table.get(fqn)?.message
    if (!message || fqn.startsWith('google.protobuf.')) return { kind: 'leaf', type: fqn }
    return message.mapEntry ? { kind: 'map', entry: message } : { kind: 'struct', fqn, message }
  }

  private side(schema: ProtoSchema, field: FieldDef): Side {
    const column = this.column(schema, field)
    return { column, repeated: field.label === 'repeated' && column.kind !== 'map', nullable: field.label !== 'required' }
  }

  compare(r: Side, w: Side, path: string): void {
    if (w.nullable && !r.nullable) {
      this.report('NULLABLE_FIELD_MADE_REQUIRED', path, `The type at path '${path}' is nullable in the ${WRITER} schema but not in the ${READER} schema`)
    }
    const [rc, wc] = [r.column, w.column]
    if (r.repeated === w.repeated && rc.kind === 'struct' && wc.kind === 'struct') return this.messages(rc, wc, path)
    if (r.repeated === w.repeated && rc.kind === 'map' && wc.kind === 'map') return this.entries(rc.entry, wc.entry, path)
    const [rt, wt] = [typeName(r), typeName(w)]
    // a promotion widens the values, never turns one value into a list of them
    const promoted = r.repeated === w.repeated && PROMOTIONS.has(`${wt}>${rt}`.replaceAll('repeated ', ''))
    if (rt !== wt && !promoted) {
      this.report(
        'FIELD_TYPE_CHANGED',
        path,
        `The type at path '${path}' is ${wt} in the ${WRITER} schema and ${rt} in the ${READER} schema, which is not a promotion a table column can follow`,
      )
    }
  }

  /** A map's key and value are columns of their own; both are never null. */
  private entries(r: MessageDef, w: MessageDef, path: string): void {
    for (const name of ['key', 'value']) {
      const [rf, wf] = [r.fields.find((f) => f.name === name), w.fields.find((f) => f.name === name)]
      if (rf && wf) this.compare({ ...this.side(this.reader, rf), nullable: false }, { ...this.side(this.writer, wf), nullable: false }, `${path}/${name}`)
    }
  }

  messages(r: { fqn: string; message: MessageDef }, w: { fqn: string; message: MessageDef }, path: string): void {
    // recursive messages: a pair already under comparison adds nothing new
    const key = `${r.fqn}|${w.fqn}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    for (const wf of w.message.fields) {
      const at = `${path}/${wf.number}`
      if (!r.message.fields.some((f) => f.name === wf.name)) {
        this.report('FIELD_DELETED', at, `The field '${wf.name}' at path '${at}' in the ${WRITER} schema is missing in the ${READER} schema`)
      }
    }
    for (const rf of r.message.fields) {
      const at = `${path}/${rf.number}`
      const wf = w.message.fields.find((f) => f.name === rf.name)
      if (wf) this.compare(this.side(this.reader, rf), this.side(this.writer, wf), at)
      else if (rf.label === 'required') {
        this.report('REQUIRED_FIELD_ADDED', at, `The required field '${rf.name}' at path '${at}' in the ${READER} schema is missing in the ${WRITER} schema`)
      }
    }
  }
}

const typeName = (s: Side): string => {
  const base = s.column.kind === 'leaf' ? s.column.type : s.column.kind === 'map' ? 'map' : s.column.fqn
  return s.repeated ? `repeated ${base}` : base
}

/** The LOGICAL policy's findings for a reader (the update) of messages written with `writer`. */
export const protobufLogicalFindings = (reader: ProtoSchema, writer: ProtoSchema): Incompatibility[] => {
  const [r, w] = [reader.main.messages[0], writer.main.messages[0]]
  if (!r || !w) return []
  const checker = new LogicalChecker(reader, writer)
  const fqn = (schema: ProtoSchema, m: MessageDef) => (schema.main.package ? `${schema.main.package}.${m.name}` : m.name)
  checker.messages({ fqn: fqn(reader, r), message: r }, { fqn: fqn(writer, w), message: w }, `#/${r.name}`)
  return checker.found
}
