import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'

const ORDER = `syntax = "proto3";
package shop.v1;

message Order {
  string id = 1;
  int32 amount = 2;
  map<string, string> labels = 3;
  oneof payment {
    string card = 4;
    string iban = 5;
  }
  Line line = 6;
  message Line {
    string sku = 1;
    Kind kind = 2;
    enum Kind {
      KIND_UNSPECIFIED = 0;
      BOOK = 1;
    }
  }
}

message Refund {
  string order_id = 1;
}
`

const parsed = protobufFormat.parse(ORDER, [], { strict: true })
const validator = (message?: string) => protobufFormat.compileValidator(parsed, message === undefined ? {} : { message })
const json = (value: unknown) => ({ encoding: 'json' as const, value })
const binary = (bytes: Uint8Array) => ({ encoding: 'binary' as const, bytes })
const reflected = protobuf.parse(ORDER, { keepCase: true }).root

describe('Protobuf payload validation', () => {
  it('reads the canonical JSON mapping of the first message: oneof, maps, nested messages and enums by name', () => {
    const v = validator()
    expect(v.validate(json({ id: 'o1', amount: 3, labels: { a: 'b' }, card: '4111', line: { sku: 's', kind: 'BOOK' } }))).toEqual([])
  })

  it('refuses unknown fields, wrong types, two members of a oneof and unknown enum names', () => {
    const v = validator()
    expect(v.validate(json({ id: 'o1', colour: 'red' }))).toEqual([{ path: '/colour', message: expect.stringContaining('not a field') }])
    expect(v.validate(json({ amount: 'many' }))).toEqual([{ path: '/amount', message: expect.stringContaining('integer') }])
    expect(v.validate(json({ card: '1', iban: '2' }))).toHaveLength(1)
    expect(v.validate(json({ line: { kind: 'DVD' } }))).toEqual([{ path: '/line/kind', message: expect.stringContaining('DVD') }])
    expect(v.validate(json({ line: { sku: 's', size: 1 } }))).toEqual([{ path: '/line/size', message: expect.stringContaining('not a field') }])
    expect(v.validate(json({ labels: { a: 1 } }))).toHaveLength(1)
  })

  it('reports every invalid field, not only the first: nested fields, list items and map values at their own place', () => {
    const paths = (errors: { path: string }[]) => errors.map((e) => e.path)
    const v = validator()
    const errors = v.validate(json({ id: 5, amount: 'many', colour: 'red', line: { kind: 'DVD', size: 1 }, labels: { a: 'ok', b: 2 } }))
    expect(paths(errors)).toEqual(['/id', '/amount', '/colour', '/line/kind', '/line/size', '/labels/b'])
    expect(errors.find((e) => e.path === '/line/kind')?.message).toContain('DVD')
    const lines = protobufFormat.compileValidator(
      protobufFormat.parse(
        'syntax = "proto3";\nmessage Batch {\n  repeated Line lines = 1;\n  map<string, Line> by_id = 2;\n  repeated string tags = 3;\n}\nmessage Line {\n  string sku = 1;\n  int32 qty = 2;\n}\n',
        [],
        { strict: true },
      ),
      {},
    )
    expect(lines.validate(json({ lines: [{ sku: 's' }, { qty: 'x' }, { sku: 3, qty: 1.5 }], by_id: { a: { sku: 's' }, b: { qty: 'y' } }, tags: ['a', 2] }))).toEqual([
      { path: '/lines/1/qty', message: expect.any(String) },
      { path: '/lines/2/sku', message: expect.any(String) },
      { path: '/lines/2/qty', message: expect.any(String) },
      { path: '/by_id/b/qty', message: expect.any(String) },
      { path: '/tags/1', message: expect.any(String) },
    ])
    // a value of the wrong shape for its field is reported at the field
    expect(lines.validate(json({ lines: 'nope', tags: ['ok'] }))).toEqual([{ path: '/lines', message: expect.any(String) }])
    // a valid payload costs one parse: nothing is reported
    expect(lines.validate(json({ lines: [{ sku: 's', qty: 2 }], by_id: {}, tags: [] }))).toEqual([])
  })

  it('checks a message chosen by full name, nested ones included', () => {
    expect(validator('shop.v1.Order.Line').validate(json({ sku: 's', kind: 1 }))).toEqual([])
    expect(validator('shop.v1.Refund').validate(json({ order_id: 'x' }))).toEqual([])
    expect(validator('shop.v1.Refund').validate(json({ id: 'x' }))).toHaveLength(1)
    expect(() => validator('shop.v1.Nope')).toThrow(/no message 'shop.v1.Nope'/)
  })

  it('decodes the binary encoding; truncated and garbage bytes are errors', () => {
    const Order = reflected.lookupType('shop.v1.Order')
    const bytes = Order.encode(Order.fromObject({ id: 'o1', amount: 3, labels: { a: 'b' }, iban: 'DE1', line: { sku: 's', kind: 1 } })).finish()
    const v = validator()
    expect(v.validate(binary(bytes))).toEqual([])
    expect(v.validate(binary(bytes.subarray(0, bytes.length - 3)))).toEqual([{ path: '', message: expect.stringContaining('cannot be decoded') }])
    expect(v.validate(binary(Buffer.from([0xff, 0xff, 0xff, 0xff])))).toHaveLength(1)
  })

  it("reads Confluent's message indexes", () => {
    expect(protobufFormat.readWirePayload(parsed, Buffer.from([0, 9]))).toEqual({ message: 'shop.v1.Order', payload: Buffer.from([9]) })
    // count 1, index 1 (zigzag 2): the second top-level message
    expect(protobufFormat.readWirePayload(parsed, Buffer.from([2, 2, 9])).message).toBe('shop.v1.Refund')
    // count 2, indexes 0 and 1 (the map entry is nested type 0, Line is 1)
    expect(protobufFormat.readWirePayload(parsed, Buffer.from([4, 0, 2])).message).toBe('shop.v1.Order.Line')
    expect(() => protobufFormat.readWirePayload(parsed, Buffer.from([2, 8]))).toThrow(/no message/)
    expect(() => protobufFormat.readWirePayload(parsed, Buffer.from([4, 0]))).toThrow(/truncated/)
  })
})
