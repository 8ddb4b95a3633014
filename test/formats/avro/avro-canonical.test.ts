import { describe, expect, it } from 'vitest'
import { avroFormat } from '../../../src/formats/avro/index.js'

const canonical = (text: string, normalize = false, strict = true) => avroFormat.canonical(avroFormat.parse(text, [], { strict }), { normalize })

describe('Avro canonical form', () => {
  it('gives the same text for reordered JSON object keys', () => {
    const a =
      '{"type":"record","name":"Order","namespace":"com.acme","doc":"d","fields":[{"name":"id","type":"string","doc":"x","default":"a"}],"x-team":"billing","aliases":["Old"]}'
    const b =
      '{"aliases":["Old"],"x-team":"billing","fields":[{"default":"a","doc":"x","type":"string","name":"id"}],"doc":"d","namespace":"com.acme","name":"Order","type":"record"}'
    expect(canonical(a)).toBe(canonical(b))
    expect(canonical(a)).toBe(
      '{"type":"record","name":"Order","namespace":"com.acme","doc":"d","fields":[{"name":"id","type":"string","doc":"x","default":"a"}],"x-team":"billing","aliases":["Old"]}',
    )
  })

  it('ignores whitespace', () => {
    const spaced = `{
      "type" : "enum" ,
      "name" : "Color",
      "symbols" : [ "RED", "GREEN" ]
    }`
    expect(canonical(spaced)).toBe('{"type":"enum","name":"Color","symbols":["RED","GREEN"]}')
  })

  it('keeps record field order and enum symbol order', () => {
    const text = '{"type":"record","name":"R","fields":[{"name":"z","type":"int"},{"name":"a","type":{"type":"enum","name":"E","symbols":["Z","A"]}}]}'
    expect(canonical(text)).toBe(text)
  })

  it('writes a primitive object without attributes as its bare name', () => {
    expect(canonical('{"type":"string"}')).toBe('"string"')
    expect(canonical('{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"int"}}]}')).toBe('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}')
  })

  it('keeps logical types with their attributes, defaults, order and custom attributes', () => {
    const text =
      '{"type":"record","name":"R","fields":[{"name":"p","type":{"scale":2,"type":"bytes","precision":9,"logicalType":"decimal"},"order":"DESCENDING","default":"\\u0000"},{"name":"t","type":{"type":"long","logicalType":"timestamp-millis"},"aliases":["ts"],"x":{"b":1,"a":[true,null]}}]}'
    expect(canonical(text)).toBe(
      '{"type":"record","name":"R","fields":[{"name":"p","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2},"default":"\\u0000","order":"descending"},{"name":"t","type":{"type":"long","logicalType":"timestamp-millis"},"aliases":["ts"],"x":{"a":[true,null],"b":1}}]}',
    )
  })

  it('writes a named type in full once, then by name, shortened inside its namespace', () => {
    const text =
      '{"type":"record","name":"com.acme.Node","fields":[{"name":"kids","type":{"type":"array","items":"com.acme.Node"}},{"name":"other","type":{"type":"fixed","name":"org.x.F","size":4}},{"name":"again","type":"org.x.F"}]}'
    expect(canonical(text)).toBe(
      '{"type":"record","name":"Node","namespace":"com.acme","fields":[{"name":"kids","type":{"type":"array","items":"Node"}},{"name":"other","type":{"type":"fixed","name":"F","namespace":"org.x","size":4}},{"name":"again","type":"org.x.F"}]}',
    )
  })

  it('writes "namespace":"" for a type without namespace inside a namespaced one', () => {
    const text = '{"type":"record","name":"a.R","fields":[{"name":"e","type":{"type":"enum","name":"E","namespace":"","symbols":["X"]}}]}'
    expect(canonical(text)).toBe('{"type":"record","name":"R","namespace":"a","fields":[{"name":"e","type":{"type":"enum","name":"E","namespace":"","symbols":["X"]}}]}')
  })

  it('prints numbers as Avro Java does (1e2 as 100.0, -0 as 0)', () => {
    const text = '{"type":"record","name":"R","fields":[{"name":"d","type":"double","default":1e2},{"name":"i","type":"int","default":-0}]}'
    expect(canonical(text)).toBe('{"type":"record","name":"R","fields":[{"name":"d","type":"double","default":100.0},{"name":"i","type":"int","default":0}]}')
  })

  it('writes the error type and enum default where Java does', () => {
    const text = '{"type":"error","name":"Oops","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"],"default":"A","doc":"d"}}]}'
    expect(canonical(text)).toBe('{"type":"error","name":"Oops","fields":[{"name":"e","type":{"type":"enum","name":"E","doc":"d","symbols":["A","B"],"default":"A"}}]}')
  })
})

describe('Avro normalized form (normalize=true)', () => {
  it('converts defaults to the field type as Java values: 1 for a double becomes 1.0', () => {
    const text = '{"type":"record","name":"R","fields":[{"name":"d","type":["double","null"],"default":1},{"name":"f","type":"float","default":0.1}]}'
    expect(canonical(text, true)).toBe('{"type":"record","name":"R","fields":[{"name":"d","type":["double","null"],"default":1.0},{"name":"f","type":"float","default":0.1}]}')
  })

  it('sorts aliases and drops an empty doc of a named type', () => {
    const text = '{"type":"record","name":"x.R","doc":"","aliases":["Z","x.A","other.B"],"fields":[{"name":"a","type":"int","doc":"","aliases":["q","b"]}]}'
    expect(canonical(text, true)).toBe(
      '{"type":"record","name":"R","namespace":"x","fields":[{"name":"a","type":"int","doc":"","aliases":["b","q"]}],"aliases":["other.B","A","Z"]}',
    )
    expect(canonical(text, false)).toContain('"doc":""')
  })

  it('drops a stored default that cannot be converted to the field type', () => {
    const text = '{"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"}]}'
    expect(canonical(text, true, false)).toBe('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}')
  })

  it('writes a valid logical type before the other attributes', () => {
    const text = '{"type":"bytes","a.b":1,"precision":4,"logicalType":"decimal","scale":1}'
    expect(canonical(text, true)).toBe('{"type":"bytes","logicalType":"decimal","precision":4,"scale":1,"a.b":1}')
    expect(canonical(text, false)).toBe('{"type":"bytes","a.b":1,"logicalType":"decimal","precision":4,"scale":1}')
  })

  it('is the same for spellings that differ only in key order', () => {
    const a = '{"type":"record","name":"R","fields":[{"name":"m","type":{"type":"map","values":"long"},"default":{"b":1,"a":2}}]}'
    const b = '{"fields":[{"default":{"a":2,"b":1},"type":{"values":"long","type":"map"},"name":"m"}],"name":"R","type":"record"}'
    expect(canonical(a, true)).toBe(canonical(b, true))
  })
})
