import { describe, expect, it } from 'vitest'
import { isRegistryError } from '../../../src/errors/registry-error.js'
import { canonical, parse, rejection } from './protobuf-helpers.js'

const ORDER = `syntax = "proto3";
package acme.orders.v1;

message Order {
  string order_id = 1;
  int64 total_cents = 2;
}
`

describe('Protobuf parsing', () => {
  it('accepts proto3 text', () => {
    expect(canonical(ORDER)).toBe(ORDER)
  })

  it('reads a file without a syntax statement as proto2', () => {
    expect(canonical('message A { optional int32 x = 1; required string y = 2; }')).toBe(
      'syntax = "proto2";\n\nmessage A {\n  optional int32 x = 1;\n  required string y = 2;\n}\n',
    )
  })

  it('accepts proto2 groups, extensions and defaults', () => {
    const text = `syntax = "proto2";
message A {
  optional int32 x = 1 [default = -3];
  repeated group Item = 2 { optional string name = 1; }
  extensions 100 to max;
}
extend A { optional string note = 100; }`
    const out = canonical(text)
    expect(out).toContain('optional int32 x = 1 [default = -3];')
    expect(out).toContain('repeated group Item = 2 {\n    optional string name = 1;\n  }')
    expect(out).toContain('extensions 100 to max;')
    expect(out).toContain('extend A {\n  optional string note = 100;\n}')
  })

  it('accepts proto3 optional fields, maps, oneofs, nested types, enums and services', () => {
    const text = `syntax = "proto3";
package p;
message M {
  optional string a = 1;
  map<string, Inner> by_key = 2;
  oneof choice { int32 b = 3; Inner c = 4; }
  message Inner { Kind kind = 1; }
  enum Kind { KIND_UNSPECIFIED = 0; KIND_A = 1; }
}
service S { rpc Get (M) returns (stream M.Inner); }`
    const out = canonical(text)
    expect(out).toContain('optional string a = 1;')
    expect(out).toContain('map<string, Inner> by_key = 2;')
    expect(out).toContain('oneof choice {\n    int32 b = 3;\n    Inner c = 4;\n  }')
    expect(out).toContain('rpc Get (M) returns (stream M.Inner);')
  })

  it('accepts base64 of a serialized FileDescriptorProto', () => {
    const b64 = 'CgdhLnByb3RvEgFwIg4KAU0SCQoBeBgBIAEoBWIGcHJvdG8z' // name a.proto, package p, message M { int32 x = 1; }
    expect(canonical(b64)).toBe('syntax = "proto3";\npackage p;\n\nmessage M {\n  int32 x = 1;\n}\n')
  })

  it('tells a nested extend block from a field whose type is named like a keyword', () => {
    const text =
      'syntax = "proto2";\npackage p;\nmessage A { extensions 10 to 20; }\nmessage B { extend .p.A { optional int32 e = 10; } optional message message = 1; }\nmessage message {}'
    const out = canonical(text)
    expect(out).toContain('extend A {\n    optional int32 e = 10;\n  }')
    expect(out).toContain('optional message message = 1;')
  })

  it('rejects a syntax error saying what was expected and where', () => {
    expect(rejection('syntax = "proto3";\nmessage A {\n  int32 x = 1\n}')).toMatch(/expected ";" but found "}" at line 4, column 1/)
    expect(rejection('syntax = "proto3";\nmessage A { int32 x = 1; ')).toMatch(/expected "}" to close message "A"/)
    expect(rejection('syntax = "proto4";')).toMatch(/unknown syntax "proto4"/)
    expect(rejection('message A { string s = 1 [default = "unterminated]; }')).toMatch(/unterminated string at line 1/)
  })

  it('rejects an unresolved type, naming the type and the field', () => {
    expect(rejection('syntax = "proto3";\npackage p;\nmessage A {\n  Missing m = 1;\n}')).toMatch(/type "Missing" is not defined, used by field "m" in p.A \(line 4\)/)
  })

  it('rejects an import that is neither built in nor a reference', () => {
    expect(rejection('syntax = "proto3";\nimport "other.proto";\nmessage A { int32 x = 1; }')).toMatch(
      /import "other.proto" is not a known file and no reference is named "other.proto" \(line 2\)/,
    )
  })

  it('rejects a field number used twice', () => {
    expect(rejection('syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  string y = 1;\n}')).toMatch(/field number 1 is used by both "x" and "y" in message A \(line 4\)/)
    expect(rejection('syntax = "proto3";\nmessage A { int32 x = 1; oneof o { string y = 1; } }')).toMatch(/field number 1 is used by both "x" and "y"/)
  })

  it('rejects a name declared twice in one scope', () => {
    expect(rejection('syntax = "proto3";\nmessage A { int32 x = 1; string x = 2; }')).toMatch(/duplicate name "x" in message A/)
    expect(rejection('syntax = "proto3";\nmessage A { int32 x = 1; }\nmessage A { int32 y = 1; }')).toMatch(/"A" is defined more than once/)
    expect(rejection('syntax = "proto3";\nenum E { A = 0; A = 1; }')).toMatch(/duplicate name "A" in enum E/)
  })

  it('rejects a reserved number or name in use', () => {
    expect(rejection('syntax = "proto3";\nmessage A {\n  reserved 2, 5 to 9;\n  int32 x = 6;\n}')).toMatch(/field "x" in message A uses reserved number 6 \(line 4\)/)
    expect(rejection('syntax = "proto3";\nmessage A { reserved "x"; int32 x = 1; }')).toMatch(/field "x" in message A uses a reserved name/)
    expect(rejection('syntax = "proto3";\nenum E { reserved 1; A = 0; B = 1; }')).toMatch(/value "B" in enum E uses reserved number 1/)
    expect(rejection('syntax = "proto3";\nmessage A { int32 x = 19001; }')).toMatch(/Protobuf reserves \(19000 to 19999\)/)
  })

  it('rejects what proto3 forbids', () => {
    expect(rejection('syntax = "proto3";\nmessage A { required int32 x = 1; }')).toMatch(/required fields are not allowed in proto3/)
    expect(rejection('syntax = "proto3";\nenum E { A = 1; }')).toMatch(/the first value of enum E must be 0 in proto3/)
    expect(rejection('syntax = "proto3";\nmessage A { int32 x = 1 [default = 2]; }')).toMatch(/default values are not allowed in proto3/)
  })

  it('rejects enum aliases unless allow_alias is set', () => {
    expect(rejection('syntax = "proto3";\nenum E { A = 0; B = 0; }')).toMatch(/"B" uses the same number 0 as "A" in enum E/)
    expect(() => parse('syntax = "proto3";\nenum E { option allow_alias = true; A = 0; B = 0; }')).not.toThrow()
  })

  it('rejects a default that does not fit the field type', () => {
    expect(rejection('message A { optional int32 x = 1 [default = "a"]; }')).toMatch(/does not match the type int32/)
    expect(rejection('enum E { A = 0; } message M { optional E e = 1 [default = B]; }')).toMatch(/default value "B" of field "e" in message M is not a value of enum E/)
  })

  it('rejects an unknown built-in option or a value of the wrong type', () => {
    expect(rejection('syntax = "proto3";\noption java_pakage = "x";')).toMatch(/unknown option "java_pakage" in the file/)
    expect(rejection('syntax = "proto3";\nmessage A { int32 x = 1 [deprecated = "yes"]; }')).toMatch(/invalid value for option "deprecated" in field A.x: expected true or false/)
    expect(rejection('syntax = "proto3";\noption optimize_for = FASTEST;')).toMatch(/invalid value for option "optimize_for" in the file/)
    expect(() => parse('syntax = "proto3";\nmessage A { int32 x = 1 [(unknown.custom) = 5]; }')).not.toThrow()
  })

  it('rejects Protobuf editions, which it does not support', () => {
    expect(rejection('edition = "2023";\nmessage A {}')).toMatch(/editions are not supported/)
  })

  it('accepts unresolved names and missing imports when parsing a stored schema leniently', () => {
    const text = 'syntax = "proto3";\nimport "gone.proto";\nmessage A { Gone g = 1; }'
    expect(() => parse(text, [], false)).not.toThrow()
  })

  it('throws nothing but INVALID_SCHEMA for mangled input', () => {
    const seedTexts = [ORDER, 'syntax = "proto2"; message A { optional group G = 1 { optional int32 x = 1 [default = 0x7f]; } }']
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let i = 0; i < 400; i++) {
      const base = seedTexts[i % seedTexts.length] as string
      const cut = Math.floor(random() * base.length)
      const inputs = [base.slice(0, cut), base.slice(0, cut) + '{[(<"' + base.slice(cut), Buffer.from(base.slice(cut)).toString('base64')]
      for (const input of inputs) {
        try {
          parse(input)
        } catch (e) {
          expect(isRegistryError(e) && e.kind).toBe('INVALID_SCHEMA')
        }
      }
    }
  })

  it('rejects deeply nested input quickly instead of hanging', () => {
    const deep = 'syntax = "proto3";\n' + 'message A { '.repeat(5000) + '}'.repeat(5000)
    const started = Date.now()
    expect(rejection(deep)).toMatch(/nested too deeply/)
    expect(rejection('syntax = "proto3"; option (x) = ' + '{ a '.repeat(5000))).toMatch(/nested too deeply|expected/)
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
