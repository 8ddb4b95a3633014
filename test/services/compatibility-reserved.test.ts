import { describe, expect, it } from 'vitest'
import { createFormats } from '../../src/formats/formats.js'
import { reservedFieldFindings, reservedFieldsOf } from '../../src/services/compatibility-reserved.js'
import { createCompatibilityService } from '../../src/services/compatibility-service.js'

const formats = createFormats()
const parse = (type: 'AVRO' | 'JSON' | 'PROTOBUF', text: string) => formats.get(type).parse(text, [], { strict: true })

describe('confluent:reserved metadata', () => {
  it('splits the property at commas, trims, drops empty names and repeats', () => {
    expect(reservedFieldsOf({ properties: { 'confluent:reserved': ' a, b,,a , ' } })).toEqual(['a', 'b'])
  })

  it('reserves nothing without the property, metadata or a string value', () => {
    expect(reservedFieldsOf(null)).toEqual([])
    expect(reservedFieldsOf({ properties: {} })).toEqual([])
    expect(reservedFieldsOf({ properties: { 'confluent:reserved': 3 } })).toEqual([])
  })

  it('reports removed names, then fields that use a reserved name, worded for the new schema as reader', () => {
    const found = reservedFieldFindings({ current: ['b', 'c'], previous: ['a', 'b'] }, ['c', 'd'])
    expect(found.map((f) => [f.kind, f.direction])).toEqual([
      ['RESERVED_FIELD_REMOVED', 'backward'],
      ['FIELD_CONFLICTS_WITH_RESERVED_FIELD', 'backward'],
    ])
    expect(found[0]?.description).toBe("The {reader} schema has reserved field a removed from its metadata which is present in the {writer} schema's metadata.")
    expect(found[1]?.description).toBe('The {reader} schema has field that conflicts with the reserved field c.')
  })
})

describe('top-level field names per format', () => {
  it('Avro: the fields of a record, none for other types', () => {
    expect(formats.get('AVRO').fieldNames(parse('AVRO', '{"type":"record","name":"R","fields":[{"name":"a","type":"int","aliases":["x"]}]}'))).toEqual(['a'])
    expect(formats.get('AVRO').fieldNames(parse('AVRO', '{"type":"enum","name":"E","symbols":["a"]}'))).toEqual([])
  })

  it('JSON Schema: the root properties, not nested ones', () => {
    const text = JSON.stringify({ type: 'object', properties: { a: { type: 'object', properties: { b: {} } } } })
    expect(formats.get('JSON').fieldNames(parse('JSON', text))).toEqual(['a'])
    expect(formats.get('JSON').fieldNames(parse('JSON', 'true'))).toEqual([])
  })

  it('Protobuf: the fields of every top-level message, oneof members included, not nested messages', () => {
    const text = 'syntax = "proto3";\nmessage A { string a = 1; oneof o { int32 b = 2; } message N { string n = 1; } }\nmessage B { string c = 1; }'
    expect(formats.get('PROTOBUF').fieldNames(parse('PROTOBUF', text))).toEqual(['a', 'b', 'c'])
  })
})

describe('the reserved-field rule in the compatibility service', () => {
  const service = createCompatibilityService({ formats })
  const candidate = parse('AVRO', '{"type":"record","name":"R","fields":[{"name":"ssn","type":"string"}]}')

  it('applies under NONE and without an earlier version, only with validateFields', () => {
    const req = { candidate, previous: [], level: 'NONE' as const, policy: 'STRICT' as const, reserved: { current: ['ssn'], previous: [] } }
    const on = service.check({ ...req, validateFields: true })
    expect(on).toMatchObject({ compatible: false, validateFields: true, level: 'NONE' })
    expect(on.compared).toBeUndefined()
    expect(on.incompatibilities.map((i) => i.kind)).toEqual(['FIELD_CONFLICTS_WITH_RESERVED_FIELD'])
    expect(service.check({ ...req, validateFields: false }).compatible).toBe(true)
  })
})
