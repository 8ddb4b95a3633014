import { READER, WRITER, type Incompatibility } from '../format-plugin.js'
import type { ObjectNode, SchemaNode } from './json-model.js'
import { isJsonObject, ownValue } from './json-types.js'

/**
 * Confluent's `compatibilityPolicy: LOGICAL` for JSON Schema: on top of the diff, the change must be
 * one a table column derived from the schema can follow (Confluent's JsonToLogicalTypeConverter and
 * the Flink / Iceberg v2 evolution rules). The columns are an object's `properties`, nested objects
 * included; a column is nullable unless its property is `required`, and a required one is nullable
 * still when it admits `null`. The same rules as Avro's (avro-logical.ts), checked from the writer
 * (the original) to the reader (the update).
 */

// Iceberg's promotions, in the column types Confluent derives (a plain `integer` is a BIGINT
// column, a plain `number` a DOUBLE): int32 to int64 and float32 to float64 only.
const PROMOTIONS = new Set(['int32>int64', 'float32>float64'])

/** Confluent reads Kafka Connect's annotations; these titles refine a connect type to a logical one. */
const CONNECT_LOGICAL_TITLE = 'org.apache.kafka.connect.data.'

interface Side {
  node: SchemaNode
  nullable: boolean
}

/** A node without `$ref` indirection and without the allOf the model adds for several keywords. */
const resolveNode = (node: SchemaNode, hops = 0): SchemaNode => {
  if (node.kind === 'ref') return hops > 64 ? node : resolveNode(node.target(), hops + 1)
  if (node.kind === 'combined' && node.synthetic) {
    // `{"type": "string", "enum": [...]}`: the column type comes from the typed part
    const typed = node.subschemas.find((s) => !['enum', 'const', 'not', 'conditional'].includes(s.kind))
    return typed ? resolveNode(typed, hops + 1) : node
  }
  return node
}

/** A oneOf / anyOf of `null` and one other schema is that schema, nullable (Confluent's singleton collapse). */
const sideOf = (node: SchemaNode, nullable: boolean): Side => {
  const n = resolveNode(node)
  if (n.kind === 'null') return { node: n, nullable: true }
  if (n.kind !== 'combined' || n.criterion === 'allOf') return { node: n, nullable }
  const others = n.subschemas.filter((s) => resolveNode(s).kind !== 'null')
  const hasNull = others.length < n.subschemas.length
  if (others.length === 1) return sideOf(others[0]!, nullable || hasNull)
  return { node: n, nullable: nullable || hasNull }
}

const connectType = (node: SchemaNode): string | undefined => {
  const type = isJsonObject(node.source) ? ownValue(node.source, 'connect.type') : undefined
  return typeof type === 'string' ? type : undefined
}

/** The column type: JSON's type as Confluent maps it, refined by Kafka Connect's annotations. */
const columnType = (node: SchemaNode): string => {
  const base = node.kind === 'number' ? (node.integer ? 'int64' : 'float64') : node.kind === 'combined' ? node.criterion : node.kind
  const connect = connectType(node)
  if (!connect) return base
  const title = isJsonObject(node.source) ? ownValue(node.source, 'title') : undefined
  const logical = typeof title === 'string' && title.startsWith(CONNECT_LOGICAL_TITLE) ? `:${title.slice(CONNECT_LOGICAL_TITLE.length)}` : ''
  return `${connect}${logical}`
}

class LogicalChecker {
  readonly found: Incompatibility[] = []
  private readonly seen = new Set<string>()
  private readonly ids = new Map<SchemaNode, number>()

  private report(kind: string, path: string, description: string) {
    this.found.push({ kind, path, description })
  }

  compare(reader: Side, writer: Side, path: string): void {
    if (writer.nullable && !reader.nullable) {
      this.report('NULLABLE_FIELD_MADE_REQUIRED', path, `The type at path '${path}' is nullable in the ${WRITER} schema but not in the ${READER} schema`)
    }
    const [r, w] = [reader.node, writer.node]
    if (r.kind === 'object' && w.kind === 'object') return this.objects(r, w, path)
    if (r.kind === 'array' && w.kind === 'array' && r.allItems && w.allItems) {
      return this.compare(sideOf(r.allItems, false), sideOf(w.allItems, false), `${path}/items`)
    }
    const [rt, wt] = [columnType(r), columnType(w)]
    if (rt !== wt && !PROMOTIONS.has(`${wt}>${rt}`)) {
      this.report(
        'FIELD_TYPE_CHANGED',
        path,
        `The type at path '${path}' is ${wt} in the ${WRITER} schema and ${rt} in the ${READER} schema, which is not a promotion a table column can follow`,
      )
    }
  }

  private id(node: SchemaNode): number {
    if (!this.ids.has(node)) this.ids.set(node, this.ids.size)
    return this.ids.get(node)!
  }

  private objects(r: ObjectNode, w: ObjectNode, path: string): void {
    // recursive schemas: a pair of objects already under comparison adds nothing new
    const key = `${this.id(r)}|${this.id(w)}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    for (const name of w.properties.keys()) {
      const at = `${path}/properties/${name}`
      if (!r.properties.has(name)) this.report('FIELD_DELETED', at, `The field '${name}' at path '${at}' in the ${WRITER} schema is missing in the ${READER} schema`)
    }
    for (const [name, schema] of r.properties) {
      const at = `${path}/properties/${name}`
      const rs = sideOf(schema, !r.required.has(name))
      const ws = w.properties.get(name)
      if (ws) this.compare(rs, sideOf(ws, !w.required.has(name)), at)
      else if (!rs.nullable) this.report('REQUIRED_FIELD_ADDED', at, `The required field '${name}' at path '${at}' in the ${READER} schema is missing in the ${WRITER} schema`)
    }
  }
}

/** The LOGICAL policy's findings for a reader (the update) of documents written with `writer`. */
export const jsonLogicalFindings = (reader: SchemaNode, writer: SchemaNode): Incompatibility[] => {
  const checker = new LogicalChecker()
  checker.compare(sideOf(reader, false), sideOf(writer, false), '#')
  return checker.found
}
