import { describe, expect, it } from 'vitest'
import type { Incompatibility, ParsedSchema } from '../../../src/formats/format-plugin.js'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'
import { confluentDifference } from '../../../src/http/dialects/confluent/compatibility-messages.js'
import { parse, ref } from './protobuf-helpers.js'
import { applyLevel } from './protobuf-levels.js'
import { RULE_CASES } from './protobuf-rule-cases.js'

const readable = (reader: ParsedSchema, writer: ParsedSchema) => protobufFormat.checkReadable({ reader, writer, options: { policy: 'STRICT' } })
/** Confluent's text of a finding, in a BACKWARD check (the new schema reads) or a FORWARD one. */
const text = (i: Incompatibility | undefined, direction: 'backward' | 'forward' = 'backward') => confluentDifference({ ...i!, direction })

describe('Protobuf compatibility rules', () => {
  for (const c of RULE_CASES) {
    it(`${c.id}: ${c.why}`, () => {
      const found = applyLevel(c)
      expect(found.length === 0, JSON.stringify(found, null, 2)).toBe(c.compatible)
      expect([...new Set(found.map((f) => f.kind))]).toEqual(c.kinds)
    })
  }

  it('reports the kind, the path and the description with role placeholders; Confluent words them', () => {
    const old = parse('syntax = "proto3";\npackage b;\nmessage Invoice { int64 amount = 1; }\nmessage CreditNote { string id = 1; }')
    const next = parse('syntax = "proto3";\npackage b;\nmessage Invoice { double amount = 1; }')
    const found = readable(next, old)
    expect(found).toEqual([
      {
        kind: 'FIELD_SCALAR_KIND_CHANGED',
        path: '#/Invoice/1',
        description: "The kind of a SCALAR field at path '#/Invoice/1' in the {reader} schema does not match its kind in the {writer} schema",
      },
      {
        kind: 'MESSAGE_REMOVED',
        path: '#/CreditNote',
        description: "The {reader} schema is missing a MESSAGE type at path '#/CreditNote' in the {writer} schema",
      },
    ])
    expect(found.map((i) => text(i))).toEqual([
      `{errorType:"FIELD_SCALAR_KIND_CHANGED", description:"The kind of a SCALAR field at path '#/Invoice/1' in the new schema does not match its kind in the old schema"}`,
      `{errorType:"MESSAGE_REMOVED", description:"The new schema is missing a MESSAGE type at path '#/CreditNote' in the old schema"}`,
    ])
  })

  it('words a FORWARD finding with the roles swapped', () => {
    const old = parse('syntax = "proto3";\npackage b;\nmessage Invoice { int64 amount = 1; }\nmessage CreditNote { string id = 1; }')
    const next = parse('syntax = "proto3";\npackage b;\nmessage Invoice { double amount = 1; }')
    // FORWARD: the stored schema reads data of the one being registered.
    const forward = readable(old, next)
    expect(forward.map((i) => [i.kind, i.path])).toEqual([['FIELD_SCALAR_KIND_CHANGED', '#/Invoice/1']])
    expect(text(forward[0], 'forward')).toBe(
      `{errorType:"FIELD_SCALAR_KIND_CHANGED", description:"The kind of a SCALAR field at path '#/Invoice/1' in the old schema does not match its kind in the new schema"}`,
    )
  })

  it('swaps the roles for removals and oneof moves in a FORWARD check', () => {
    // The stored schema holds in a oneof a field the new one takes out of it, and lacks a new message.
    const older = parse('syntax = "proto3";\nmessage M { oneof o { string a = 2; int32 x = 1; } }')
    const newer = parse('syntax = "proto3";\nmessage M { int32 x = 1; oneof o { string a = 2; } }\nmessage N { }')
    expect(readable(older, newer).map((f) => text(f, 'forward'))).toEqual([
      expect.stringContaining("A field in the oneof at path '#/M/o' in the old schema is outside an existing oneof in the new schema"),
      expect.stringContaining("The old schema is missing a MESSAGE type at path '#/N' in the new schema"),
    ])
  })

  it('puts oneof members under the oneof in the path', () => {
    const old = parse('syntax = "proto3";\nmessage M { oneof pay { string card = 2; string iban = 3; } }')
    const next = parse('syntax = "proto3";\nmessage M { oneof pay { string card = 2; } }')
    expect(readable(next, old).map((f) => f.path)).toEqual(['#/M/pay/3'])
  })

  it('recurses into an imported message type whose reference changed, and reports it under its local name', () => {
    const v1 = 'syntax = "proto3";\npackage acme.common;\nmessage Address { string zip = 1; }\n'
    const v2 = 'syntax = "proto3";\npackage acme.common;\nmessage Address { int64 zip = 1; }\n'
    const text = 'syntax = "proto3";\nimport "address.proto";\nmessage Customer { acme.common.Address address = 1; }'
    const old = parse(text, [ref('address.proto', v1, [], 1)])
    const next = parse(text, [ref('address.proto', v2, [], 2)])
    expect(readable(next, old).map((f) => [f.kind, f.path])).toEqual([
      ['FIELD_SCALAR_KIND_CHANGED', '#/Address/1'],
      ['FIELD_NAMED_TYPE_CHANGED', '#/Customer/1'],
    ])
  })

  it('does not compare an imported type taken from the same subject version on both sides', () => {
    const text = 'syntax = "proto3";\nimport "address.proto";\nmessage Customer { acme.common.Address address = 1; }'
    const address = ref('address.proto', 'syntax = "proto3";\npackage acme.common;\nmessage Address { string zip = 1; }\n')
    expect(readable(parse(text, [address]), parse(text, [address]))).toEqual([])
  })

  it('sees a message moved into an import as removed', () => {
    const common = ref('common.proto', 'syntax = "proto3";\npackage acme.common;\nmessage Money { int64 cents = 1; }\n')
    const old = parse('syntax = "proto3";\npackage acme.common;\nmessage Money { int64 cents = 1; }\nmessage Order { Money total = 1; }')
    const next = parse('syntax = "proto3";\npackage acme.common;\nimport "common.proto";\nmessage Order { Money total = 1; }', [common])
    expect(readable(next, old).map((f) => f.kind)).toEqual(['MESSAGE_REMOVED'])
  })

  it('compares a schema given as a descriptor like its text', () => {
    const old = parse('syntax = "proto3";\nmessage M { int32 x = 1; }')
    const next = parse(protobufFormat.render(parse('syntax = "proto3";\nmessage M { string x = 1; }'), 'serialized') as string)
    expect(readable(next, old).map((f) => f.kind)).toEqual(['FIELD_SCALAR_KIND_CHANGED'])
  })

  it('finds nothing between a schema and itself', () => {
    const text = 'syntax = "proto3";\nmessage A { oneof o { int32 x = 1; } map<string, A> m = 2; }'
    expect(readable(parse(text), parse(text))).toEqual([])
  })
})
