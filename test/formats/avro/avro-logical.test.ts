import { describe, expect, it } from 'vitest'
import { avroFormat } from '../../../src/formats/avro/index.js'
import type { CheckOptions } from '../../../src/formats/format-plugin.js'

const parse = (text: string) => avroFormat.parse(text, [], { strict: false })
const rec = (...fields: object[]) => JSON.stringify({ type: 'record', name: 'R', fields })
const kinds = (reader: string, writer: string, policy: CheckOptions['policy'] = 'LOGICAL') =>
  avroFormat.checkReadable({ reader: parse(reader), writer: parse(writer), options: { policy } }).map((i) => `${i.kind} ${i.path}`)

const a = { name: 'a', type: 'int' }
const b = { name: 'b', type: 'int' }

describe('Avro under compatibilityPolicy LOGICAL', () => {
  it('rejects a deleted field, which Avro itself resolves by skipping it', () => {
    expect(kinds(rec(a), rec(a, b), 'STRICT')).toEqual([])
    expect(kinds(rec(a), rec(a, b))).toEqual(['FIELD_DELETED /fields/1'])
  })

  it('rejects an added field that is not nullable, even with a default; accepts a nullable one', () => {
    expect(kinds(rec(a, { name: 'c', type: 'int', default: 0 }), rec(a), 'STRICT')).toEqual([])
    expect(kinds(rec(a, { name: 'c', type: 'int', default: 0 }), rec(a))).toEqual(['REQUIRED_FIELD_ADDED /fields/1'])
    expect(kinds(rec(a, { name: 'c', type: ['null', 'int'], default: null }), rec(a))).toEqual([])
  })

  it('rejects a nullable field made required', () => {
    expect(kinds(rec(a), rec({ name: 'a', type: ['null', 'int'] }))).toContain('NULLABLE_FIELD_MADE_REQUIRED /fields/0/type')
    expect(kinds(rec({ name: 'a', type: ['null', 'int'] }), rec(a))).toEqual([])
  })

  it('allows only the promotions int to long and float to double', () => {
    expect(kinds(rec({ name: 'a', type: 'long' }), rec(a))).toEqual([])
    expect(kinds(rec({ name: 'f', type: 'double' }), rec({ name: 'f', type: 'float' }))).toEqual([])
    expect(kinds(rec({ name: 'a', type: 'double' }), rec(a), 'STRICT')).toEqual([])
    expect(kinds(rec({ name: 'a', type: 'double' }), rec(a))).toEqual(['FIELD_TYPE_CHANGED /fields/0/type'])
    expect(kinds(rec({ name: 's', type: 'bytes' }), rec({ name: 's', type: 'string' }))).toEqual(['FIELD_TYPE_CHANGED /fields/0/type'])
  })

  it('treats a logical type as part of the column type', () => {
    const ts = { name: 't', type: { type: 'long', logicalType: 'timestamp-millis' } }
    expect(kinds(rec(ts), rec({ name: 't', type: 'long' }))).toEqual(['FIELD_TYPE_CHANGED /fields/0/type'])
    expect(kinds(rec(ts), rec(ts))).toEqual([])
  })

  it('follows nested records, arrays and maps, and terminates on recursive types', () => {
    const nested = (...fields: object[]) => rec({ name: 'n', type: { type: 'record', name: 'N', fields } })
    expect(kinds(nested(a), nested(a, b))).toEqual(['FIELD_DELETED /fields/0/type/fields/1'])
    const list = (t: string) => rec({ name: 'xs', type: { type: 'array', items: t } })
    expect(kinds(list('float'), list('int'))).toEqual(['FIELD_TYPE_CHANGED /fields/0/type/items'])
    const linked = (t: string) => rec({ name: 'v', type: t }, { name: 'next', type: ['null', 'R'], default: null })
    expect(kinds(linked('long'), linked('int'))).toEqual([])
  })

  it('adds to Avro’s own findings, worded with role placeholders', () => {
    const found = avroFormat.checkReadable({ reader: parse(rec({ name: 'a', type: 'string' })), writer: parse(rec(a, b)), options: { policy: 'LOGICAL' } })
    expect(found.map((i) => i.kind)).toEqual(['TYPE_MISMATCH', 'FIELD_DELETED', 'FIELD_TYPE_CHANGED'])
    expect(found[1]?.description).toBe("The field 'b' at path '/fields/1' in the {writer} schema is missing in the {reader} schema")
  })
})
