import { describe, expect, it } from 'vitest'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'
import { canonical, parse, ref, rejection } from './protobuf-helpers.js'

const ADDRESS = 'syntax = "proto3";\npackage acme.common;\n\nmessage Address {\n  string street = 1;\n}\n'

describe('Protobuf imports', () => {
  it('resolves an import through a reference named by its path', () => {
    const text = 'syntax = "proto3";\npackage acme.crm;\n\nimport "address.proto";\n\nmessage Customer {\n  acme.common.Address address = 1;\n}\n'
    expect(canonical(text, false, [ref('address.proto', ADDRESS)])).toBe(text)
  })

  it("resolves a reference's own references", () => {
    const geo = 'syntax = "proto3";\npackage acme.geo;\nmessage Point { double lat = 1; double lon = 2; }\n'
    const address = 'syntax = "proto3";\npackage acme.common;\nimport "geo.proto";\nmessage Address { acme.geo.Point at = 1; }\n'
    const text = 'syntax = "proto3";\nimport "address.proto";\nimport "geo.proto";\nmessage C { acme.common.Address a = 1; acme.geo.Point p = 2; }'
    const refs = [ref('address.proto', address, [ref('geo.proto', geo)])]
    expect(() => parse(text, refs)).not.toThrow()
  })

  it('accepts a reference given as base64 of its descriptor', () => {
    const d = protobufFormat.render(parse(ADDRESS), 'serialized') as string
    const text = 'syntax = "proto3";\nimport "address.proto";\nmessage C { acme.common.Address a = 1; }'
    expect(() => parse(text, [ref('address.proto', d)])).not.toThrow()
  })

  it('resolves well-known imports without references', () => {
    const text = `syntax = "proto3";
import "google/protobuf/any.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/descriptor.proto";
import "google/type/date.proto";
import "google/type/money.proto";
import "google/type/latlng.proto";
import "google/type/timeofday.proto";
import "google/type/decimal.proto";
import "confluent/meta.proto";
import "confluent/type/decimal.proto";
message All {
  google.protobuf.Any any = 1;
  google.protobuf.Timestamp ts = 2;
  google.protobuf.Duration d = 3;
  google.protobuf.Int64Value w = 4;
  google.protobuf.Struct s = 5;
  google.protobuf.Empty e = 6;
  google.protobuf.FieldMask fm = 7;
  google.protobuf.FileDescriptorProto fd = 8;
  google.type.Date date = 9;
  google.type.Money money = 10;
  google.type.LatLng where = 11;
  google.type.TimeOfDay tod = 12;
  google.type.Decimal dec = 13;
  confluent.type.Decimal amount = 14 [(confluent.field_meta).doc = "amount"];
}`
    expect(() => parse(text)).not.toThrow()
  })

  it('prefers a reference over the built-in file of the same name', () => {
    const own = 'syntax = "proto3";\npackage google.type;\nmessage Date { string iso = 1; }\n'
    const text = 'syntax = "proto3";\nimport "google/type/date.proto";\nmessage A { google.type.Date d = 1; }'
    expect(() => parse(text, [ref('google/type/date.proto', own)])).not.toThrow()
  })

  it('rejects a type that the referenced file does not define', () => {
    const text = 'syntax = "proto3";\nimport "address.proto";\nmessage C { acme.common.Street s = 1; }'
    expect(rejection(text, [ref('address.proto', ADDRESS)])).toMatch(/type "acme.common.Street" .*not defined/)
  })

  it('rejects an import missing from a reference, naming the file that imports it', () => {
    const address = 'syntax = "proto3";\nimport "geo.proto";\nmessage Address { string s = 1; }\n'
    const text = 'syntax = "proto3";\nimport "address.proto";\nmessage C { Address a = 1; }'
    expect(rejection(text, [ref('address.proto', address)])).toMatch(/import "geo.proto" is not a known file .* \(imported by address.proto\)/)
  })

  it('rejects a name defined both in the schema and in an import', () => {
    const text = 'syntax = "proto3";\npackage acme.common;\nimport "address.proto";\nmessage Address { int32 x = 1; }'
    expect(rejection(text, [ref('address.proto', ADDRESS)])).toMatch(/"acme.common.Address" is defined more than once \(already defined in address.proto\)/)
  })
})
