import { writeJson } from './avro-json.js'
import type { AvroField, AvroName, AvroParsed, AvroSchema, NamedSchema, Props } from './avro-model.js'
import { qualified } from './avro-names.js'
import { logicalKeysFirst, normalizedDefault } from './avro-normalize.js'

/**
 * Prints a parsed schema as Avro Java's `Schema.toString()` does (Confluent's canonical string):
 * compact, keys in Java's order (type, name, namespace, doc, fields/symbols/items/values/size,
 * then attributes and aliases), a named type in full where it is first met and by name after.
 * Custom attributes are sorted by key so that the key order of the submitted text never matters.
 */

interface WriterState {
  parsed: AvroParsed
  /** Names already printed (or defined by references): later uses are printed as names. */
  known: Set<string>
  /** The enclosing namespace, against which names are shortened. */
  space: string | null
  normalize: boolean
}

const json = (value: string): string => JSON.stringify(value)

/** The stored text. References stay names; `normalize` applies Confluent's normalization. */
export const writeCanonical = (parsed: AvroParsed, options: { normalize: boolean }): string =>
  writeSchema(parsed.root, { parsed, known: new Set(parsed.external), space: null, normalize: options.normalize })

/** `?format=resolved`: the schema with every referenced type written out where first used. */
export const writeResolved = (parsed: AvroParsed): string => writeSchema(parsed.root, { parsed, known: new Set(), space: null, normalize: false })

const writeSchema = (schema: AvroSchema, st: WriterState): string => {
  switch (schema.kind) {
    case 'primitive':
      return schema.props.size === 0 ? json(schema.type) : object([`"type":${json(schema.type)}`, ...props(schema.props, st, schema.type)])
    case 'ref': {
      const named = st.parsed.names.get(schema.full)
      return named === undefined ? json(schema.full) : writeNamed(named, st)
    }
    case 'array':
      return object(['"type":"array"', `"items":${writeSchema(schema.items, st)}`, ...props(schema.props, st)])
    case 'map':
      return object(['"type":"map"', `"values":${writeSchema(schema.values, st)}`, ...props(schema.props, st)])
    case 'union':
      return `[${schema.branches.map((b) => writeSchema(b, st)).join(',')}]`
    default:
      return writeNamed(schema, st)
  }
}

const object = (parts: string[]): string => `{${parts.join(',')}}`

const writeNamed = (schema: NamedSchema, st: WriterState): string => {
  if (st.known.has(schema.name.full)) return json(qualified(schema.name, st.space))
  st.known.add(schema.name.full)
  const saved = st.space
  const kind = schema.kind === 'record' && schema.isError ? 'error' : schema.kind
  const parts = [`"type":${json(kind)}`, `"name":${json(schema.name.name)}`, ...namespacePart(schema.name, saved)]
  // Fields are printed inside the record's namespace; Java switches it before the doc.
  if (schema.kind === 'record') st.space = schema.name.space
  if (schema.doc !== undefined && !(st.normalize && schema.doc === '')) parts.push(`"doc":${json(schema.doc)}`)
  parts.push(...namedBody(schema, st))
  st.space = saved
  parts.push(...props(schema.props, st, schema.kind))
  const aliases = st.normalize ? [...schema.aliases].sort((a, b) => compare(a.full, b.full)) : schema.aliases
  if (aliases.length > 0) parts.push(`"aliases":[${aliases.map((a) => json(qualified(a, schema.name.space))).join(',')}]`)
  return object(parts)
}

/** Java's `writeName`: the namespace only when it differs from the enclosing one (`""` for none). */
const namespacePart = (name: AvroName, enclosing: string | null): string[] => {
  if (name.space !== null) return name.space === enclosing ? [] : [`"namespace":${json(name.space)}`]
  return enclosing === null ? [] : ['"namespace":""']
}

const namedBody = (schema: NamedSchema, st: WriterState): string[] => {
  switch (schema.kind) {
    case 'record':
      return [`"fields":[${schema.fields.map((f) => writeField(f, st)).join(',')}]`]
    case 'enum': {
      const symbols = `"symbols":[${schema.symbols.map(json).join(',')}]`
      return schema.default === undefined ? [symbols] : [symbols, `"default":${json(schema.default)}`]
    }
    case 'fixed':
      return [`"size":${schema.size}`]
  }
}

const writeField = (field: AvroField, st: WriterState): string => {
  const parts = [`"name":${json(field.name)}`, `"type":${writeSchema(field.type, st)}`]
  if (field.doc !== undefined) parts.push(`"doc":${json(field.doc)}`)
  const fallback = defaultText(field, st)
  if (fallback !== undefined) parts.push(`"default":${fallback}`)
  if (field.order !== 'ascending') parts.push(`"order":${json(field.order)}`)
  const aliases = st.normalize ? [...field.aliases].sort(compare) : field.aliases
  if (aliases.length > 0) parts.push(`"aliases":[${aliases.map(json).join(',')}]`)
  parts.push(...props(field.props, st))
  return object(parts)
}

const defaultText = (field: AvroField, st: WriterState): string | undefined => {
  if (field.default === undefined) return undefined
  return st.normalize ? normalizedDefault(field.type, field.default, st.parsed.names) : writeJson(field.default)
}

/** Attributes sorted by key; normalization puts a valid logical type's keys first, as Confluent does. */
const props = (attributes: Props, st: WriterState, underlying?: string): string[] => {
  const first = st.normalize && underlying !== undefined ? logicalKeysFirst(underlying, attributes) : []
  const rest = [...attributes.keys()].filter((k) => !first.includes(k)).sort(compare)
  return [...first, ...rest].map((key) => `${json(key)}:${writeJson(attributes.get(key)!)}`)
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
