import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { protoLockSchema, protobufFormat } from '../../../src/formats/protobuf/index.js'
import { canonical, parse } from './protobuf-helpers.js'

// docs/EXTENSIONS.md §7: a proto.lock (protolock's JSON, hand-written from its parse.go) turned into .proto text

const LOCK = JSON.parse(readFileSync('test/fixtures/status/proto.lock', 'utf8')) as { definitions: unknown[] }

// orders.proto as the lock describes it, without the options protolock cannot carry faithfully
const ORDERS = `syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
enum Currency { reserved 3; reserved "GBP"; CURRENCY_UNSPECIFIED = 0; EUR = 1; USD = 2; }
message Order {
  reserved 8, 11, 12;
  reserved "legacy_total";
  string id = 1; int64 amount = 2; Currency currency = 3; repeated Line lines = 4; Status status = 5; optional string note = 6;
  oneof payment { string card = 9; string iban = 10; }
  map<string, string> labels = 7;
  message Line { reserved 3; string sku = 1; int32 quantity = 2; }
  enum Status { option allow_alias = true; STATUS_UNSPECIFIED = 0; OPEN = 1; PAID = 2; SETTLED = 2; }
}
message OrderPlaced { Order order = 1; google.protobuf.Timestamp at = 2; }
`

describe('proto.lock to Protobuf text', () => {
  it('writes the definition back with nested messages and enums, maps, oneofs and reserved ranges', () => {
    const text = protoLockSchema(LOCK, parse(ORDERS))
    expect(canonical(text)).toBe(canonical(ORDERS))
  })

  it('picks the definition declaring the live messages, or the only one', () => {
    const customers = 'syntax = "proto3";\npackage shop.v1;\nmessage Customer {\n  string id = 1;\n  string email = 2;\n}\n'
    expect(canonical(protoLockSchema(LOCK, parse(customers)))).toBe(canonical(customers))
    expect(canonical(protoLockSchema({ definitions: [LOCK.definitions[0]] }, undefined))).toBe(canonical(customers))
    expect(() => protoLockSchema(LOCK, undefined)).toThrow(/none of its 2 definitions declares a message of the live schema \(none\)/)
  })

  it('makes a lock with required fields proto2 and labels its other fields optional', () => {
    const lock = {
      definitions: [
        {
          def: {
            messages: [
              {
                name: 'A',
                fields: [
                  { id: 1, name: 'a', type: 'int32', required: true },
                  { id: 2, name: 'b', type: 'string' },
                ],
              },
            ],
          },
        },
      ],
    }
    const text = protoLockSchema(lock, undefined)
    expect(text).toContain('syntax = "proto2";')
    expect(canonical(text)).toBe(canonical('syntax = "proto2";\nmessage A {\n  required int32 a = 1;\n  optional string b = 2;\n}\n'))
  })

  it('skips extend blocks, which protolock lists as messages named after their extendee', () => {
    const lock = {
      definitions: [
        {
          def: {
            messages: [
              { name: 'A', fields: [{ id: 1, name: 'a', type: 'int32' }] },
              { name: 'google.protobuf.FieldOptions', fields: [{ id: 50000, name: 'x', type: 'string' }] },
            ],
          },
        },
      ],
    }
    expect(protoLockSchema(lock, undefined)).not.toContain('FieldOptions')
  })

  it('refuses what is no lock, with the place it went wrong', () => {
    const bad: [unknown, RegExp][] = [
      [null, /Invalid proto\.lock: the document/],
      [{ definitions: [] }, /definitions/],
      [{ definitions: [{ def: { messages: [{ name: 'A', fields: [{ id: 0, name: 'a', type: 'int32' }] }] } }] }, /definitions\.0\.def\.messages\.0\.fields\.0\.id/],
      [{ definitions: [{ def: { messages: [{ name: 'A', fields: [{ id: 1, name: 'a b', type: 'int32' }] }] } }] }, /fields\.0\.name: not a Protobuf identifier/],
      [{ definitions: [{ def: { enums: [{ name: 'Nowhere.E', enum_fields: [{ name: 'X' }] }] } }] }, /the enum Nowhere\.E names no message/],
      [{ definitions: [{ protopath: 'a:/:b.proto', def: {} }] }, /a\/b\.proto declares no message or enum/],
    ]
    for (const [doc, message] of bad) {
      expect(() => protoLockSchema(doc, undefined), JSON.stringify(doc)).toThrow(message)
      try {
        protoLockSchema(doc, undefined)
      } catch (e) {
        expect((e as { kind?: string }).kind).toBe('INVALID_SCHEMA')
      }
    }
    // a definition that names an unknown type is text the plugin refuses like any schema
    const unknownType = protoLockSchema({ definitions: [{ def: { messages: [{ name: 'A', fields: [{ id: 1, name: 'a', type: 'Missing' }] }] } }] }, undefined)
    expect(() => protobufFormat.parse(unknownType, [], { strict: true })).toThrow(/Missing/)
  })
})
