import { describe, expect, it } from 'vitest'
import type { CheckOptions } from '../../../src/formats/format-plugin.js'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'
import { parse } from './protobuf-helpers.js'

const kinds = (reader: string, writer: string, policy: CheckOptions['policy'] = 'LOGICAL') =>
  protobufFormat.checkReadable({ reader: parse(reader), writer: parse(writer), options: { policy } }).map((i) => `${i.kind} ${i.path}`)
/** What LOGICAL adds to the wire rules' own findings. */
const added = (reader: string, writer: string) => {
  const strict = new Set(kinds(reader, writer, 'STRICT'))
  return kinds(reader, writer).filter((k) => !strict.has(k))
}

const p3 = (body: string, extra = '') => `syntax = "proto3";\npackage t;\n${extra}\nenum E { Z = 0; }\nmessage M {\n${body}\n}\n`
const p2 = (body: string) => `syntax = "proto2";\npackage t;\nmessage M {\n${body}\n}\n`
const wrappers = 'import "google/protobuf/wrappers.proto";\nimport "google/protobuf/timestamp.proto";'

describe('Protobuf under compatibilityPolicy LOGICAL', () => {
  it('rejects a deleted field, which the wire rules accept', () => {
    expect(kinds(p3('int32 a = 1;'), p3('int32 a = 1;\nint32 b = 2;'), 'STRICT')).toEqual([])
    expect(kinds(p3('int32 a = 1;'), p3('int32 a = 1;\nint32 b = 2;'))).toEqual(['FIELD_DELETED #/M/2'])
  })

  it('matches columns by name: a renamed field is a deleted column', () => {
    expect(kinds(p3('int32 b = 1;'), p3('int32 a = 1;'), 'STRICT')).toEqual([])
    expect(kinds(p3('int32 b = 1;'), p3('int32 a = 1;'))).toEqual(['FIELD_DELETED #/M/1'])
  })

  it('accepts an added proto3 field (it always carries a value) and rejects an added proto2 required one once', () => {
    expect(kinds(p3('int32 a = 1;\nstring s = 2;\noptional int64 o = 3;'), p3('int32 a = 1;'))).toEqual([])
    const required = kinds(p2('optional int32 a = 1;\nrequired int32 r = 2;'), p2('optional int32 a = 1;'))
    expect(required.filter((k) => k.startsWith('REQUIRED_FIELD_ADDED'))).toEqual(['REQUIRED_FIELD_ADDED #/M/2'])
  })

  it('reads oneof members as nullable columns of their own, so a member added is no required column', () => {
    expect(added(p3('int32 a = 1;\noneof o {\n  string s = 2;\n  int64 n = 3;\n}'), p3('int32 a = 1;'))).toEqual([])
    expect(added(p3('int32 a = 1;\noneof o {\n  string s = 2;\n}'), p3('int32 a = 1;\noneof o {\n  string s = 2;\n  int64 n = 3;\n}'))).toEqual(['FIELD_DELETED #/M/3'])
  })

  it('rejects an optional field made required', () => {
    expect(added(p2('required int32 a = 1;'), p2('optional int32 a = 1;'))).toEqual(['NULLABLE_FIELD_MADE_REQUIRED #/M/1'])
    expect(added(p2('optional int32 a = 1;'), p2('required int32 a = 1;'))).toEqual([])
  })

  it('allows int32 to int64 and sint32 to sint64, rejects the other wire-compatible changes', () => {
    expect(kinds(p3('int64 a = 1;'), p3('int32 a = 1;'))).toEqual([])
    expect(kinds(p3('sint64 a = 1;'), p3('sint32 a = 1;'))).toEqual([])
    for (const [from, to] of [
      ['int32', 'uint32'],
      ['int64', 'uint64'],
      ['int64', 'int32'],
      ['string', 'bytes'],
      ['int32', 'bool'],
      ['E', 'int32'],
    ]) {
      expect(kinds(p3(`${to} a = 1;`), p3(`${from} a = 1;`), 'STRICT')).toEqual([])
      expect(kinds(p3(`${to} a = 1;`), p3(`${from} a = 1;`))).toEqual(['FIELD_TYPE_CHANGED #/M/1'])
    }
  })

  it('never relaxes a wire finding: float to double stays a scalar kind change', () => {
    expect(kinds(p3('double f = 1;'), p3('float f = 1;'), 'STRICT')).toEqual(['FIELD_SCALAR_KIND_CHANGED #/M/1'])
    expect(kinds(p3('double f = 1;'), p3('float f = 1;'))).toEqual(['FIELD_SCALAR_KIND_CHANGED #/M/1'])
  })

  it('reads a well-known wrapper or Timestamp as the column type it carries', () => {
    // the wire rules reject another message type; as columns, Int32Value to Int64Value is a promotion
    expect(kinds(p3('google.protobuf.Int64Value a = 1;', wrappers), p3('google.protobuf.Int32Value a = 1;', wrappers))).toEqual(['FIELD_NAMED_TYPE_CHANGED #/M/1'])
    expect(added(p3('google.protobuf.StringValue a = 1;', wrappers), p3('google.protobuf.Int32Value a = 1;', wrappers))).toEqual(['FIELD_TYPE_CHANGED #/M/1'])
    expect(added(p3('google.protobuf.Int64Value a = 1;', wrappers), p3('google.protobuf.Int32Value a = 1;', wrappers))).toEqual([])
    expect(added(p3('google.protobuf.StringValue t = 1;', wrappers), p3('google.protobuf.Timestamp t = 1;', wrappers))).toEqual(['FIELD_TYPE_CHANGED #/M/1'])
    expect(kinds(p3('google.protobuf.Timestamp t = 1;', wrappers), p3('google.protobuf.Timestamp t = 1;', wrappers))).toEqual([])
  })

  it('follows nested messages, repeated fields and maps, and terminates on recursive messages', () => {
    const nested = (inner: string) => p3(`message N {\n${inner}\n}\nN n = 1;`)
    expect(kinds(nested('int32 x = 1;'), nested('int32 x = 1;\nint32 y = 2;'))).toEqual(['FIELD_DELETED #/M/1/2'])
    expect(added(p3('repeated string xs = 1;'), p3('repeated bytes xs = 1;'))).toEqual(['FIELD_TYPE_CHANGED #/M/1'])
    expect(added(p3('map<string, string> m = 1;'), p3('map<string, bytes> m = 1;'))).toEqual(['FIELD_TYPE_CHANGED #/M/1/value'])
    expect(added(p3('repeated int32 xs = 1;'), p3('int32 xs = 1;'))).toEqual(['FIELD_TYPE_CHANGED #/M/1'])
    expect(kinds(p3('repeated int64 xs = 1;'), p3('int32 xs = 1;'))).toContain('FIELD_TYPE_CHANGED #/M/1')
    expect(kinds(p3('repeated int64 xs = 1;'), p3('repeated int32 xs = 1;'))).toEqual([])
    const tree = (t: string) => p3(`${t} v = 1;\nM next = 2;`)
    expect(kinds(tree('int64'), tree('int32'))).toEqual([])
  })

  it('adds to the wire findings, worded with role placeholders', () => {
    const found = protobufFormat.checkReadable({ reader: parse(p3('string a = 1;')), writer: parse(p3('int32 a = 1;\nint32 b = 2;')), options: { policy: 'LOGICAL' } })
    expect(found.map((i) => i.kind)).toEqual(['FIELD_SCALAR_KIND_CHANGED', 'FIELD_DELETED', 'FIELD_TYPE_CHANGED'])
    expect(found[1]?.description).toBe("The field 'b' at path '#/M/2' in the {writer} schema is missing in the {reader} schema")
    expect(found[2]?.description).toBe(
      "The type at path '#/M/1' is int32 in the {writer} schema and string in the {reader} schema, which is not a promotion a table column can follow",
    )
  })
})
