import { textOf, type JsonNode } from './avro-json.js'
import { isPrimitiveType, type AvroField, type AvroName, type EnumSchema, type FieldOrder, type FixedSchema, type RecordSchema } from './avro-model.js'
import { isValidName, makeName, namespaceProblem } from './avro-names.js'
import { collectProps, ENUM_RESERVED, FIELD_RESERVED, jsonKind, SCHEMA_RESERVED, stringList, type ParseScope } from './avro-scope.js'

type Entries = Map<string, JsonNode>

const ORDERS: readonly string[] = ['ascending', 'descending', 'ignore']
const MAX_FIXED_SIZE = 2 ** 31 - 1

/** Name, namespace, doc and aliases of a record, enum or fixed; refuses names already taken. */
const namedBase = (scope: ParseScope, entries: Entries, space: string | null, path: string, kind: string) => {
  const text = textOf(entries.get('name'))
  if (text === undefined) scope.fail(path, `a ${kind} needs a string 'name'`)
  // Java ignores a namespace that is not a string, inheriting the enclosing one.
  const name = makeName(text, textOf(entries.get('namespace')) ?? space)
  if (scope.strict) checkName(scope, name, `${path}/name`)
  if (isPrimitiveType(name.full)) scope.fail(`${path}/name`, `a ${kind} may not be named after the primitive type '${name.full}'`)
  if (scope.names.has(name.full)) scope.fail(`${path}/name`, `the name '${name.full}' is already defined`)
  const aliases = uniqueNames(stringList(scope, entries.get('aliases'), `${path}/aliases`).map((a) => makeName(a, name.space)))
  if (scope.strict) aliases.forEach((alias, i) => checkName(scope, alias, `${path}/aliases/${i}`))
  return { name, doc: textOf(entries.get('doc')), aliases }
}

const checkName = (scope: ParseScope, name: AvroName, path: string): void => {
  if (!isValidName(name.name)) scope.fail(path, `invalid name '${name.name}': a name starts with a letter or _ and holds only letters, digits and _`)
  const problem = name.space === null ? undefined : namespaceProblem(name.space)
  if (problem !== undefined) scope.fail(path, problem)
}

const uniqueNames = (names: AvroName[]): AvroName[] => [...new Map(names.map((n) => [n.full, n])).values()]

export const parseRecord = (scope: ParseScope, entries: Entries, space: string | null, path: string, isError: boolean): RecordSchema => {
  const base = namedBase(scope, entries, space, path, 'record')
  const fieldsNode = entries.get('fields')
  if (fieldsNode?.kind !== 'array') scope.fail(path, `record '${base.name.full}' needs a 'fields' array`)
  const record: RecordSchema = { kind: 'record', ...base, isError, fields: [], props: collectProps(entries, SCHEMA_RESERVED) }
  // Registered before its fields so that a field may refer to the record itself.
  scope.names.set(base.name.full, record)
  const seen = new Set<string>()
  fieldsNode.items.forEach((node, i) => {
    const field = parseField(scope, node, base.name.space, `${path}/fields/${i}`)
    if (seen.has(field.name)) scope.fail(`${path}/fields/${i}`, `record '${base.name.full}' has two fields named '${field.name}'`)
    seen.add(field.name)
    record.fields.push(field)
  })
  return record
}

const parseField = (scope: ParseScope, node: JsonNode, space: string | null, path: string): AvroField => {
  if (node.kind !== 'object') return scope.fail(path, `a field must be a JSON object, not ${jsonKind(node)}`)
  const entries = node.entries
  const name = textOf(entries.get('name'))
  if (name === undefined) return scope.fail(path, "a field needs a string 'name'")
  if (scope.strict && !isValidName(name)) scope.fail(`${path}/name`, `invalid field name '${name}'`)
  const typeNode = entries.get('type')
  if (typeNode === undefined) return scope.fail(path, `field '${name}' has no 'type'`)
  const field: AvroField = {
    name,
    type: scope.parseType(typeNode, space, `${path}/type`),
    doc: textOf(entries.get('doc')),
    default: entries.get('default'),
    order: fieldOrder(scope, entries.get('order'), `${path}/order`),
    aliases: stringList(scope, entries.get('aliases'), `${path}/aliases`),
    props: collectProps(entries, FIELD_RESERVED),
  }
  if (field.default !== undefined && scope.strict) scope.pendingDefaults.push({ field, path: `${path}/default` })
  return field
}

const fieldOrder = (scope: ParseScope, node: JsonNode | undefined, path: string): FieldOrder => {
  if (node === undefined) return 'ascending'
  // Java upper-cases the text before looking the order up, so any case is accepted.
  const order = textOf(node)?.toLowerCase()
  if (order === undefined || !ORDERS.includes(order)) return scope.fail(path, "'order' must be 'ascending', 'descending' or 'ignore'")
  return order as FieldOrder
}

export const parseEnum = (scope: ParseScope, entries: Entries, space: string | null, path: string): EnumSchema => {
  const base = namedBase(scope, entries, space, path, 'enum')
  const symbolsNode = entries.get('symbols')
  if (symbolsNode?.kind !== 'array') return scope.fail(path, `enum '${base.name.full}' needs a 'symbols' array`)
  const symbols: string[] = []
  symbolsNode.items.forEach((item, i) => {
    const symbol = textOf(item)
    if (symbol === undefined) return scope.fail(`${path}/symbols/${i}`, 'an enum symbol must be a string')
    if (scope.strict && !isValidName(symbol)) scope.fail(`${path}/symbols/${i}`, `invalid enum symbol '${symbol}'`)
    if (symbols.includes(symbol)) scope.fail(`${path}/symbols/${i}`, `enum '${base.name.full}' lists the symbol '${symbol}' twice`)
    symbols.push(symbol)
  })
  const fallback = textOf(entries.get('default'))
  if (scope.strict && fallback !== undefined && !symbols.includes(fallback)) {
    scope.fail(`${path}/default`, `the default '${fallback}' of enum '${base.name.full}' is not one of its symbols`)
  }
  const schema: EnumSchema = { kind: 'enum', ...base, symbols, default: fallback, props: collectProps(entries, ENUM_RESERVED) }
  scope.names.set(base.name.full, schema)
  return schema
}

export const parseFixed = (scope: ParseScope, entries: Entries, space: string | null, path: string): FixedSchema => {
  const base = namedBase(scope, entries, space, path, 'fixed')
  const sizeNode = entries.get('size')
  const size = sizeNode?.kind === 'number' && /^\d+$/.test(sizeNode.text) ? Number(sizeNode.text) : NaN
  if (!(size <= MAX_FIXED_SIZE)) scope.fail(`${path}/size`, `fixed '${base.name.full}' needs a 'size' that is a non-negative 32-bit integer`)
  const schema: FixedSchema = { kind: 'fixed', ...base, size, props: collectProps(entries, SCHEMA_RESERVED) }
  scope.names.set(base.name.full, schema)
  return schema
}
