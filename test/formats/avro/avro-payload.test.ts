import avsc from 'avsc'
import { describe, expect, it } from 'vitest'
import { avroFormat } from '../../../src/formats/avro/index.js'
import type { ResolvedReference } from '../../../src/domain/schema-types.js'

const PAYMENT = JSON.stringify({
  type: 'record',
  name: 'Payment',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    {
      name: 'payer',
      type: {
        type: 'record',
        name: 'Payer',
        fields: [
          { name: 'name', type: 'string' },
          { name: 'tags', type: { type: 'array', items: 'string' } },
        ],
      },
    },
  ],
})

const validator = (text: string, references: ResolvedReference[] = []) => avroFormat.compileValidator(avroFormat.parse(text, references, { strict: true }), {})
const json = (value: unknown) => ({ encoding: 'json' as const, value })
const binary = (bytes: Uint8Array) => ({ encoding: 'binary' as const, bytes })

const good = { id: 'p1', amount: '\u0001\u0000', at: 1700000000000, note: { string: 'hi' }, status: 'PAID', payer: { name: 'Ann', tags: ['a'] } }

describe('Avro payload validation', () => {
  const v = validator(PAYMENT)

  it('accepts a value in the JSON encoding: wrapped unions, decimal bytes as a string, timestamp-millis as a long, nested records, enums', () => {
    expect(v.validate(json(good))).toEqual([])
    expect(v.validate(json({ ...good, note: null }))).toEqual([])
  })

  it('points at what is wrong in the JSON encoding', () => {
    expect(v.validate(json({ ...good, at: '2024-01-01' }))).toEqual([{ path: '/at', message: expect.stringContaining('long') }])
    expect(v.validate(json({ ...good, note: 'bare' }))).toEqual([{ path: '/note', message: expect.stringContaining('union') }])
    expect(v.validate(json({ ...good, status: 'LOST' }))).toEqual([{ path: '/status', message: expect.stringContaining('Status') }])
    expect(v.validate(json({ ...good, payer: { name: 3, tags: ['a', 4] } })).map((e) => e.path)).toEqual(['/payer/name', '/payer/tags/1'])
    expect(v.validate(json({ ...good, amount: 12.5 }))).toEqual([{ path: '/amount', message: expect.any(String) }])
    expect(v.validate(json({ ...good, extra: 1 }))).toEqual([{ path: '/extra', message: expect.stringContaining('not a field') }])
    const { id: _id, ...missing } = good
    expect(v.validate(json(missing))).toEqual([{ path: '/id', message: expect.stringContaining('missing') }])
  })

  it('refuses a decimal with more digits than its precision, in both encodings, bytes and fixed', () => {
    // unscaled values as big-endian two's complement: 999999999 and -999999999 fit precision 9, 10^9 does not
    const nine = Buffer.from([0x3b, 0x9a, 0xc9, 0xff])
    const minusNine = Buffer.from([0xc4, 0x65, 0x36, 0x01])
    const ten = Buffer.from([0x3b, 0x9a, 0xca, 0x00])
    const minusTen = Buffer.from([0xc4, 0x65, 0x36, 0x00])
    const text = (b: Buffer) => String.fromCharCode(...b)
    expect(v.validate(json({ ...good, amount: text(nine) }))).toEqual([])
    expect(v.validate(json({ ...good, amount: text(minusNine) }))).toEqual([])
    expect(v.validate(json({ ...good, amount: text(ten) }))).toEqual([{ path: '/amount', message: "has 10 digits, more than the decimal's precision 9" }])
    expect(v.validate(json({ ...good, amount: text(minusTen) }))).toEqual([{ path: '/amount', message: expect.stringContaining('10 digits') }])
    const type = avsc.Type.forSchema(JSON.parse(PAYMENT) as avsc.Schema, { wrapUnions: true })
    expect(v.validate(binary(type.toBuffer({ ...good, amount: nine })))).toEqual([])
    expect(v.validate(binary(type.toBuffer({ ...good, amount: ten })))).toEqual([{ path: '', message: expect.stringContaining("more than the decimal's precision 9") }])
    const fixed = JSON.stringify({ type: 'record', name: 'F', fields: [{ name: 'd', type: { type: 'fixed', name: 'D4', size: 4, logicalType: 'decimal', precision: 3 } }] })
    expect(validator(fixed).validate(json({ d: text(Buffer.from([0, 0, 0x03, 0xe7])) }))).toEqual([])
    expect(validator(fixed).validate(json({ d: text(Buffer.from([0, 0, 0x03, 0xe8])) }))).toEqual([{ path: '/d', message: expect.stringContaining('4 digits') }])
  })

  it('decodes the binary encoding strictly: truncated, trailing and garbage bytes are errors', () => {
    const type = avsc.Type.forSchema(JSON.parse(PAYMENT) as avsc.Schema, { wrapUnions: true })
    const bytes = type.toBuffer({ ...good, amount: Buffer.from([1, 0]) })
    expect(v.validate(binary(bytes))).toEqual([])
    expect(v.validate(binary(bytes.subarray(0, bytes.length - 2)))).toEqual([{ path: '', message: expect.stringContaining('cannot be decoded') }])
    expect(v.validate(binary(Buffer.concat([bytes, Buffer.from([0])])))).toHaveLength(1)
    expect(v.validate(binary(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])))).toHaveLength(1)
  })

  it('stops at once on block counts no remaining bytes can hold (arrays and maps of any items)', () => {
    for (const items of ['null', 'string', { type: 'map', values: 'null' }]) {
      const schema = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'xs', type: { type: 'array', items } }] })
      const r = validator(schema)
      const started = Date.now()
      // a block count of 500,000,000 then one byte: stock avsc runs out of memory on these six bytes
      expect(r.validate(binary(Buffer.from([0x80, 0x94, 0xeb, 0xdc, 0x03, 0])))).toEqual([{ path: '', message: expect.stringContaining('cannot be decoded') }])
      // a count of 1000 strings with 3 bytes left
      expect(r.validate(binary(Buffer.from([0xd0, 0x0f, 2, 0x61, 0])))).toHaveLength(1)
      expect(Date.now() - started).toBeLessThan(1000)
    }
    const ok = validator(
      JSON.stringify({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'xs', type: { type: 'array', items: 'null' } },
          { name: 'm', type: { type: 'map', values: 'int' } },
        ],
      }),
    )
    const type = avsc.Type.forSchema({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'xs', type: { type: 'array', items: 'null' } },
        { name: 'm', type: { type: 'map', values: 'int' } },
      ],
    })
    expect(ok.validate(binary(type.toBuffer({ xs: new Array(5000).fill(null), m: { a: 1, b: 2 } })))).toEqual([])
  })

  it('resolves named types from references', () => {
    const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'com.acme', fields: [{ name: 'city', type: 'string' }] })
    const ref: ResolvedReference = { name: 'com.acme.Address', subject: 'address', version: 1, schemaType: 'AVRO', schema: address, references: [] }
    const customer = JSON.stringify({ type: 'record', name: 'Customer', namespace: 'com.acme', fields: [{ name: 'home', type: 'com.acme.Address' }] })
    const c = validator(customer, [ref])
    expect(c.validate(json({ home: { city: 'Oslo' } }))).toEqual([])
    expect(c.validate(json({ home: { city: 1 } }))).toEqual([{ path: '/home/city', message: expect.any(String) }])
  })

  it('refuses ?message= (a Protobuf choice)', () => {
    expect(() => avroFormat.compileValidator(avroFormat.parse(PAYMENT, [], { strict: true }), { message: 'x' })).toThrow(/only to Protobuf/)
  })
})
