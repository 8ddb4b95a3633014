import { describe, expect, it } from 'vitest'
import { schemaDefinition } from '../../../src/http/dialects/openschema/objects.js'

describe('OpenSchema schemaDefinition', () => {
  it('embeds schema text that is JSON (Avro, JSON Schema) as a JSON value', () => {
    expect(schemaDefinition('{"type":"record","name":"R","fields":[]}')).toEqual({ type: 'record', name: 'R', fields: [] })
    expect(schemaDefinition('"string"')).toBe('string')
    expect(schemaDefinition('true')).toBe(true)
  })

  it('keeps any other text (Protobuf) as a string', () => {
    const proto = 'syntax = "proto3";\nmessage M {\n  string a = 1;\n}\n'
    expect(schemaDefinition(proto)).toBe(proto)
  })
})
