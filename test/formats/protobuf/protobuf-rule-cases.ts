import type { LevelCase } from './protobuf-levels.js'

/** A case plus the incompatibility kinds the check must report (none when compatible). */
export interface RuleCase extends LevelCase {
  kinds: string[]
}

const p3 = (body: string, pkg = 'acme.v1'): string => `syntax = "proto3";\npackage ${pkg};\n${body}\n`
const p2 = (body: string): string => `syntax = "proto2";\npackage acme.v1;\n${body}\n`

const ok = (id: string, level: string, old: string, next: string, why: string): RuleCase => ({ id, level, history: [old], new: next, compatible: true, kinds: [], why })
const bad = (id: string, level: string, old: string, next: string, kinds: string[], why: string): RuleCase => ({ id, level, history: [old], new: next, compatible: false, kinds, why })

/** Every Protobuf rule of docs/COMPATIBILITY.md §7 that the shared case file does not exercise. */
export const RULE_CASES: RuleCase[] = [
  ok('enum-value-renamed-full', 'FULL', p3('enum E { E_UNSPECIFIED = 0; E_A = 1; }\nmessage M { E e = 1; }'), p3('enum E { E_UNSPECIFIED = 0; E_B = 1; }\nmessage M { E e = 1; }'), 'An enum value changed name (ENUM_CONST_CHANGED).'),
  ok('enum-value-removed-full', 'FULL', p3('enum E { E_UNSPECIFIED = 0; E_A = 1; }\nmessage M { E e = 1; }'), p3('enum E { E_UNSPECIFIED = 0; }\nmessage M { E e = 1; }'), 'An enum value was removed (ENUM_CONST_REMOVED).'),
  ok('field-renamed-full', 'FULL', p3('message M { string a = 1; }'), p3('message M { string b = 1; }'), 'Fields match by number; a new name is FIELD_NAME_CHANGED.'),
  ok('optional-string-to-repeated-full', 'FULL', p3('message M { optional string s = 1; }'), p3('message M { repeated string s = 1; }'), 'Label changes on string fields are compatible (FIELD_STRING_OR_BYTES_LABEL_CHANGED).'),
  ok('optional-message-to-repeated-full', 'FULL', p3('message M { optional N n = 1; }\nmessage N { int32 x = 1; }'), p3('message M { repeated N n = 1; }\nmessage N { int32 x = 1; }'), 'Labels of message fields are not compared.'),
  ok('oneof-gains-a-new-field-backward', 'BACKWARD', p3('message M { oneof o { string a = 1; } }'), p3('message M { oneof o { string a = 1; int32 b = 2; } }'), 'A new field in an existing oneof is ONEOF_FIELD_ADDED (FORWARD sees ONEOF_FIELD_REMOVED).'),
  bad('oneof-gains-a-new-field-forward', 'FORWARD', p3('message M { oneof o { string a = 1; } }'), p3('message M { oneof o { string a = 1; int32 b = 2; } }'), ['ONEOF_FIELD_REMOVED'], 'Seen from the new schema, the old oneof lost a member.'),
  ok('oneof-removed-without-survivors-backward', 'BACKWARD', p3('message M { int32 x = 1; oneof o { string a = 2; int32 b = 3; } }'), p3('message M { int32 x = 1; }'), 'A oneof deleted with all its members is ONEOF_REMOVED only.'),
  ok('field-moved-out-of-oneof-backward', 'BACKWARD', p3('message M { oneof o { string a = 1; string b = 2; } }'), p3('message M { string b = 2; oneof o { string a = 1; } }'), 'Leaving a oneof only relaxes exclusivity (ONEOF_FIELD_MOVED_TO_TOP_LEVEL).'),
  // Oneof moves as Confluent's MessageSchemaDiff judges them since it compares every field by tag across
  // the message (confluentinc/schema-registry PR 4385): a move that makes no new mutual exclusion is
  // compatible, one that joins fields from two groups is not, and a move never hides a type change.
  ok('field-moved-out-of-a-vanishing-oneof-backward', 'BACKWARD', p3('message M { int32 x = 1; oneof o { string a = 2; } }'), p3('message M { int32 x = 1; string a = 2; }'), 'ONEOF_REMOVED plus ONEOF_FIELD_MOVED_TO_TOP_LEVEL, both compatible.'),
  ok('field-moved-into-new-oneof-with-a-new-field-backward', 'BACKWARD', p3('message M { string a = 1; string b = 2; }'), p3('message M { string a = 1; oneof o { string b = 2; int32 c = 3; } }'), 'One existing field and a brand-new one share a new oneof: ONEOF_ADDED, ONEOF_FIELD_ADDED (Confluent fixture "Detect compatible field to oneof change").'),
  ok('field-moved-from-a-oneof-into-a-new-oneof-backward', 'BACKWARD', p3('message M { oneof a { string x = 1; string z = 3; } }'), p3('message M { oneof a { string z = 3; } oneof c { string x = 1; } }'), 'Its new oneof holds nothing else that existed: no new exclusion.'),
  bad('top-level-field-moved-into-existing-oneof-backward', 'BACKWARD', p3('message M { string x = 1; oneof o { string a = 2; } }'), p3('message M { oneof o { string a = 2; string x = 1; } }'), ['FIELD_MOVED_TO_EXISTING_ONEOF'], 'An independent field becomes exclusive with an existing member.'),
  bad('field-moved-between-existing-oneofs-backward', 'BACKWARD', p3('message M { oneof a { string x = 1; string z = 3; } oneof b { string y = 2; } }'), p3('message M { oneof a { string z = 3; } oneof b { string y = 2; string x = 1; } }'), ['FIELD_MOVED_TO_EXISTING_ONEOF'], 'Members of two original oneofs become exclusive.'),
  bad('field-moved-out-of-oneof-full', 'FULL', p3('message M { oneof o { string a = 1; string b = 2; } }'), p3('message M { string b = 2; oneof o { string a = 1; } }'), ['FIELD_MOVED_TO_EXISTING_ONEOF'], 'Compatible BACKWARD; the FORWARD half sees a top-level field moved into an existing oneof.'),
  bad('field-moved-out-of-oneof-with-type-change-backward', 'BACKWARD', p3('message M { oneof o { string a = 1; int32 b = 2; } }'), p3('message M { string b = 2; oneof o { string a = 1; } }'), ['FIELD_SCALAR_KIND_CHANGED'], 'The move does not hide a change of kind.'),
  bad('oneof-renamed-with-member-type-change-backward', 'BACKWARD', p3('message M { oneof o { string a = 1; int32 b = 2; } }'), p3('message M { oneof p { string a = 1; string b = 2; } }'), ['FIELD_SCALAR_KIND_CHANGED'], 'A renamed oneof does not hide a change of kind.'),
  bad('oneof-renamed-dropping-a-member-backward', 'BACKWARD', p3('message M { oneof o { string a = 1; string b = 2; } }'), p3('message M { oneof p { string a = 1; } }'), ['ONEOF_FIELD_REMOVED'], 'A oneof whose members partly survive under a new name lost the others.'),
  ok('bool-to-int32-full', 'FULL', p3('message M { bool f = 1; }'), p3('message M { int32 f = 1; }'), 'bool is a general number.'),
  ok('fixed32-to-sfixed32-full', 'FULL', p3('message M { fixed32 f = 1; }'), p3('message M { sfixed32 f = 1; }'), 'fixed32 and sfixed32 form one group.'),
  ok('fixed64-to-sfixed64-full', 'FULL', p3('message M { fixed64 f = 1; }'), p3('message M { sfixed64 f = 1; }'), 'fixed64 and sfixed64 form one group.'),
  ok('unchanged-imported-type-full', 'FULL', p3('import "google/protobuf/timestamp.proto";\nmessage M { google.protobuf.Timestamp t = 1; }'), p3('import "google/protobuf/timestamp.proto";\nmessage M { google.protobuf.Timestamp t = 1; }'), 'A well-known type is compared with itself.'),
  ok('recursive-message-full', 'FULL', p3('message Node { string v = 1; repeated Node children = 2; }'), p3('message Node { string v = 1; repeated Node children = 2; int32 depth = 3; }'), 'Recursive types end the recursion.'),

  bad('package-changed-backward', 'BACKWARD', p3('message M { int32 x = 1; }', 'acme.v1'), p3('message M { int32 x = 1; }', 'acme.v2'), ['PACKAGE_CHANGED'], 'The package changed.'),
  bad('message-moved-to-another-parent-backward', 'BACKWARD', p3('message A { int32 x = 1; }\nmessage B { int32 y = 1; }'), p3('message B { int32 y = 1; message A { int32 x = 1; } }'), ['MESSAGE_REMOVED'], 'A message moved into another message is removed from its old scope.'),
  bad('message-removed-in-second-message-backward', 'BACKWARD', p3('message A { int32 x = 1; }\nmessage B { int32 y = 1; message C { int32 z = 1; } }'), p3('message A { int32 x = 1; }\nmessage B { int32 y = 1; }'), ['MESSAGE_REMOVED'], 'The whole file is compared, nested messages too.'),
  bad('second-message-kind-change-backward', 'BACKWARD', p3('message A { int32 x = 1; }\nmessage B { int32 y = 1; }'), p3('message A { int32 x = 1; }\nmessage B { string y = 1; }'), ['FIELD_SCALAR_KIND_CHANGED'], 'Every message of a multi-message file is compared.'),
  bad('scalar-to-map-backward', 'BACKWARD', p3('message M { string f = 1; }'), p3('message M { map<string, string> f = 1; }'), ['FIELD_KIND_CHANGED'], 'A scalar became a map.'),
  bad('message-to-map-backward', 'BACKWARD', p3('message M { N f = 1; }\nmessage N { string key = 1; string value = 2; }'), p3('message M { map<string, string> f = 1; }\nmessage N { string key = 1; string value = 2; }'), ['FIELD_KIND_CHANGED'], 'A message field became a map.'),
  bad('sint32-to-int32-backward', 'BACKWARD', p3('message M { sint32 f = 1; }'), p3('message M { int32 f = 1; }'), ['FIELD_SCALAR_KIND_CHANGED'], 'Zigzag and plain varints are different groups.'),
  bad('message-type-renamed-backward', 'BACKWARD', p3('message M { A f = 1; }\nmessage A { int32 x = 1; }\nmessage B { int32 x = 1; }'), p3('message M { B f = 1; }\nmessage A { int32 x = 1; }\nmessage B { int32 x = 1; }'), ['FIELD_NAMED_TYPE_CHANGED'], "A field's message type changed by local name."),
  bad('repeated-int32-to-optional-proto2-forward', 'FORWARD', p2('message M { optional int32 f = 1; }'), p2('message M { repeated int32 f = 1; }'), ['FIELD_NUMERIC_LABEL_CHANGED'], 'Numeric label changes fail in both directions.'),
  bad('enum-field-label-changed-backward', 'BACKWARD', p3('enum E { E0 = 0; }\nmessage M { optional E e = 1; }'), p3('enum E { E0 = 0; }\nmessage M { repeated E e = 1; }'), ['FIELD_NUMERIC_LABEL_CHANGED'], 'An enum field is numeric: its label must not change.'),
  bad('required-field-added-backward', 'BACKWARD', p2('message M { optional int32 a = 1; }'), p2('message M { optional int32 a = 1; required string b = 2; }'), ['REQUIRED_FIELD_ADDED'], 'Old data lacks the new required field.'),
  bad('required-field-removed-backward', 'BACKWARD', p2('message M { optional int32 a = 1; required string b = 2; }'), p2('message M { optional int32 a = 1; }'), ['REQUIRED_FIELD_REMOVED'], 'A required field was removed.'),
  bad('oneofs-merged-backward', 'BACKWARD', p3('message M { oneof a { string x = 1; } oneof b { string y = 2; } }'), p3('message M { oneof a { string x = 1; string y = 2; } }'), ['FIELD_MOVED_TO_EXISTING_ONEOF'], 'Members of two original oneofs become mutually exclusive.'),
  bad('two-fields-moved-into-new-oneof-backward', 'BACKWARD', p3('message M { string x = 1; string y = 2; }'), p3('message M { oneof o { string x = 1; string y = 2; } }'), ['MULTIPLE_FIELDS_MOVED_TO_ONEOF'], 'Two independent fields become mutually exclusive.'),
  bad('map-value-group-changed-backward', 'BACKWARD', p3('message M { map<string, int32> m = 1; }'), p3('message M { map<string, string> m = 1; }'), ['FIELD_SCALAR_KIND_CHANGED'], 'Map values compare like scalars.'),
  bad('map-key-group-changed-backward', 'BACKWARD', p3('message M { map<int32, string> m = 1; }'), p3('message M { map<string, string> m = 1; }'), ['FIELD_SCALAR_KIND_CHANGED'], 'Map keys compare like scalars.'),
  bad('map-value-message-type-renamed-backward', 'BACKWARD', p3('message M { map<string, A> m = 1; }\nmessage A {}\nmessage B {}'), p3('message M { map<string, B> m = 1; }\nmessage A {}\nmessage B {}'), ['FIELD_NAMED_TYPE_CHANGED'], 'A map value message type compares by local name.'),
]
