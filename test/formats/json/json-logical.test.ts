import { describe, expect, it } from 'vitest'
import type { CheckOptions } from '../../../src/formats/format-plugin.js'
import { jsonFormat } from '../../../src/formats/json/index.js'

const parse = (schema: unknown) => jsonFormat.parse(JSON.stringify(schema), [], { strict: false })
const kinds = (reader: unknown, writer: unknown, policy: CheckOptions['policy'] = 'LOGICAL') =>
  jsonFormat.checkReadable({ reader: parse(reader), writer: parse(writer), options: { policy } }).map((i) => `${i.kind} ${i.path}`)
/** What LOGICAL adds to the diff's own findings. */
const added = (reader: unknown, writer: unknown) => {
  const strict = new Set(kinds(reader, writer, 'STRICT'))
  return kinds(reader, writer).filter((k) => !strict.has(k))
}

// A closed model: adding an optional property is compatible under the diff's own rules.
const obj = (properties: object, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false })
const int = { type: 'integer' }
const str = { type: 'string' }
const nullableInt = { type: ['integer', 'null'] }

describe('JSON Schema under compatibilityPolicy LOGICAL', () => {
  it('rejects a deleted property, which an open model accepts under STRICT', () => {
    const open = (properties: object) => ({ type: 'object', properties })
    expect(kinds(open({ a: int }), open({ a: int, b: int }), 'STRICT')).toEqual([])
    expect(kinds(open({ a: int }), open({ a: int, b: int }))).toEqual(['FIELD_DELETED #/properties/b'])
  })

  it('rejects an added property that is required and not nullable; accepts an optional or nullable one', () => {
    expect(kinds(obj({ a: int, c: { ...int, default: 0 } }, ['c']), obj({ a: int }), 'STRICT')).toEqual([])
    expect(kinds(obj({ a: int, c: { ...int, default: 0 } }, ['c']), obj({ a: int }))).toEqual(['REQUIRED_FIELD_ADDED #/properties/c'])
    expect(kinds(obj({ a: int, c: int }), obj({ a: int }))).toEqual([])
    expect(added(obj({ a: int, c: { ...nullableInt, default: null } }, ['c']), obj({ a: int }))).toEqual([])
  })

  it('rejects a nullable property made required: listed in required, or null dropped from its type or oneOf', () => {
    expect(added(obj({ a: int }, ['a']), obj({ a: int }))).toEqual(['NULLABLE_FIELD_MADE_REQUIRED #/properties/a'])
    expect(kinds(obj({ a: int }, ['a']), obj({ a: nullableInt }, ['a']))).toContain('NULLABLE_FIELD_MADE_REQUIRED #/properties/a')
    const oneOfNull = { oneOf: [{ type: 'null' }, str] }
    expect(kinds(obj({ s: str }, ['s']), obj({ s: oneOfNull }, ['s']))).toContain('NULLABLE_FIELD_MADE_REQUIRED #/properties/s')
    expect(kinds(obj({ s: oneOfNull }, ['s']), obj({ s: str }, ['s']))).toEqual([])
    expect(kinds(obj({ a: int }), obj({ a: int }, ['a']))).toEqual([])
  })

  it('treats integer to number as a type change, which the diff accepts under STRICT', () => {
    expect(kinds(obj({ a: { type: 'number' } }), obj({ a: int }), 'STRICT')).toEqual([])
    expect(kinds(obj({ a: { type: 'number' } }), obj({ a: int }))).toEqual(['FIELD_TYPE_CHANGED #/properties/a'])
  })

  it('allows only int32 to int64 and float32 to float64 among Kafka Connect number types', () => {
    const connect = (type: string, t = 'integer') => obj({ a: { type: t, 'connect.type': type } })
    expect(kinds(connect('int64'), connect('int32'))).toEqual([])
    expect(kinds(obj({ a: int }), connect('int32'))).toEqual([])
    expect(kinds(connect('float64', 'number'), connect('float32', 'number'))).toEqual([])
    expect(kinds(connect('int32'), connect('int64'))).toEqual(['FIELD_TYPE_CHANGED #/properties/a'])
    expect(kinds(connect('int16'), connect('int8'))).toEqual(['FIELD_TYPE_CHANGED #/properties/a'])
  })

  it('counts a Kafka Connect logical type as part of the column type, but not a string format', () => {
    const ts = { type: 'integer', 'connect.type': 'int64', title: 'org.apache.kafka.connect.data.Timestamp' }
    expect(kinds(obj({ t: ts }), obj({ t: { type: 'integer', 'connect.type': 'int64' } }))).toEqual(['FIELD_TYPE_CHANGED #/properties/t'])
    expect(kinds(obj({ t: ts }), obj({ t: ts }))).toEqual([])
    expect(kinds(obj({ d: { type: 'string', format: 'date' } }), obj({ d: str }))).toEqual([])
  })

  it('follows nested objects, $ref and array items, and terminates on recursive schemas', () => {
    expect(added(obj({ n: obj({ x: int }) }), obj({ n: obj({ x: int, y: int }) }))).toEqual(['FIELD_DELETED #/properties/n/properties/y'])
    const viaRef = (props: object) => ({ ...obj({ n: { $ref: '#/$defs/N' } }), $defs: { N: obj(props) } })
    expect(kinds(viaRef({ x: str }), viaRef({ x: int }))).toContain('FIELD_TYPE_CHANGED #/properties/n/properties/x')
    const list = (items: object) => obj({ xs: { type: 'array', items } })
    expect(kinds(list(str), list(int))).toContain('FIELD_TYPE_CHANGED #/properties/xs/items')
    const tree = (v: object) => ({ $id: 'https://example.com/t', ...obj({ v, next: { oneOf: [{ type: 'null' }, { $ref: '#' }] } }) })
    expect(kinds(tree(int), tree(int))).toEqual([])
  })

  it('adds to the diff’s own findings, never removes one, worded with role placeholders', () => {
    const found = jsonFormat.checkReadable({ reader: parse(obj({ a: str })), writer: parse(obj({ a: int, b: int })), options: { policy: 'LOGICAL' } })
    const strict = jsonFormat.checkReadable({ reader: parse(obj({ a: str })), writer: parse(obj({ a: int, b: int })), options: { policy: 'STRICT' } })
    expect(strict.length).toBeGreaterThan(0)
    expect(found.slice(0, strict.length)).toEqual(strict)
    expect(found.slice(strict.length).map((i) => i.kind)).toEqual(['FIELD_DELETED', 'FIELD_TYPE_CHANGED'])
    expect(found[strict.length]?.description).toBe("The field 'b' at path '#/properties/b' in the {writer} schema is missing in the {reader} schema")
  })
})
