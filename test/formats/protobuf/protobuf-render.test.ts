import { createFileRegistry, fromBinary, getExtension } from '@bufbuild/protobuf'
import { field_meta } from '@confluentinc/schemaregistry/dist/confluent/meta_pb.js'
import { FileDescriptorProtoSchema, file_google_protobuf_timestamp } from '@bufbuild/protobuf/wkt'
import { describe, expect, it } from 'vitest'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'
import { canonical, parse } from './protobuf-helpers.js'

const TEXT = `syntax = "proto3";
package acme.orders.v1;

import "google/protobuf/timestamp.proto";

message Order {
  string order_id = 1;
  optional int64 total_cents = 2;
  map<string, Line> lines = 3;
  google.protobuf.Timestamp placed_at = 4;

  oneof payment {
    string card = 5;
    string iban = 6;
  }

  message Line {
    int32 qty = 1;
    Status status = 2;
  }
}
enum Status {
  STATUS_UNSPECIFIED = 0;
}
`

const serialized = (text: string): string => protobufFormat.render(parse(text), 'serialized') as string

describe('Protobuf serialized rendering', () => {
  it('answers base64 of the FileDescriptorProto for ?format=serialized', () => {
    const d = fromBinary(FileDescriptorProtoSchema, Buffer.from(serialized(TEXT), 'base64'))
    expect(d.name).toBe('default')
    expect(d.package).toBe('acme.orders.v1')
    expect(d.dependency).toEqual(['google/protobuf/timestamp.proto'])
    const order = d.messageType[0]
    expect(order?.field.map((f) => [f.name, f.number, f.typeName])).toEqual([
      ['order_id', 1, ''],
      ['total_cents', 2, ''],
      ['lines', 3, '.acme.orders.v1.Order.LinesEntry'],
      ['placed_at', 4, '.google.protobuf.Timestamp'],
      ['card', 5, ''],
      ['iban', 6, ''],
    ])
    expect(order?.field[1]?.proto3Optional).toBe(true)
    expect(order?.oneofDecl.map((o) => o.name)).toEqual(['payment', '_total_cents'])
    expect(order?.nestedType.map((m) => [m.name, m.options?.mapEntry ?? false])).toEqual([
      ['LinesEntry', true],
      ['Line', false],
    ])
  })

  it('round-trips: the rendered descriptor parses back to the same canonical text', () => {
    expect(canonical(serialized(TEXT))).toBe(canonical(TEXT))
    expect(canonical(serialized(TEXT), true)).toBe(canonical(TEXT, true))
  })

  it('renders a descriptor that a Protobuf runtime can load with its imports', () => {
    const d = fromBinary(FileDescriptorProtoSchema, Buffer.from(serialized(TEXT), 'base64'))
    const registry = createFileRegistry(d, (name) => (name === 'google/protobuf/timestamp.proto' ? file_google_protobuf_timestamp : undefined))
    const order = registry.getMessage('acme.orders.v1.Order')
    expect(order?.fields.map((f) => f.name)).toEqual(['order_id', 'total_cents', 'lines', 'placed_at', 'card', 'iban'])
    expect(order?.field.lines?.fieldKind).toBe('map')
  })

  it('writes custom options as the extension fields a client reads them from', () => {
    const text = `syntax = "proto3";
import "confluent/meta.proto";
message A {
  string ssn = 1 [(confluent.field_meta).tags = "PII", (confluent.field_meta).doc = "social security number"];
}`
    const d = fromBinary(FileDescriptorProtoSchema, Buffer.from(serialized(text), 'base64'))
    const options = d.messageType[0]?.field[0]?.options
    expect(options && getExtension(options, field_meta)).toMatchObject({ doc: 'social security number', tags: ['PII'] })
    expect(canonical(serialized(text))).toBe(canonical(text))
  })

  it('renders no other format', () => {
    expect(protobufFormat.render(parse(TEXT), 'json')).toBeUndefined()
    expect(protobufFormat.render(parse(TEXT), 'ignore_extensions')).toBeUndefined()
  })
})
