import { READER, WRITER, type Incompatibility } from '../format-plugin.js'
import { resolve, typeName, type AvroField, type AvroParsed, type AvroSchema, type RecordSchema } from './avro-model.js'

/**
 * Confluent's `compatibilityPolicy: LOGICAL`: on top of Avro's own resolution, the change must be one
 * a table materialized from the subject can follow (Confluent checks the schema's logical type
 * against Flink's and Iceberg v2's evolution rules). This is the record-level subset of those rules:
 * a field may not be deleted, a field added must be nullable, a nullable field may not become
 * required, and a type may change only by Iceberg's promotions (int to long, float to double).
 * Checked from the writer (the original) to the reader (the update), as Confluent's `compare` is.
 */

type Resolved = Exclude<AvroSchema, { kind: 'ref' }>

// Iceberg's primitive promotions; Avro also resolves int to float, long to double and
// string to bytes, which a table column cannot follow.
const PROMOTIONS = new Set(['int>long', 'float>double'])

interface Side {
  schema: Resolved
  nullable: boolean
}

class LogicalChecker {
  readonly found: Incompatibility[] = []
  private readonly seen = new Set<string>()

  constructor(
    private readonly reader: AvroParsed,
    private readonly writer: AvroParsed,
  ) {}

  /** A `["null", T]` union is T, nullable: how a nullable column is written in Avro. */
  private side(schema: AvroSchema, names: AvroParsed['names']): Side {
    const s = resolve(schema, names)
    if (s.kind !== 'union') return { schema: s, nullable: s.kind === 'primitive' && s.type === 'null' }
    const others = s.branches.filter((b) => !(b.kind === 'primitive' && b.type === 'null'))
    if (others.length === 1 && others.length < s.branches.length) return { schema: resolve(others[0]!, names), nullable: true }
    return { schema: s, nullable: others.length < s.branches.length }
  }

  private report(kind: string, path: string, description: string) {
    this.found.push({ kind, path, description })
  }

  compare(readerType: AvroSchema, writerType: AvroSchema, path: string): void {
    const r = this.side(readerType, this.reader.names)
    const w = this.side(writerType, this.writer.names)
    if (w.nullable && !r.nullable) {
      this.report('NULLABLE_FIELD_MADE_REQUIRED', path, `The type at path '${path}' is nullable in the ${WRITER} schema but not in the ${READER} schema`)
    }
    if (r.schema.kind === 'record' && w.schema.kind === 'record') return this.records(r.schema, w.schema, path)
    if (r.schema.kind === 'array' && w.schema.kind === 'array') return this.compare(r.schema.items, w.schema.items, `${path}/items`)
    if (r.schema.kind === 'map' && w.schema.kind === 'map') return this.compare(r.schema.values, w.schema.values, `${path}/values`)
    const [rt, wt] = [logicalName(r.schema), logicalName(w.schema)]
    if (rt !== wt && !PROMOTIONS.has(`${wt}>${rt}`)) {
      this.report(
        'FIELD_TYPE_CHANGED',
        path,
        `The type at path '${path}' is ${wt} in the ${WRITER} schema and ${rt} in the ${READER} schema, which is not a promotion a table column can follow`,
      )
    }
  }

  private records(r: RecordSchema, w: RecordSchema, path: string): void {
    // recursive types: a pair already under comparison adds nothing new
    const key = `${r.name.full}|${w.name.full}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    w.fields.forEach((wf, i) => {
      const rf = r.fields.find((f) => matches(f, wf))
      if (!rf)
        this.report('FIELD_DELETED', `${path}/fields/${i}`, `The field '${wf.name}' at path '${path}/fields/${i}' in the ${WRITER} schema is missing in the ${READER} schema`)
    })
    r.fields.forEach((rf, i) => {
      const at = `${path}/fields/${i}`
      const wf = w.fields.find((f) => matches(rf, f))
      if (wf) return this.compare(rf.type, wf.type, `${at}/type`)
      if (!this.side(rf.type, this.reader.names).nullable) {
        this.report('REQUIRED_FIELD_ADDED', at, `The required field '${rf.name}' at path '${at}' in the ${READER} schema is missing in the ${WRITER} schema`)
      }
    })
  }
}

/** A reader field stands for a writer field of its name or of one of its aliases (Avro's rule). */
const matches = (reader: AvroField, writer: AvroField): boolean => reader.name === writer.name || reader.aliases.includes(writer.name)

/** The type a column gets: Avro's type, refined by its logical type (`long` vs `timestamp-millis`). */
const logicalName = (s: Resolved): string => {
  const props = s.kind === 'union' ? undefined : s.props
  const logical = props?.get('logicalType')
  const base = typeName(s).toLowerCase()
  return logical?.kind === 'string' ? `${base}:${logical.value}` : base
}

/** The LOGICAL policy's findings for a reader (the update) of data written with `writer`. */
export const logicalFindings = (reader: AvroParsed, writer: AvroParsed): Incompatibility[] => {
  const checker = new LogicalChecker(reader, writer)
  checker.compare(reader.root, writer.root, '')
  return checker.found
}
