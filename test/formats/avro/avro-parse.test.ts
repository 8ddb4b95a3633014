import { describe, expect, it } from 'vitest'
import { avroFormat } from '../../../src/formats/avro/index.js'
import { isRegistryError } from '../../../src/errors/registry-error.js'

const strict = (text: string) => avroFormat.parse(text, [], { strict: true })
const lenient = (text: string) => avroFormat.parse(text, [], { strict: false })

/** The INVALID_SCHEMA message `text` is refused with. */
const refusal = (text: string, isStrict = true): string => {
  try {
    avroFormat.parse(text, [], { strict: isStrict })
  } catch (e) {
    if (isRegistryError(e) && e.kind === 'INVALID_SCHEMA') return e.message
    throw e
  }
  throw new Error(`accepted: ${text}`)
}

const record = (fields: string, extra = '') => `{"type":"record","name":"R","namespace":"com.acme"${extra},"fields":[${fields}]}`

describe('Avro parse: what is valid', () => {
  it('accepts a primitive schema given as a JSON string', () => {
    expect(strict('"string"').type).toBe('AVRO')
    expect(strict('{"type":"long"}').type).toBe('AVRO')
  })

  it('accepts a record that refers to itself by name', () => {
    expect(() => strict(record('{"name":"next","type":["null","R"],"default":null}'))).not.toThrow()
  })

  it('accepts a reference to a named type by its short name inside the namespace, and by full name', () => {
    const inner = '{"name":"a","type":{"type":"enum","name":"E","symbols":["X"]}}'
    expect(() => strict(record(`${inner},{"name":"b","type":"E"},{"name":"c","type":"com.acme.E"}`))).not.toThrow()
  })

  it('accepts a top-level union', () => {
    expect(() => strict('["null","string",{"type":"array","items":"int"}]')).not.toThrow()
  })
})

describe('Avro parse: what is refused, and where', () => {
  it('rejects text that is not JSON, naming line and column', () => {
    expect(refusal('{"type":')).toMatch(/malformed JSON at line 1, column 9/)
    expect(refusal('"string" trailing')).toMatch(/after the end of the schema/)
  })

  it('rejects an unknown type and says where it is', () => {
    expect(refusal(record('{"name":"a","type":"strin"}'))).toMatch(/at \/fields\/0\/type: 'strin' is neither/)
    expect(refusal('{"type":"decimal"}')).toMatch(/unknown type 'decimal'/)
  })

  it('rejects invalid record, field and enum symbol names', () => {
    expect(refusal('{"type":"record","name":"1R","fields":[]}')).toMatch(/at \/name: invalid name '1R'/)
    expect(refusal(record('{"name":"a-b","type":"int"}'))).toMatch(/invalid field name 'a-b'/)
    expect(refusal('{"type":"enum","name":"E","symbols":["ok","not ok"]}')).toMatch(/invalid enum symbol 'not ok'/)
    expect(refusal('{"type":"record","name":"R","namespace":"com..acme","fields":[]}')).toMatch(/invalid namespace/)
  })

  it('rejects a named type defined twice', () => {
    const twice = record('{"name":"a","type":{"type":"fixed","name":"F","size":2}},{"name":"b","type":{"type":"fixed","name":"F","size":2}}')
    expect(refusal(twice)).toMatch(/'com.acme.F' is already defined/)
  })

  it('rejects duplicate field names and duplicate enum symbols', () => {
    expect(refusal(record('{"name":"a","type":"int"},{"name":"a","type":"long"}'))).toMatch(/two fields named 'a'/)
    expect(refusal('{"type":"enum","name":"E","symbols":["A","A"]}')).toMatch(/symbol 'A' twice/)
  })

  it('rejects a union nested directly in a union', () => {
    expect(refusal('["null",["int","long"]]')).toMatch(/at \/1: a union may not contain another union/)
  })

  it('rejects a union with the same branch type twice', () => {
    expect(refusal('["int",{"type":"int","logicalType":"date"}]')).toMatch(/branch of type 'int'/)
    expect(refusal('[{"type":"array","items":"int"},{"type":"array","items":"long"}]')).toMatch(/branch of type 'array'/)
  })

  it('rejects a named type named after a primitive', () => {
    expect(refusal('{"type":"record","name":"int","fields":[]}')).toMatch(/primitive type 'int'/)
  })

  it('rejects structural mistakes: no fields, no symbols, bad fixed size, bad order, bad aliases', () => {
    expect(refusal('{"type":"record","name":"R"}')).toMatch(/needs a 'fields' array/)
    expect(refusal('{"type":"enum","name":"E"}')).toMatch(/needs a 'symbols' array/)
    expect(refusal('{"type":"fixed","name":"F","size":-1}')).toMatch(/at \/size/)
    expect(refusal(record('{"name":"a","type":"int","order":"up"}'))).toMatch(/'order' must be/)
    expect(refusal('{"type":"record","name":"R","aliases":"x","fields":[]}')).toMatch(/'aliases' must be an array/)
    expect(refusal('{"type":"array"}')).toMatch(/needs 'items'/)
    expect(refusal('42')).toMatch(/not a JSON number/)
  })
})

describe('Avro parse: defaults (Confluent validateDefaults for new schemas)', () => {
  it('rejects a default that does not match the field type', () => {
    expect(refusal(record('{"name":"a","type":"int","default":"x"}'))).toMatch(/at \/fields\/0\/default: the default "x" of field 'a'/)
    expect(refusal(record('{"name":"a","type":"int","default":1.5}'))).toMatch(/does not match/)
    expect(refusal(record('{"name":"a","type":"int","default":2147483648}'))).toMatch(/does not match/)
    expect(refusal(record('{"name":"a","type":{"type":"array","items":"string"},"default":[1]}'))).toMatch(/does not match/)
  })

  it('rejects a default that does not match the first union branch', () => {
    expect(refusal(record('{"name":"a","type":["null","string"],"default":"x"}'))).toMatch(/first branch is null/)
  })

  it('accepts defaults that match: null for a nullable union, a long beyond 2^53, numbers for doubles', () => {
    const fields = [
      '{"name":"a","type":["null","string"],"default":null}',
      '{"name":"b","type":"long","default":9223372036854775807}',
      '{"name":"c","type":"double","default":1}',
      '{"name":"d","type":{"type":"map","values":"int"},"default":{"k":1}}',
      '{"name":"e","type":{"type":"record","name":"P","fields":[{"name":"x","type":"int","default":0}]},"default":{}}',
    ]
    expect(() => strict(record(fields.join(',')))).not.toThrow()
  })

  it('rejects an enum default that is not one of its symbols', () => {
    expect(refusal('{"type":"enum","name":"E","symbols":["A"],"default":"B"}')).toMatch(/not one of its symbols/)
  })

  it('accepts a stored schema with a mismatching default when parsing leniently', () => {
    expect(() => lenient(record('{"name":"a","type":["null","string"],"default":"x"}'))).not.toThrow()
    expect(() => lenient('{"type":"enum","name":"E","symbols":["A"],"default":"B"}')).not.toThrow()
  })

  it('terminates on a record default that only its own field default could complete', () => {
    expect(refusal(record('{"name":"self","type":"R","default":{}}'))).toMatch(/does not match/)
  })
})

describe('Avro parse: robustness', () => {
  it('refuses absurdly deep nesting with INVALID_SCHEMA instead of overflowing the stack', () => {
    const deep = '{"type":"array","items":'.repeat(5000) + '"int"' + '}'.repeat(5000)
    expect(refusal(deep)).toMatch(/nested deeper than/)
  })

  it('throws only RegistryErrors for arbitrary input', () => {
    const inputs = [
      '',
      '[',
      ']',
      '{}',
      '{"type":null}',
      '{"type":"record"}',
      '{"type":"record","name":"R","fields":[1]}',
      '{"type":"record","name":"R","fields":[{"name":"a"}]}',
      '{"type":"fixed","name":"F","size":1.5}',
      '"\\ud800"',
      'nul',
      '{"type":"enum","name":"E","symbols":[1]}',
      '{"type":"map","values":[]}',
      '[[]]',
      '"\u0001"',
    ]
    for (const text of inputs) {
      for (const isStrict of [true, false]) {
        try {
          avroFormat.parse(text, [], { strict: isStrict })
        } catch (e) {
          expect(isRegistryError(e), text).toBe(true)
        }
      }
    }
  })
})
