import protobuf from 'protobufjs'
import descriptor from 'protobufjs/ext/descriptor.js'
import protojson from 'protobufjs/ext/protojson.js'
import { invalidSchema } from '../../errors/registry-error.js'
import type { Payload, PayloadError, PayloadValidator } from '../format-plugin.js'
import { fileToDescriptor } from './protobuf-descriptor-write.js'
import type { MessageDef } from './protobuf-model.js'
import type { ProtoSchema } from './protobuf-schema.js'

/** The name Confluent gives the main file of a schema; imports keep their paths. */
const MAIN_FILE = 'default'

const fullName = (schema: ProtoSchema, path: string[]): string => [schema.main.package, ...path].filter((p) => p !== undefined && p !== '').join('.')

/** Every message of the main file by full name, nested ones included, with their index paths. */
const messagesOf = (schema: ProtoSchema): { name: string; indexes: number[] }[] => {
  const out: { name: string; indexes: number[] }[] = []
  const walk = (messages: MessageDef[], names: string[], indexes: number[]) =>
    messages.forEach((m, i) => {
      if (!m.mapEntry) out.push({ name: fullName(schema, [...names, m.name]), indexes: [...indexes, i] })
      walk(m.messages, [...names, m.name], [...indexes, i])
    })
  walk(schema.main.messages, [], [])
  return out
}

/** The schema and its imports as protobufjs reflection, built from the descriptors the registry writes. */
const rootOf = (schema: ProtoSchema): protobuf.Root => {
  const files = [...[...schema.deps.entries()].map(([path, d]) => fileToDescriptor(d.file, path, schema.table)), fileToDescriptor(schema.main, MAIN_FILE, schema.table)]
  const set = descriptor.FileDescriptorSet.encode(descriptor.FileDescriptorSet.fromObject({ file: files })).finish()
  const root = protobuf.Root.fromDescriptor(set, { keepCase: true })
  root.resolveAll()
  return root
}

const escape = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1')

/**
 * protojson names the type and field it stopped at (`.pkg.Order.amount: not an integer`); a field of
 * the chosen message becomes a pointer to it, anything deeper is reported on the whole payload.
 */
const jsonError = (type: protobuf.Type, value: unknown, message: string): PayloadError => {
  const prefix = `${type.fullName}.`
  const head = message.split(':')[0] ?? ''
  const unknown = /unknown field: "([^"]*)"/.exec(message)
  if (head === type.fullName && unknown) return { path: `/${escape(unknown[1]!)}`, message: `is not a field of ${type.fullName.slice(1)}` }
  if (head.startsWith(prefix) && !head.slice(prefix.length).includes('.')) {
    const field = type.fields[head.slice(prefix.length)]
    const keys = typeof value === 'object' && value !== null ? Object.keys(value) : []
    const key = keys.find((k) => k === field?.name || k === field?.jsonName) ?? field?.name ?? head.slice(prefix.length)
    return { path: `/${escape(key)}`, message: message.slice(head.length + 1).trim() }
  }
  return { path: '', message }
}

const checkBinary = (type: protobuf.Type, bytes: Uint8Array): PayloadError[] => {
  let decoded: protobuf.Message
  try {
    decoded = type.decode(bytes)
  } catch (e) {
    return [{ path: '', message: `cannot be decoded as ${type.fullName.slice(1)}: ${e instanceof Error ? e.message : String(e)}` }]
  }
  const problem = type.verify(decoded)
  return problem === null ? [] : [{ path: '', message: problem }]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The ProtoJSON error of `value` as `type`, or undefined; `path` is where `value` sits in the payload. */
const parseError = (type: protobuf.Type, value: unknown): string | undefined => {
  try {
    protojson.fromJson(type, value)
    return undefined
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

// a payload with thousands of bad values says enough in its first hundred
const MAX_ERRORS = 100
// nesting deeper than this is reported where it stops
const MAX_DEPTH = 32

const fieldOf = (type: protobuf.Type, key: string): protobuf.Field | undefined => type.fields[key] ?? Object.values(type.fields).find((f) => f.jsonName === key)

/** The items of a field's value with their pointer segment ('' for a singular field); undefined when the value's shape is not the field's. */
const itemsOf = (field: protobuf.Field, child: unknown): [string, unknown][] | undefined => {
  if (field.map) return isObject(child) ? Object.entries(child) : undefined
  if (field.repeated) return Array.isArray(child) ? child.map((c, i): [string, unknown] => [String(i), c]) : undefined
  return [['', child]]
}

/** One item of a field as a value of its message, so ProtoJSON can judge it alone. */
const alone = (field: protobuf.Field, key: string, segment: string, item: unknown): Record<string, unknown> => ({
  [key]: field.map ? { [segment]: item } : field.repeated ? [item] : item,
})

/**
 * protojson stops at its first error and names the type, not the place. So on failure each field
 * of the value is judged alone, its message-typed items (list items and map values included)
 * recursively, and every place that fails on its own is reported. What fails only as a whole (two
 * members of one oneof) is reported at the value.
 */
const collect = (type: protobuf.Type, value: unknown, path: string, depth: number, out: PayloadError[]): void => {
  const message = parseError(type, value)
  if (message === undefined || out.length >= MAX_ERRORS) return
  const before = out.length
  if (isObject(value) && depth < MAX_DEPTH) {
    for (const [key, child] of Object.entries(value)) {
      if (out.length >= MAX_ERRORS) return
      const where = `${path}/${escape(key)}`
      const field = fieldOf(type, key)
      if (!field) {
        out.push({ path: where, message: `is not a field of ${type.fullName.slice(1)}` })
        continue
      }
      const problem = parseError(type, { [key]: child })
      if (problem === undefined) continue
      const sub = field.resolvedType
      const inField = out.length
      for (const [segment, item] of itemsOf(field, child) ?? []) {
        const at = segment === '' ? where : `${where}/${escape(segment)}`
        if (sub instanceof protobuf.Type && item !== null) collect(sub, item, at, depth + 1, out)
        else {
          const itemProblem = parseError(type, alone(field, key, segment, item))
          if (itemProblem !== undefined) out.push({ path: at, message: jsonError(type, {}, itemProblem).message })
        }
      }
      // the field's value as a whole is wrong (a list given a string), not one of its items
      if (out.length === inField) out.push({ path: where, message: jsonError(type, { [key]: child }, problem).message })
    }
  }
  if (out.length === before) {
    const local = jsonError(type, value, message)
    out.push({ path: `${path}${local.path}`, message: local.message })
  }
}

const checkJson = (type: protobuf.Type, value: unknown): PayloadError[] => {
  const out: PayloadError[] = []
  collect(type, value, '', 0, out)
  return out
}

/** The chosen message (default: the file's first) compiled by protobufjs; JSON is read by its ProtoJSON parser, strictly. */
export const compileProtobufValidator = (schema: ProtoSchema, options: { message?: string }): PayloadValidator => {
  const messages = messagesOf(schema)
  const name = options.message ?? messages[0]?.name
  if (name === undefined) throw invalidSchema('Invalid request: the Protobuf schema defines no message')
  if (!messages.some((m) => m.name === name)) throw invalidSchema(`Invalid request: the Protobuf schema has no message '${name}'`)
  let type: protobuf.Type
  try {
    type = rootOf(schema).lookupType(name)
  } catch (e) {
    throw invalidSchema(`Invalid Protobuf schema: protobufjs cannot compile it (${e instanceof Error ? e.message : String(e)})`, e)
  }
  return { validate: (payload: Payload) => (payload.encoding === 'json' ? checkJson(type, payload.value) : checkBinary(type, payload.bytes)) }
}

/** Reads one zigzag varint (Confluent writes the message indexes so); undefined when the bytes end first. */
const readZigzag = (bytes: Uint8Array, at: number): { value: number; next: number } | undefined => {
  let result = 0
  for (let i = 0, shift = 0; i < 5; i++, shift += 7) {
    const b = bytes[at + i]
    if (b === undefined) return undefined
    result |= (b & 0x7f) << shift
    if ((b & 0x80) === 0) return { value: (result >>> 1) ^ -(result & 1), next: at + i + 1 }
  }
  return undefined
}

/** Confluent's message indexes: a count, then the index path of the message; a count of 0 means the first message. */
export const readMessageIndexes = (schema: ProtoSchema, bytes: Uint8Array): { message: string; payload: Uint8Array } => {
  const count = readZigzag(bytes, 0)
  if (!count || count.value < 0 || count.value > 100) throw invalidSchema('Invalid request: the Protobuf message indexes of the wire format cannot be read')
  const indexes: number[] = []
  let at = count.next
  for (let i = 0; i < count.value; i++) {
    const index = readZigzag(bytes, at)
    if (!index) throw invalidSchema('Invalid request: the Protobuf message indexes of the wire format are truncated')
    indexes.push(index.value)
    at = index.next
  }
  const wanted = indexes.length === 0 ? [0] : indexes
  const found = messagesOf(schema).find((m) => m.indexes.join('.') === wanted.join('.'))
  if (!found) throw invalidSchema(`Invalid request: the schema has no message at index path [${wanted.join(', ')}]`)
  return { message: found.name, payload: bytes.subarray(at) }
}
