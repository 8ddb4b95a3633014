import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The files every schema may import without a reference, as Confluent's registry provides them.
 * Only their types matter (imports are compared and resolved, never printed), so file options are
 * left out. descriptor.proto, api.proto, type.proto and source_context.proto are read from protobufjs.
 */

const WRAPPERS = ['Double:double', 'Float:float', 'Int64:int64', 'UInt64:uint64', 'Int32:int32', 'UInt32:uint32', 'Bool:bool', 'String:string', 'Bytes:bytes']
  .map((w) => {
    const [name, type] = w.split(':')
    return `message ${name}Value { ${type} value = 1; }`
  })
  .join('\n')

const proto3 = (pkg: string, body: string, imports: string[] = []): string => `syntax = "proto3";\npackage ${pkg};\n${imports.map((i) => `import "${i}";\n`).join('')}${body}\n`

const GOOGLE_PROTOBUF: Record<string, string> = {
  'any.proto': proto3('google.protobuf', 'message Any { string type_url = 1; bytes value = 2; }'),
  'duration.proto': proto3('google.protobuf', 'message Duration { int64 seconds = 1; int32 nanos = 2; }'),
  'empty.proto': proto3('google.protobuf', 'message Empty {}'),
  'field_mask.proto': proto3('google.protobuf', 'message FieldMask { repeated string paths = 1; }'),
  'struct.proto': proto3(
    'google.protobuf',
    `message Struct { map<string, Value> fields = 1; }
message Value {
  oneof kind {
    NullValue null_value = 1; double number_value = 2; string string_value = 3;
    bool bool_value = 4; Struct struct_value = 5; ListValue list_value = 6;
  }
}
enum NullValue { NULL_VALUE = 0; }
message ListValue { repeated Value values = 1; }`,
  ),
  'timestamp.proto': proto3('google.protobuf', 'message Timestamp { int64 seconds = 1; int32 nanos = 2; }'),
  'wrappers.proto': proto3('google.protobuf', WRAPPERS),
}

const enumOf = (name: string, values: string[]): string => `enum ${name} { ${values.map((v, i) => `${v} = ${i};`).join(' ')} }`

const GOOGLE_TYPE: Record<string, string> = {
  'calendar_period.proto': proto3('google.type', enumOf('CalendarPeriod', ['CALENDAR_PERIOD_UNSPECIFIED', 'DAY', 'WEEK', 'FORTNIGHT', 'MONTH', 'QUARTER', 'HALF', 'YEAR'])),
  'color.proto': proto3('google.type', 'message Color { float red = 1; float green = 2; float blue = 3; google.protobuf.FloatValue alpha = 4; }', [
    'google/protobuf/wrappers.proto',
  ]),
  'date.proto': proto3('google.type', 'message Date { int32 year = 1; int32 month = 2; int32 day = 3; }'),
  'datetime.proto': proto3(
    'google.type',
    `message DateTime {
  int32 year = 1; int32 month = 2; int32 day = 3; int32 hours = 4; int32 minutes = 5; int32 seconds = 6; int32 nanos = 7;
  oneof time_offset { google.protobuf.Duration utc_offset = 8; TimeZone time_zone = 9; }
}
message TimeZone { string id = 1; string version = 2; }`,
    ['google/protobuf/duration.proto'],
  ),
  'dayofweek.proto': proto3('google.type', enumOf('DayOfWeek', ['DAY_OF_WEEK_UNSPECIFIED', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'])),
  'decimal.proto': proto3('google.type', 'message Decimal { string value = 1; }'),
  'expr.proto': proto3('google.type', 'message Expr { string expression = 1; string title = 2; string description = 3; string location = 4; }'),
  'fraction.proto': proto3('google.type', 'message Fraction { int64 numerator = 1; int64 denominator = 2; }'),
  'interval.proto': proto3('google.type', 'message Interval { google.protobuf.Timestamp start_time = 1; google.protobuf.Timestamp end_time = 2; }', [
    'google/protobuf/timestamp.proto',
  ]),
  'latlng.proto': proto3('google.type', 'message LatLng { double latitude = 1; double longitude = 2; }'),
  'localized_text.proto': proto3('google.type', 'message LocalizedText { string text = 1; string language_code = 2; }'),
  'money.proto': proto3('google.type', 'message Money { string currency_code = 1; int64 units = 2; int32 nanos = 3; }'),
  'month.proto': proto3(
    'google.type',
    enumOf('Month', ['MONTH_UNSPECIFIED', 'JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER']),
  ),
  'phone_number.proto': proto3(
    'google.type',
    `message PhoneNumber {
  oneof kind { string e164_number = 1; ShortCode short_code = 2; }
  string extension = 3;
  message ShortCode { string region_code = 1; string number = 2; }
}`,
  ),
  'postal_address.proto': proto3(
    'google.type',
    `message PostalAddress {
  int32 revision = 1; string region_code = 2; string language_code = 3; string postal_code = 4;
  string sorting_code = 5; string administrative_area = 6; string locality = 7; string sublocality = 8;
  repeated string address_lines = 9; repeated string recipients = 10; string organization = 11;
}`,
  ),
  'quaternion.proto': proto3('google.type', 'message Quaternion { double x = 1; double y = 2; double z = 3; double w = 4; }'),
  'timeofday.proto': proto3('google.type', 'message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; }'),
}

const CONFLUENT_META = proto3(
  'confluent',
  `message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }`,
  ['google/protobuf/descriptor.proto'],
)

const CONFLUENT_DECIMAL = proto3('confluent.type', 'message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }')

/** Files shipped with protobufjs, read once on first use. */
const FROM_PROTOBUFJS = new Set(['descriptor.proto', 'api.proto', 'type.proto', 'source_context.proto'])
const requireFromHere = createRequire(import.meta.url)
const cache = new Map<string, string>()

const readProtobufjsFile = (name: string): string => {
  const cached = cache.get(name)
  if (cached !== undefined) return cached
  const text = readFileSync(requireFromHere.resolve(`protobufjs/google/protobuf/${name}`), 'utf8')
  cache.set(name, text)
  return text
}

/** The text of a built-in import, or `undefined` when the path is not one. */
export const wellKnownFile = (path: string): string | undefined => {
  if (path === 'confluent/meta.proto') return CONFLUENT_META
  // The JavaScript client ships the same file as confluent/types/decimal.proto.
  if (path === 'confluent/type/decimal.proto' || path === 'confluent/types/decimal.proto') return CONFLUENT_DECIMAL
  if (path.startsWith('google/type/')) return GOOGLE_TYPE[path.slice('google/type/'.length)]
  if (!path.startsWith('google/protobuf/')) return undefined
  const name = path.slice('google/protobuf/'.length)
  if (FROM_PROTOBUFJS.has(name)) return readProtobufjsFile(name)
  return GOOGLE_PROTOBUF[name]
}
