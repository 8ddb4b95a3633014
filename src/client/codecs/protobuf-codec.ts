import protobuf from 'protobufjs'
import type { CodecFactory } from './codec.js'
import { readMessageIndexes, writeMessageIndexes } from '../wire-format.js'

interface IndexedMessage {
  name: string
  indexes: number[]
}

// keep the names of the .proto (`order_id`, not `orderId`): the schema is the contract
const PARSE_OPTIONS = { keepCase: true }

/** Every message of the file in declaration order, nested ones included, with its index path (Confluent's message indexes). */
const messagesOf = (text: string): IndexedMessage[] => {
  // parsed alone, without its imports: the file's own messages are then all that its package holds
  const { root, package: pkg } = protobuf.parse(text, new protobuf.Root(), PARSE_OPTIONS)
  const top = pkg ? root.lookup(pkg) : root
  const out: IndexedMessage[] = []
  const walk = (ns: protobuf.NamespaceBase | null, prefix: string, indexes: number[]): void => {
    const types = (ns?.nestedArray ?? []).filter((n): n is protobuf.Type => n instanceof protobuf.Type)
    types.forEach((t, i) => {
      const name = prefix ? `${prefix}.${t.name}` : t.name
      out.push({ name, indexes: [...indexes, i] })
      walk(t, name, [...indexes, i])
    })
  }
  walk(top instanceof protobuf.Namespace ? top : null, pkg ?? '', [])
  return out
}

/** protobufjs takes int64 as a number, a decimal string or a Long, not a bigint (what generated code uses). */
const withoutBigints = (value: unknown): unknown => {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(withoutBigints)
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBigints(v)]))
  }
  return value
}

/**
 * Protobuf with protobufjs, the server's library. The schema's `.proto` text and its references are
 * parsed into one root; an import that no reference names must be a well-known file protobufjs
 * carries (`google/protobuf/timestamp.proto`, ...). Values are plain objects keyed by the `.proto`
 * field names; decoded int64 values are decimal strings and enums their names, as in ProtoJSON.
 */
export const protobufCodec: CodecFactory = (schema, references) => {
  const root = new protobuf.Root()
  const have = new Set<string>()
  const imports: string[] = []
  for (const ref of references) {
    if (have.has(ref.name)) continue
    imports.push(...(protobuf.parse(ref.schema, root, PARSE_OPTIONS).imports ?? []))
    have.add(ref.name)
  }
  imports.push(...(protobuf.parse(schema, root, PARSE_OPTIONS).imports ?? []))
  for (const path of imports) {
    if (have.has(path)) continue
    const known = protobuf.common.get(path) as { nested?: Record<string, protobuf.AnyNestedObject> } | null
    if (!known?.nested) throw new Error(`the Protobuf schema imports ${path}, which no reference names`)
    root.addJSON(known.nested)
    have.add(path)
  }
  root.resolveAll()
  const messages = messagesOf(schema)
  if (messages.length === 0) throw new Error('the Protobuf schema defines no message')
  const byName = new Map(messages.map((m) => [m.name, m]))
  const byIndexes = new Map(messages.map((m) => [m.indexes.join('.'), m]))

  return {
    encode(value, options) {
      const message = options.message === undefined ? messages[0]! : byName.get(options.message.replace(/^\./, ''))
      if (!message) throw new Error(`the Protobuf schema has no message ${options.message}`)
      const type = root.lookupType(message.name)
      const body = type.encode(type.fromObject(withoutBigints(value) as Record<string, unknown>)).finish()
      const indexes = writeMessageIndexes(message.indexes)
      const out = new Uint8Array(indexes.length + body.length)
      out.set(indexes, 0)
      out.set(body, indexes.length)
      return out
    },
    decode(body) {
      const { indexes, payload } = readMessageIndexes(body)
      const message = byIndexes.get(indexes.join('.'))
      if (!message) throw new Error(`the Protobuf schema has no message at index path [${indexes.join(', ')}]`)
      const type = root.lookupType(message.name)
      return type.toObject(type.decode(payload), { longs: String, enums: String })
    },
  }
}
