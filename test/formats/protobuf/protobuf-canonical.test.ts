import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'
import { canonical, descriptorOf, descriptorWithMeta, parse } from './protobuf-helpers.js'

interface Case {
  id: string
  history: string[]
  new: string
}

const CASES = JSON.parse(readFileSync('test/fixtures/conformance/protobuf.json', 'utf8')) as Case[]

describe('Protobuf canonical form', () => {
  it('ignores whitespace, comments and option order', () => {
    const a = `syntax = "proto3"; package p;
// a comment
option java_package = "com.p"; option go_package = "p";
message A { /* block */ int32 x = 1 [deprecated = true, json_name = "ex"]; }`
    const b = `syntax="proto3";package p;option go_package="p";option java_package="com.p";
message A{int32 x=1[json_name="ex",deprecated=true];}`
    expect(canonical(a)).toBe(canonical(b))
    expect(canonical(a)).toBe(`syntax = "proto3";
package p;

option go_package = "p";
option java_package = "com.p";

message A {
  int32 x = 1 [
    deprecated = true,
    json_name = "ex"
  ];
}
`)
  })

  it('gives the .proto text and its base64 descriptor the same canonical text', () => {
    for (const c of CASES) {
      for (const text of [...c.history, c.new]) expect(canonical(descriptorOf(text)), c.id).toBe(canonical(text))
    }
  })

  it('gives the text and the descriptor the same canonical text for proto2 defaults, groups, maps and options', () => {
    const text = `syntax = "proto2";
package shop;
import "google/protobuf/timestamp.proto";
option java_multiple_files = true;
option optimize_for = CODE_SIZE;
message Item {
  required string sku = 1;
  optional int32 qty = 2 [default = 1];
  optional double price = 3 [default = 1.50];
  optional Kind kind = 4 [default = BOOK];
  map<string, int64> counts = 5;
  optional google.protobuf.Timestamp at = 6;
  enum Kind { BOOK = 1; TOY = 2; }
  reserved 10 to 12;
}`
    expect(canonical(descriptorOf(text))).toBe(canonical(text))
    expect(canonical(text)).toContain('optional double price = 3 [default = 1.5];')
  })

  it('spells one number, one string and one type name the same way however they were written', () => {
    const a = 'syntax = "proto2"; package p; message A { optional int32 x = 1 [default = 0x10]; optional B b = 2; } message B {}'
    const b = 'syntax = "proto2"; package p; message A { optional int32 x = 1 [default = 16]; optional .p.B b = 2; } message B {}'
    expect(canonical(a)).toBe(canonical(b))
  })

  it('keeps the declaration order of messages and fields', () => {
    const text = 'syntax = "proto3";\n\nmessage Z {\n  int32 b = 2;\n  int32 a = 1;\n}\nmessage A {\n  int32 x = 1;\n}\n'
    expect(canonical(text)).toBe(text)
  })

  it('keeps reserved ranges and names, oneofs, nested types, services and extensions', () => {
    const text = `syntax = "proto2";
package p;

message A {
  reserved 4, 8 to 10;
  reserved "old";

  optional string s = 1;

  oneof pick {
    int32 i = 2;
    string t = 3;
  }

  extensions 100 to 199;

  message Inner {
    optional int32 v = 1;
  }
  enum E {
    E0 = 0;
  }
}

extend A {
  optional int32 ext = 100;
}

service S {
  rpc Call (A) returns (A.Inner);
}
`
    expect(canonical(text)).toBe(text)
  })

  it('prints the shortest type name that still resolves to the same type', () => {
    const text = `syntax = "proto3";
package a.b;
message Outer {
  message Inner { int32 x = 1; }
  .a.b.Outer.Inner one = 1;
  a.b.Outer.Inner two = 2;
}
message Inner { string y = 1; }
message Other { Outer.Inner three = 1; .a.b.Inner four = 2; }`
    const out = canonical(text)
    expect(out).toContain('  Inner one = 1;\n  Inner two = 2;')
    expect(out).toContain('  Outer.Inner three = 1;\n  Inner four = 2;')
  })

  it('normalizes as Confluent does: fields by number, full type names, sorted imports and reserved ranges', () => {
    const text = `syntax = "proto3";
package p;
import "google/protobuf/wrappers.proto";
import "google/protobuf/timestamp.proto";
message A {
  reserved 9, 3 to 4;
  google.protobuf.Timestamp at = 2;
  string id = 1;
  oneof o { string z = 7; int32 y = 6; }
  map<string, B> bs = 5;
}
message B { google.protobuf.StringValue v = 1; }
enum E { E0 = 0; E2 = 2; E1 = 1; }`
    expect(canonical(text, true)).toBe(`syntax = "proto3";
package p;

import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

message A {
  reserved 3 to 4;
  reserved 9;

  string id = 1;
  .google.protobuf.Timestamp at = 2;
  map<string, .p.B> bs = 5;

  oneof o {
    int32 y = 6;
    string z = 7;
  }
}
message B {
  .google.protobuf.StringValue v = 1;
}
enum E {
  E0 = 0;
  E1 = 1;
  E2 = 2;
}
`)
  })

  it('normalizes a text and its descriptor to the same text', () => {
    for (const c of CASES) expect(canonical(descriptorOf(c.new), true), c.id).toBe(canonical(c.new, true))
  })

  it('leaves out the proto2 syntax line when normalizing, as Confluent does', () => {
    expect(canonical('syntax = "proto2"; message A { optional int32 x = 1; }', true)).toBe('message A {\n  optional int32 x = 1;\n}\n')
  })

  it('merges custom option paths into one aggregate, the form a descriptor carries', () => {
    const text = `syntax = "proto3";
import "confluent/meta.proto";
message A {
  string x = 1 [(confluent.field_meta).tags = "PII", (confluent.field_meta).doc = "the x"];
}`
    const merged = 'string x = 1 [(confluent.field_meta) = {\n    doc: "the x",\n    tags: "PII"\n  }];'
    expect(canonical(text)).toContain(merged)
    expect(canonical(text, true)).toContain(merged)
    expect(canonical(text)).toBe(
      canonical(text.replace('(confluent.field_meta).tags = "PII", (confluent.field_meta).doc = "the x"', '(confluent.field_meta) = { doc: "the x" tags: ["PII"] }')),
    )
  })

  it('reads custom options out of a descriptor as the text writes them', () => {
    const text = `syntax = "proto3";
package acme;
import "confluent/meta.proto";
option (confluent.file_meta) = { doc: "orders" };
message A {
  string x = 1 [(confluent.field_meta) = { doc: "the x", tags: ["PII", "GDPR"], params: { key: "k", value: "v" } }];
}`
    expect(canonical(descriptorWithMeta())).toBe(canonical(text))
  })

  it('is a fixed point: the canonical text of a canonical text is itself', () => {
    for (const c of CASES) {
      for (const normalize of [false, true]) {
        const once = canonical(c.new, normalize)
        expect(canonical(once, normalize), c.id).toBe(once)
      }
    }
  })

  it('keeps everything through its own serialized descriptor: groups, extensions, custom options, services', () => {
    const text = `syntax = "proto2";
package a.b;
import "google/protobuf/descriptor.proto";
option java_package = "x";
option optimize_for = SPEED;
message A {
  reserved 7, 9 to 11, 100 to max;
  reserved "q";
  option deprecated = true;
  optional int32 x = 1 [default = 0x10, json_name = "xx", deprecated = true];
  map<string, A> m = 2;
  optional group G = 3 { optional string s = 1; }
  extensions 1000 to 1999;
  oneof o { string a = 4; B b = 5; }
  enum E { option allow_alias = true; Z = 0; ZZ = 0 [deprecated = true]; }
  message B { optional E e = 1 [default = ZZ]; optional bytes by = 2 [default = "\\001ab"]; }
}
extend A { optional int32 e = 1000; }
extend google.protobuf.FieldOptions { optional string my_opt = 50000; }
message C { optional A.B ab = 1 [(my_opt) = "hi"]; repeated double d = 2 [packed = true]; }
service S { rpc M (A) returns (stream C); rpc N (stream A) returns (C) { option deprecated = true; } }`
    const b64 = protobufFormat.render(parse(text), 'serialized') as string
    expect(canonical(b64)).toBe(canonical(text))
    expect(canonical(b64, true)).toBe(canonical(text, true))
  })

  it('drops a JSON name equal to the default one', () => {
    expect(canonical('syntax = "proto3"; message A { int32 order_id = 1 [json_name = "orderId"]; }')).toContain('int32 order_id = 1;')
  })
})
