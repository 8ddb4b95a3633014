import { describe, expect, it } from 'vitest'
import { jsonFormat } from '../../../src/formats/json/index.js'
import type { ResolvedReference } from '../../../src/domain/schema-types.js'

const ORDER = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'amount'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    amount: { type: 'number', minimum: 0 },
    email: { type: 'string', format: 'email' },
    payment: {
      oneOf: [
        { type: 'object', required: ['card'], properties: { card: { type: 'string' } }, additionalProperties: false },
        { type: 'object', required: ['iban'], properties: { iban: { type: 'string' } }, additionalProperties: false },
      ],
    },
  },
})

const validator = (text: string, references: ResolvedReference[] = []) => jsonFormat.compileValidator(jsonFormat.parse(text, references, { strict: true }), {})
const json = (value: unknown) => ({ encoding: 'json' as const, value })
const good = { id: '0b5b3a5e-3f1c-4c55-9c33-8b1b6f6f7c11', amount: 12.5, email: 'a@b.io', payment: { card: '4111' } }

describe('JSON Schema payload validation', () => {
  const v = validator(ORDER)

  it('accepts a valid instance', () => {
    expect(v.validate(json(good))).toEqual([])
  })

  it('reports every error with a JSON Pointer: types, required, additionalProperties, formats, oneOf', () => {
    const errors = v.validate(json({ id: 'not-a-uuid', amount: -1, email: 'nope', extra: true }))
    expect(errors.map((e) => e.path).sort()).toEqual(['/amount', '/email', '/extra', '/id'])
    expect(v.validate(json({ id: good.id }))).toEqual([{ path: '/amount', message: expect.stringContaining('required') }])
    expect(v.validate(json({ ...good, payment: { card: '1', iban: 'x' } })).map((e) => e.path)).toContain('/payment')
  })

  it('reads UTF-8 JSON bytes; bytes that are no JSON are an error, not an exception', () => {
    expect(v.validate({ encoding: 'binary', bytes: Buffer.from(JSON.stringify(good)) })).toEqual([])
    expect(v.validate({ encoding: 'binary', bytes: Buffer.from([0xff, 0x00, 0x7b]) })).toEqual([{ path: '', message: expect.stringContaining('not UTF-8 JSON') }])
  })

  it('resolves $refs to referenced schemas', () => {
    const address = JSON.stringify({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] })
    const ref: ResolvedReference = { name: 'address.json', subject: 'address', version: 1, schemaType: 'JSON', schema: address, references: [] }
    const c = validator(JSON.stringify({ type: 'object', properties: { home: { $ref: 'address.json' } } }), [ref])
    expect(c.validate(json({ home: { city: 'Oslo' } }))).toEqual([])
    expect(c.validate(json({ home: {} }))).toEqual([{ path: '/home/city', message: expect.any(String) }])
  })

  it('compiles draft-04 and draft-07 schemas in their own draft', () => {
    const d4 = validator(
      JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: { n: { type: 'integer', maximum: 3, exclusiveMaximum: true } } }),
    )
    expect(d4.validate(json({ n: 3 }))).toHaveLength(1)
    expect(d4.validate(json({ n: 2 }))).toEqual([])
    const d7 = validator(JSON.stringify({ type: 'object', properties: { d: { type: 'string', format: 'date' } } }))
    expect(d7.validate(json({ d: '2024-13-01' }))).toEqual([{ path: '/d', message: expect.stringContaining('date') }])
  })
})
