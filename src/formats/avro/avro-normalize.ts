import { sortedEntries, type JsonNode } from './avro-json.js'
import { javaDoubleText, javaFloatText } from './avro-java-number.js'
import { resolve, type AvroSchema, type NamedSchema, type Props } from './avro-model.js'

/**
 * Pieces of Confluent's `normalize=true` (AvroSchemaUtils.toNormalizedString, then re-parsed and
 * printed): a default is converted to a Java value of the field's type and printed back, so `1`
 * for a double becomes `1.0`, a float keeps float precision, and a default of the wrong kind is
 * dropped; known logical-type attributes are written first.
 */

type Resolved = Exclude<AvroSchema, { kind: 'ref' }>
type Names = Map<string, NamedSchema>

const INT = /^-?\d+$/
const fitsIn = (text: string, bits: bigint): boolean => {
  const v = BigInt(text)
  return v >= -(2n ** (bits - 1n)) && v < 2n ** (bits - 1n)
}

/** The default as Java prints it after `JacksonUtils.toObject(default, fieldSchema)`; undefined drops it. */
export const normalizedDefault = (schema: AvroSchema, node: JsonNode, names: Names): string | undefined => convert(resolve(schema, names), node, names)

const convert = (s: Resolved | undefined, node: JsonNode, names: Names): string | undefined => {
  if (s?.kind === 'union') {
    const first = s.branches[0]
    return convert(first === undefined ? undefined : resolve(first, names), node, names)
  }
  switch (node.kind) {
    case 'null':
      return 'null'
    case 'boolean':
      return String(node.value)
    case 'number':
      return convertNumber(s, node.text)
    case 'string':
      return convertString(s, node.value)
    case 'array': {
      const items = s?.kind === 'array' ? resolve(s.items, names) : undefined
      return `[${node.items.map((item) => convert(items, item, names) ?? 'null').join(',')}]`
    }
    case 'object':
      return `{${sortedEntries(node.entries)
        .map(([key, value]) => `${JSON.stringify(key)}:${convert(memberSchema(s, key, names), value, names) ?? 'null'}`)
        .join(',')}}`
  }
}

const memberSchema = (s: Resolved | undefined, key: string, names: Names): Resolved | undefined => {
  if (s?.kind === 'map') return resolve(s.values, names)
  const field = s?.kind === 'record' ? s.fields.find((f) => f.name === key) : undefined
  return field === undefined ? undefined : resolve(field.type, names)
}

const numericType = (s: Resolved | undefined): string | undefined => (s === undefined ? undefined : s.kind === 'primitive' ? s.type : s.kind)

const convertNumber = (s: Resolved | undefined, text: string): string | undefined => {
  const type = numericType(s)
  if (!INT.test(text)) {
    const value = Number(text)
    if (!Number.isFinite(value)) return type === undefined || type === 'double' || type === 'float' ? text : undefined
    if (type === undefined || type === 'double') return javaDoubleText(value)
    return type === 'float' ? javaFloatText(value) : undefined
  }
  // Jackson's BigIntegerNode matches no branch of toObject, so the value is lost.
  if (!fitsIn(text, 64n)) return undefined
  const plain = BigInt(text).toString()
  if (type === undefined || type === 'long') return plain
  if (type === 'int') return plain
  if (type === 'float') return javaFloatText(Number(text))
  return type === 'double' ? javaDoubleText(Number(text)) : undefined
}

const convertString = (s: Resolved | undefined, value: string): string | undefined => {
  const type = numericType(s)
  if (type === undefined || type === 'string' || type === 'enum') return JSON.stringify(value)
  // bytes and fixed go through ISO-8859-1, which turns anything above U+00FF into '?'.
  if (type === 'bytes' || type === 'fixed') return JSON.stringify(value.replace(/[\u0100-\uffff]/g, '?'))
  return undefined
}

const KNOWN_LOGICAL: Record<string, string[]> = {
  decimal: ['bytes', 'fixed'],
  'big-decimal': ['bytes'],
  uuid: ['string', 'fixed'],
  date: ['int'],
  'time-millis': ['int'],
  'time-micros': ['long'],
  'timestamp-millis': ['long'],
  'timestamp-micros': ['long'],
  'timestamp-nanos': ['long'],
  'local-timestamp-millis': ['long'],
  'local-timestamp-micros': ['long'],
  'local-timestamp-nanos': ['long'],
  duration: ['fixed'],
}

const intProp = (props: Props, key: string): number | undefined => {
  const node = props.get(key)
  return node?.kind === 'number' && INT.test(node.text) && fitsIn(node.text, 32n) ? Number(node.text) : undefined
}

/** The attribute keys Confluent's normalization writes before the sorted rest: a valid logical type's. */
export const logicalKeysFirst = (underlying: string, props: Props): string[] => {
  const logical = props.get('logicalType')
  if (logical?.kind !== 'string' || !KNOWN_LOGICAL[logical.value]?.includes(underlying)) return []
  if (logical.value !== 'decimal') return ['logicalType']
  const precision = intProp(props, 'precision')
  const scale = props.has('scale') ? intProp(props, 'scale') : 0
  if (precision === undefined || precision <= 0 || scale === undefined || scale < 0 || scale > precision) return []
  return scale === 0 ? ['logicalType', 'precision'] : ['logicalType', 'precision', 'scale']
}
