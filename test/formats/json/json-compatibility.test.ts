import { describe, expect, it } from 'vitest'
import type { ResolvedReference } from '../../../src/domain/schema-types.js'
import { RegistryError } from '../../../src/errors/registry-error.js'
import type { CheckOptions, Incompatibility } from '../../../src/formats/format-plugin.js'
import { jsonFormat } from '../../../src/formats/json/index.js'
import { confluentDifference } from '../../../src/http/dialects/confluent/compatibility-messages.js'

const parse = (schema: unknown, references: ResolvedReference[] = [], strict = true) => jsonFormat.parse(JSON.stringify(schema), references, { strict })
const check = (writer: unknown, reader: unknown, policy: CheckOptions['policy'] = 'STRICT') =>
  jsonFormat.checkReadable({ reader: parse(reader), writer: parse(writer), options: { policy } })

/** Confluent's text of a finding, in a BACKWARD check (the new schema reads) or a FORWARD one. */
const text = (i: Incompatibility | undefined, direction: 'backward' | 'forward' = 'backward') => confluentDifference({ ...i!, direction })

const open = (props: object, extra: object = {}) => ({ type: 'object', properties: props, ...extra })

describe('JSON Schema compatibility: what is reported', () => {
  it('names the Confluent difference type, the path and the description with role placeholders', () => {
    const found = check(open({ a: { type: 'string' } }), open({ a: { type: 'string' }, b: { type: 'integer' } }))
    expect(found).toEqual([
      {
        kind: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
        path: '#/properties/b',
        description: "The {reader} schema has an open content model and has a property or item at path '#/properties/b' which is missing in the {writer} schema",
      },
    ])
    expect(text(found[0])).toBe(
      '{errorType:"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", description:"The new schema has an open content model and has a property or item at path \'#/properties/b\' which is missing in the old schema"}',
    )
  })

  it('words a FORWARD finding with the roles swapped, same kind and path', () => {
    const writer = parse(open({ a: { type: 'string' } }))
    const reader = parse(open({ a: { type: 'string', maxLength: 2 } }, { additionalProperties: false }))
    const found = jsonFormat.checkReadable({ reader, writer, options: { policy: 'STRICT' } })
    expect(found.map((i) => text(i, 'backward'))).toEqual([
      expect.stringContaining("The keyword at path '#/properties/a/maxLength' in the new schema is not present in the old schema"),
      expect.stringContaining("The keyword at path '#/additionalProperties' in the new schema is not present in the old schema"),
    ])
    expect(found.map((i) => text(i, 'forward'))).toEqual([
      expect.stringContaining("The keyword at path '#/properties/a/maxLength' in the old schema is not present in the new schema"),
      expect.stringContaining("The keyword at path '#/additionalProperties' in the old schema is not present in the new schema"),
    ])
  })

  it('swaps both placeholders in the two-sided templates', () => {
    const forward = (writer: unknown, reader: unknown) => check(writer, reader).map((i) => text(i, 'forward'))
    expect(forward({ type: 'string' }, { type: 'integer' })[0]).toContain("A type at path '#/' is different between the old schema and the new schema")
    expect(forward({ type: 'string', pattern: 'a' }, { type: 'string', pattern: 'b' })[0]).toContain("The value at path '#/pattern' is different between the old and new schema")
    expect(forward(open({ a: { type: 'string' } }), open({ b: { type: 'string' } }, { additionalProperties: false }))).toContainEqual(
      expect.stringContaining("The old schema has a closed content model and is missing a property or item present at path '#/properties/a' in the new schema"),
    )
  })

  it('reports only incompatible differences: widening reports nothing', () => {
    expect(check({ type: 'string', maxLength: 3, title: 'a' }, { type: 'string', title: 'b' })).toEqual([])
  })

  it('writes a difference at the root as "#/"', () => {
    expect(check({ type: 'string' }, { type: 'integer' })).toMatchObject([{ kind: 'TYPE_CHANGED', path: '#/' }])
  })

  it('puts a keyword difference under the keyword', () => {
    expect(check({ type: 'string' }, { type: 'string', maxLength: 2 })).toMatchObject([
      { kind: 'MAX_LENGTH_ADDED', path: '#/maxLength', description: "The keyword at path '#/maxLength' in the {reader} schema is not present in the {writer} schema" },
    ])
  })

  it('reports minContains increased and maxContains decreased under their keywords (2020-12)', () => {
    const arr = (extra: object) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', contains: { type: 'integer' }, ...extra })
    expect(check(arr({ minContains: 1, maxContains: 4 }), arr({ minContains: 2, maxContains: 3 }))).toMatchObject([
      {
        kind: 'MAX_CONTAINS_DECREASED',
        path: '#/maxContains',
        description: expect.stringContaining("'#/maxContains' in the {reader} schema is less than its value in the {writer} schema"),
      },
      {
        kind: 'MIN_CONTAINS_INCREASED',
        path: '#/minContains',
        description: expect.stringContaining("'#/minContains' in the {reader} schema is more than its value in the {writer} schema"),
      },
    ])
    expect(check(arr({ minContains: 2, maxContains: 3 }), arr({ minContains: 1, maxContains: 4 }))).toEqual([])
  })

  it('paths through combined branches by the old criterion and branch index', () => {
    const found = check({ oneOf: [{ type: 'string', maxLength: 10 }, { type: 'integer' }] }, { oneOf: [{ type: 'string', maxLength: 5 }, { type: 'integer' }] })
    expect(found.map((f) => f.kind)).toEqual(['COMBINED_TYPE_SUBSCHEMAS_CHANGED'])
  })

  it('reads BACKWARD as reader = new, writer = old (the new schema may only widen)', () => {
    const narrow = { type: 'integer' }
    const wide = { type: 'number' }
    expect(check(narrow, wide)).toEqual([])
    expect(check(wide, narrow)).toMatchObject([{ kind: 'TYPE_NARROWED' }])
  })

  it('never relaxes anything under LOGICAL (it only adds the table-column rules, and an optional property added breaks none)', () => {
    expect(check(open({}), open({ a: { type: 'string' } }), 'LOGICAL')).toHaveLength(1)
  })

  it('under LENIENT still reports a required property without default added to an open model', () => {
    expect(check(open({}), open({ a: { type: 'string' } }, { required: ['a'] }), 'LENIENT')).toMatchObject([
      { kind: 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', path: '#/properties/a' },
    ])
  })
})

describe('JSON Schema compatibility: $ref and references', () => {
  const reference = (name: string, schema: unknown): ResolvedReference => ({
    name,
    subject: name,
    version: 1,
    schemaType: 'JSON',
    schema: JSON.stringify(schema),
    references: [],
  })

  it('follows $refs into referenced schemas', () => {
    const writer = parse({ properties: { a: { $ref: 'amount.json' } } }, [reference('amount.json', { type: 'number' })])
    const reader = parse({ properties: { a: { $ref: 'amount.json' } } }, [reference('amount.json', { type: 'integer' })])
    expect(jsonFormat.checkReadable({ reader, writer, options: { policy: 'STRICT' } })).toMatchObject([{ kind: 'TYPE_NARROWED', path: '#/properties/a' }])
  })

  it('follows $refs to a reference fragment and to $id-named subschemas', () => {
    const defs = reference('defs.json', { definitions: { n: { type: 'number' } } })
    const writer = parse({ properties: { a: { $ref: 'defs.json#/definitions/n' } } }, [defs])
    const reader = parse({ properties: { a: { $ref: '#num' } }, definitions: { x: { $id: '#num', type: 'number' } } })
    expect(jsonFormat.checkReadable({ reader, writer, options: { policy: 'STRICT' } })).toEqual([])
  })

  it('compares a schema with a pure $ref cycle (stored, parsed leniently) without hanging', () => {
    const cyclic = parse({ $ref: '#/definitions/a', definitions: { a: { $ref: '#/definitions/a' } } }, [], false)
    expect(jsonFormat.checkReadable({ reader: parse({ type: 'string' }), writer: cyclic, options: { policy: 'STRICT' } })).toMatchObject([{ kind: 'TYPE_CHANGED' }])
  })

  it('compares a combination whose only branch is the schema itself without hanging', () => {
    const selfish = parse({ anyOf: [{ $ref: '#' }] })
    expect(jsonFormat.checkReadable({ reader: selfish, writer: parse({ type: 'string' }), options: { policy: 'STRICT' } })).toBeInstanceOf(Array)
  })

  it('compares mutually recursive definitions', () => {
    const tree = (leaf: string) => ({
      $ref: '#/definitions/a',
      definitions: {
        a: { type: 'object', properties: { b: { $ref: '#/definitions/b' }, v: { type: leaf } }, additionalProperties: false },
        b: { type: 'object', properties: { a: { $ref: '#/definitions/a' } }, additionalProperties: false },
      },
    })
    expect(check(tree('integer'), tree('number'))).toEqual([])
    expect(check(tree('number'), tree('integer'))).toMatchObject([{ kind: 'TYPE_NARROWED', path: '#/properties/v' }])
  })
})

describe('JSON Schema compatibility: robustness', () => {
  it('compares large schemas quickly', () => {
    const props = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`p${i}`, { type: i % 2 ? 'string' : 'integer' }]))
    const started = performance.now()
    expect(check(open(props, { additionalProperties: false }), open(props, { additionalProperties: false }))).toEqual([])
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('refuses, rather than hangs on, combined schemas nested to multiply branch pairs', () => {
    let schema: unknown = { type: 'string' }
    for (let i = 0; i < 12; i++) schema = { anyOf: [schema, { ...(schema as object), title: `t${i}` }, { type: 'integer', minimum: i }] }
    const started = performance.now()
    try {
      check(schema, schema)
    } catch (e) {
      expect(e).toBeInstanceOf(RegistryError)
      expect((e as RegistryError).kind).toBe('INVALID_SCHEMA')
    }
    expect(performance.now() - started).toBeLessThan(8_000)
  })

  it('throws INVALID_SCHEMA for something that is not a parsed JSON Schema', () => {
    expect(() => jsonFormat.checkReadable({ reader: { type: 'AVRO', value: 1 }, writer: parse({}), options: { policy: 'STRICT' } })).toThrow(RegistryError)
  })
})
