import { describe, expect, it } from 'vitest'
import { avroFormat } from '../../../src/formats/avro/index.js'
import { describeFinding } from '../../../src/formats/avro/avro-messages.js'
import type { Incompatibility } from '../../../src/formats/format-plugin.js'
import { confluentDifference } from '../../../src/http/dialects/confluent/compatibility-messages.js'

const options = { policy: 'STRICT' as const }
/** Confluent's text of a finding of a BACKWARD check (the new schema reads) or a FORWARD one. */
const bText = (i: Incompatibility | undefined) => confluentDifference({ ...i!, direction: 'backward' })
const fText = (i: Incompatibility | undefined) => confluentDifference({ ...i!, direction: 'forward' })
const asNew = (text: string) => avroFormat.parse(text, [], { strict: true })
const asOld = (text: string) => avroFormat.parse(text, [], { strict: false })

/** BACKWARD: the new schema reads data of the old one. */
const backward = (newText: string, oldText: string) => avroFormat.checkReadable({ reader: asNew(newText), writer: asOld(oldText), options })
/** FORWARD: the old schema reads data of the new one. */
const forward = (newText: string, oldText: string) => avroFormat.checkReadable({ reader: asOld(oldText), writer: asNew(newText), options })

const rec = (fields: string, name = 'R') => `{"type":"record","name":"${name}","namespace":"com.acme","fields":[${fields}]}`
const id = '{"name":"id","type":"string"}'

describe('Avro schema resolution', () => {
  it('needs a default for a field the reader has and the writer lacks', () => {
    const found = backward(rec(`${id},{"name":"amount","type":"double"},{"name":"currency","type":"string"}`), rec(`${id},{"name":"amount","type":"double"}`))
    expect(found).toEqual([
      {
        kind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        path: '/fields/2',
        description: "The field 'currency' at path '/fields/2' in the {reader} schema has no default value and is missing in the {writer} schema",
        info: 'currency',
      },
    ])
    expect(bText(found[0])).toBe(
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'currency' at path '/fields/2' in the new schema has no default value and is missing in the old schema', additionalInfo:'currency'}",
    )
  })

  it('words a FORWARD failure from the old schema as reader', () => {
    const [found] = forward(rec(id), rec(`${id},{"name":"visit","type":"string"}`))
    expect(fText(found)).toBe(
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'visit' at path '/fields/1' in the old schema has no default value and is missing in the new schema', additionalInfo:'visit'}",
    )
  })

  it('names the roles by placeholder, whatever how each schema was parsed', () => {
    const [lenient] = avroFormat.checkReadable({ reader: asOld(rec(`${id},{"name":"visit","type":"string"}`)), writer: asOld(rec(id)), options })
    const [strict] = avroFormat.checkReadable({ reader: asNew(rec(`${id},{"name":"visit","type":"string"}`)), writer: asNew(rec(id)), options })
    expect(lenient).toEqual(strict)
    expect(lenient?.description).toBe("The field 'visit' at path '/fields/1' in the {reader} schema has no default value and is missing in the {writer} schema")
    expect(bText(lenient)).toContain("at path '/fields/1' in the new schema has no default value and is missing in the old schema")
    expect(fText(lenient)).toContain("at path '/fields/1' in the old schema has no default value and is missing in the new schema")
  })

  it('swaps the roles in every FORWARD wording (type, union, enum, fixed)', () => {
    const enumOf = (symbols: string) => `{"type":"enum","name":"E","symbols":[${symbols}]}`
    const pairs: Array<[string, string, string, string]> = [
      [
        '"int"',
        '"string"',
        "The type (path '/') of a field in the new schema does not match with the old schema",
        "The type (path '/') of a field in the old schema does not match with the new schema",
      ],
      ['["null","int"]', '["null","int","string"]', 'The new schema is missing a type inside a union field', 'The old schema is missing a type inside a union field'],
      [
        enumOf('"A"'),
        enumOf('"A","B"'),
        "The new schema is missing enum symbols '[B]' at path '/symbols' in the old schema",
        "The old schema is missing enum symbols '[B]' at path '/symbols' in the new schema",
      ],
      [
        '{"type":"fixed","name":"F","size":4}',
        '{"type":"fixed","name":"F","size":8}',
        'in the new schema does not match with the old schema',
        'in the old schema does not match with the new schema',
      ],
    ]
    for (const [readerText, writerText, backwardText, forwardText] of pairs) {
      const reader = asOld(readerText)
      const writer = asOld(writerText)
      const [found] = avroFormat.checkReadable({ reader, writer, options })
      expect(bText(found), readerText).toContain(backwardText)
      expect(fText(found), readerText).toContain(forwardText)
    }
  })

  it('allows the promotions int→long/float/double, long→float/double, float→double, string↔bytes', () => {
    const pairs = [
      ['int', 'long'],
      ['int', 'float'],
      ['int', 'double'],
      ['long', 'float'],
      ['long', 'double'],
      ['float', 'double'],
      ['string', 'bytes'],
      ['bytes', 'string'],
    ]
    for (const [writer, reader] of pairs) expect(backward(`"${reader}"`, `"${writer}"`), `${writer}→${reader}`).toEqual([])
  })

  it('reports TYPE_MISMATCH with the Java type names', () => {
    const [found] = backward(rec(`{"name":"n","type":"int"}`), rec(`{"name":"n","type":"long"}`))
    expect(found).toMatchObject({ kind: 'TYPE_MISMATCH', path: '/fields/0/type' })
    expect(bText(found)).toBe(
      "{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in the new schema does not match with the old schema', additionalInfo:'reader type: INT not compatible with writer type: LONG'}",
    )
  })

  it('matches named types by unqualified name or a reader alias, else NAME_MISMATCH', () => {
    expect(backward(rec(id, 'org.other.R'), rec(id))).toEqual([])
    expect(backward('{"type":"record","name":"New","namespace":"com.acme","aliases":["R"],"fields":[{"name":"id","type":"string"}]}', rec(id))).toEqual([])
    const [found] = backward(rec(id, 'New'), rec(id))
    expect(bText(found)).toBe("{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path '/name')', additionalInfo:'expected: com.acme.R'}")
  })

  it('matches fields through reader aliases only', () => {
    expect(backward(rec('{"name":"postal","type":"string","aliases":["zip"]}'), rec('{"name":"zip","type":"string"}'))).toEqual([])
    expect(backward(rec('{"name":"zip","type":"string"}'), rec('{"name":"postal","type":"string","aliases":["zip"]}'))).toHaveLength(1)
  })

  it('reports FIXED_SIZE_MISMATCH with expected and found sizes', () => {
    const [found] = backward('{"type":"fixed","name":"F","size":8}', '{"type":"fixed","name":"F","size":6}')
    expect(bText(found)).toBe(
      "{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path '/size' in the new schema does not match with the old schema', additionalInfo:'expected: 6, found: 8'}",
    )
  })

  it('reports missing enum symbols sorted, unless the reader enum has a default', () => {
    const [found] = backward('{"type":"enum","name":"E","symbols":["A"]}', '{"type":"enum","name":"E","symbols":["C","A","B"]}')
    expect(bText(found)).toBe(
      "{errorType:'MISSING_ENUM_SYMBOLS', description:'The new schema is missing enum symbols '[B, C]' at path '/symbols' in the old schema', additionalInfo:'[B, C]'}",
    )
    expect(backward('{"type":"enum","name":"E","symbols":["A"],"default":"A"}', '{"type":"enum","name":"E","symbols":["A","B"]}')).toEqual([])
  })

  it('needs a reader branch for every writer union branch: MISSING_UNION_BRANCH', () => {
    const [found] = backward('["null","int"]', '["null","string","int"]')
    expect(bText(found)).toBe(
      "{errorType:'MISSING_UNION_BRANCH', description:'The new schema is missing a type inside a union field at path '/1' in the old schema', additionalInfo:'reader union lacking writer type: STRING'}",
    )
    expect(backward('["null","string"]', '"string"')).toEqual([])
    expect(backward('["null","long"]', '"boolean"')[0]?.kind).toBe('MISSING_UNION_BRANCH')
  })

  it('checks every branch of a writer union against a non-union reader', () => {
    const found = backward(rec('{"name":"v","type":"string"}'), rec('{"name":"v","type":["null","string","int"]}'))
    expect(found.map((f) => `${f.kind} ${f.path}`)).toEqual(['TYPE_MISMATCH /fields/0/type/0', 'TYPE_MISMATCH /fields/0/type/2'])
  })

  it('terminates on recursive types and still finds their differences', () => {
    const oldList = rec('{"name":"v","type":"int"},{"name":"next","type":["null","R"],"default":null}')
    const newList = rec('{"name":"v","type":"long"},{"name":"next","type":["null","R"],"default":null}')
    expect(backward(newList, oldList)).toEqual([])
    expect(forward(newList, oldList).map((f) => f.kind)).toEqual(['TYPE_MISMATCH'])
  })

  it('says when the other schema is of another type', () => {
    const other = { type: 'JSON' as const, value: {} }
    const [found] = avroFormat.checkReadable({ reader: asNew('"int"'), writer: other, options })
    expect(found).toEqual({ kind: 'SCHEMA_TYPE_MISMATCH', path: '/', description: 'Incompatible because of different schema type' })
    expect(bText(found)).toBe('Incompatible because of different schema type')
  })

  it('reports a reader field matching two writer fields as Confluent reports the exception', () => {
    const [found] = backward(rec('{"name":"a","type":"int","aliases":["b"]}'), rec('{"name":"a","type":"int"},{"name":"b","type":"int"}'))
    expect(found?.kind).toBe('UNEXPECTED_ERROR')
    expect(bText(found)).toMatch(/^Unexpected exception during compatibility check: Reader record field a matches multiple fields/)
  })
})

describe('Avro messages', () => {
  it('leaves the reader and writer roles as placeholders', () => {
    const text = describeFinding({ kind: 'MISSING_UNION_BRANCH', path: '/0', info: 'x' })
    expect(text).toBe("The {reader} schema is missing a type inside a union field at path '/0' in the {writer} schema")
  })
})
