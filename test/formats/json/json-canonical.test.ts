import { describe, expect, it } from 'vitest'
import { jsonFormat } from '../../../src/formats/json/index.js'

const canonical = (text: string, normalize = false) => jsonFormat.canonical(jsonFormat.parse(text, [], { strict: true }), { normalize })

describe('JSON Schema canonical form', () => {
  it('gives reordered keys the same canonical text', () => {
    const a = '{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer","minimum":1}}}'
    const b = '{"properties":{"a":{"minimum":1,"type":"integer"},"b":{"type":"string"}},"type":"object"}'
    expect(canonical(a)).toBe(canonical(b))
  })

  it('drops insignificant whitespace', () => {
    expect(canonical('{ "type" :\n  "string" }')).toBe('{"type":"string"}')
  })

  it('sorts keys recursively, inside data too', () => {
    expect(canonical('{"default":{"z":1,"a":[{"y":1,"x":2}]},"type":"object"}')).toBe('{"default":{"a":[{"x":2,"y":1}],"z":1},"type":"object"}')
  })

  it('keeps array order: enum, allOf, tuple items and required stay as written', () => {
    const text = '{"enum":["b","a"],"allOf":[{"minimum":2},{"minimum":1}],"required":["z","a"],"items":[{"type":"string"},{"type":"integer"}]}'
    expect(canonical(text)).toBe('{"allOf":[{"minimum":2},{"minimum":1}],"enum":["b","a"],"items":[{"type":"string"},{"type":"integer"}],"required":["z","a"]}')
  })

  it('keeps the boolean schemas as they are', () => {
    expect(canonical('true')).toBe('true')
    expect(canonical('false')).toBe('false')
  })

  it('with normalize, sorts required, type arrays and dependency lists, in schema positions only', () => {
    const text = JSON.stringify({
      type: ['null', 'object'],
      required: ['b', 'a'],
      dependencies: { a: ['d', 'c'] },
      properties: { required: { enum: ['y', 'x'] }, nested: { required: ['q', 'p'] } },
      default: { required: ['n', 'm'] },
    })
    expect(canonical(text, true)).toBe(
      '{"default":{"required":["n","m"]},"dependencies":{"a":["c","d"]},"properties":{"nested":{"required":["p","q"]},"required":{"enum":["y","x"]}},"required":["a","b"],"type":["null","object"]}',
    )
  })

  it('with normalize, gives schemas differing only in required order the same text', () => {
    expect(canonical('{"required":["a","b"]}', true)).toBe(canonical('{"required":["b","a"]}', true))
    expect(canonical('{"required":["a","b"]}')).not.toBe(canonical('{"required":["b","a"]}'))
  })

  it('with normalize, keeps enum order (generators derive constant order from it)', () => {
    expect(canonical('{"enum":["b","a"]}', true)).toBe('{"enum":["b","a"]}')
  })

  it('normalizes inside combined, tuple, definition and dependent subschemas', () => {
    const text = JSON.stringify({
      anyOf: [{ required: ['b', 'a'] }],
      items: [{ required: ['b', 'a'] }],
      definitions: { x: { required: ['b', 'a'] } },
      dependencies: { k: { required: ['b', 'a'] } },
    })
    expect(canonical(text, true).match(/"required":\["a","b"\]/g)).toHaveLength(4)
  })
})
