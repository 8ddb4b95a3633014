import { describe, expect, it } from 'vitest'
import { readableMessages, readableSchema, sideBySide } from '../../ui/src/schema-text.js'

describe('the console shows schemas', () => {
  it('pretty-prints Avro and JSON Schema, and leaves Protobuf and unparsable text alone', () => {
    expect(readableSchema('{"type":"string"}', 'AVRO')).toBe('{\n  "type": "string"\n}')
    expect(readableSchema('{"type":"object"}', undefined)).toBe('{\n  "type": "object"\n}')
    expect(readableSchema('syntax = "proto3";', 'PROTOBUF')).toBe('syntax = "proto3";')
    expect(readableSchema('{not json', 'JSON')).toBe('{not json')
  })

  it('pairs a changed line with its replacement and numbers each side on its own', () => {
    const rows = sideBySide('a\nb\nc\n', 'a\nB\nc\nd\n')
    expect(rows).toEqual([
      { kind: 'same', left: { line: 1, text: 'a' }, right: { line: 1, text: 'a' } },
      { kind: 'changed', left: { line: 2, text: 'b' }, right: { line: 2, text: 'B' } },
      { kind: 'same', left: { line: 3, text: 'c' }, right: { line: 3, text: 'c' } },
      { kind: 'added', right: { line: 4, text: 'd' } },
    ])
  })

  it('shows a removal with nothing opposite it, and a longer replacement as changes then additions', () => {
    expect(sideBySide('x\ny\n', 'y\n')).toEqual([
      { kind: 'removed', left: { line: 1, text: 'x' } },
      { kind: 'same', left: { line: 2, text: 'y' }, right: { line: 1, text: 'y' } },
    ])
    expect(sideBySide('a\n', 'b\nc\n').map((r) => r.kind)).toEqual(['changed', 'added'])
  })

  it("keeps the checker's findings from Confluent's verbose messages and drops the echoed schema", () => {
    expect(
      readableMessages([
        "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'z' at path '/fields/0' has no default value', additionalInfo:'z'}",
        '{oldSchemaVersion: 1}',
        `{oldSchema: '{"type":"record"}'}`,
        "{validateFields: 'false', compatibility: 'BACKWARD'}",
        'something else',
      ]),
    ).toEqual(["READER_FIELD_MISSING_DEFAULT_VALUE: The field 'z' at path '/fields/0' has no default value", '(checked against version 1)', 'something else'])
  })
})
