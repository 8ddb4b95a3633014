import { MAX_FIELD_NUMBER, emptyEnum, emptyMessage, type EnumDef, type FieldDef, type MessageDef, type MethodDef, type ServiceDef } from './protobuf-model.js'
import { parseField, parseGroup, parseMapField, parseRange, parseReserved, readLabel, typeRef, type FieldPlace } from './protobuf-parse-fields.js'
import { parseBracketOptions, parseOptionStatement } from './protobuf-parse-options.js'
import { MAX_DEPTH, TokenStream } from './protobuf-token-stream.js'
import { canonicalInt } from './protobuf-values.js'

const ENUM_MAX = 2_147_483_647

/** True when `keyword Name {` starts a nested declaration rather than a field of that type. */
const startsBlock = (ts: TokenStream, keyword: string): boolean => ts.is(keyword) && ts.peek(1)?.kind === 'ident' && ts.is('{', 2)

const parseFieldOrGroup = (ts: TokenStream, place: FieldPlace, depth: number): FieldDef => {
  if (ts.is('map') && ts.is('<', 1)) return parseMapField(ts, place)
  const label = readLabel(ts)
  if (ts.is('group') && ts.peek(1)?.kind === 'ident' && ts.is('=', 2)) {
    return parseGroup(ts, label, place, (s, msg) => parseMessageBody(s, msg, depth + 1))
  }
  return parseField(ts, label, place)
}

const parseOneof = (ts: TokenStream, msg: MessageDef, depth: number): void => {
  const line = ts.line()
  ts.expect('oneof')
  const index = msg.oneofs.length
  const oneof = { name: ts.ident('a oneof name'), line, options: [] as MessageDef['options'] }
  msg.oneofs.push(oneof)
  ts.expect('{')
  while (!ts.accept('}')) {
    if (ts.accept(';')) continue
    if (ts.accept('option')) oneof.options.push(parseOptionStatement(ts))
    else msg.fields.push(parseFieldOrGroup(ts, { holder: msg, oneof: index }, depth))
  }
}

/** `extend Foo { ... }`: the fields become extensions of the enclosing scope. */
export const parseExtend = (ts: TokenStream, holder: MessageDef, depth: number): void => {
  ts.expect('extend')
  const extendee = typeRef(ts.typeName('an extended message name'))
  ts.expect('{')
  while (!ts.accept('}')) {
    if (ts.accept(';')) continue
    holder.extensions.push(parseFieldOrGroup(ts, { holder, extendee }, depth))
  }
}

const parseExtensions = (ts: TokenStream, msg: MessageDef): void => {
  ts.expect('extensions')
  const ranges = []
  do ranges.push(parseRange(ts, MAX_FIELD_NUMBER))
  while (ts.accept(','))
  const options = parseBracketOptions(ts)
  ts.expect(';')
  for (const r of ranges) msg.extensionRanges.push({ ...r, options })
}

const parseMessageStatement = (ts: TokenStream, msg: MessageDef, depth: number): void => {
  if (ts.accept(';')) return
  if (ts.accept('option')) msg.options.push(parseOptionStatement(ts))
  else if (startsBlock(ts, 'message')) msg.messages.push(parseMessage(ts, depth + 1))
  else if (startsBlock(ts, 'enum')) msg.enums.push(parseEnum(ts))
  else if (startsBlock(ts, 'oneof')) parseOneof(ts, msg, depth)
  else if (ts.is('extend') && (ts.peek(1)?.kind === 'ident' || ts.is('.', 1)) && !ts.is('=', 2)) parseExtend(ts, msg, depth)
  else if (ts.is('extensions') && ts.peek(1)?.kind === 'int') parseExtensions(ts, msg)
  else if (ts.is('reserved') && (ts.peek(1)?.kind === 'int' || ts.peek(1)?.kind === 'string')) {
    ts.next()
    parseReserved(ts, msg, MAX_FIELD_NUMBER)
  } else msg.fields.push(parseFieldOrGroup(ts, { holder: msg }, depth))
}

/** The statements of a message body up to and including its closing brace. */
export const parseMessageBody = (ts: TokenStream, msg: MessageDef, depth: number): void => {
  if (depth > MAX_DEPTH) ts.fail('messages nested too deeply')
  while (!ts.accept('}')) {
    if (ts.atEnd()) ts.fail(`expected "}" to close message "${msg.name}" but reached the end of the schema`)
    parseMessageStatement(ts, msg, depth)
  }
}

export const parseMessage = (ts: TokenStream, depth: number): MessageDef => {
  const line = ts.line()
  ts.expect('message')
  const msg = emptyMessage(ts.ident('a message name'), line)
  ts.expect('{')
  parseMessageBody(ts, msg, depth)
  return msg
}

const parseEnumValue = (ts: TokenStream, en: EnumDef): void => {
  const line = ts.line()
  const name = ts.ident('an enum value name')
  ts.expect('=')
  const negative = ts.accept('-')
  const t = ts.next('an enum value number')
  const n = t.kind === 'int' ? Number(canonicalInt((negative ? '-' : '') + t.text) ?? NaN) : NaN
  if (!Number.isInteger(n) || n > ENUM_MAX || n < -ENUM_MAX - 1) ts.failAt(t, `invalid enum value number "${t.text}"`)
  en.values.push({ name, number: n === 0 ? 0 : n, line, options: parseBracketOptions(ts) })
  ts.expect(';')
}

export const parseEnum = (ts: TokenStream): EnumDef => {
  const line = ts.line()
  ts.expect('enum')
  const en = emptyEnum(ts.ident('an enum name'), line)
  ts.expect('{')
  while (!ts.accept('}')) {
    if (ts.atEnd()) ts.fail(`expected "}" to close enum "${en.name}" but reached the end of the schema`)
    if (ts.accept(';')) continue
    if (ts.accept('option')) en.options.push(parseOptionStatement(ts))
    else if (ts.is('reserved') && !ts.is('=', 1)) {
      ts.next()
      parseReserved(ts, en, ENUM_MAX)
    } else parseEnumValue(ts, en)
  }
  return en
}

const parseRpcType = (ts: TokenStream): { streaming: boolean; name: string } => {
  ts.expect('(')
  const streaming = ts.is('stream') && !ts.is(')', 1) && !ts.is('.', 1)
  if (streaming) ts.next()
  const name = ts.typeName('a message type')
  ts.expect(')')
  return { streaming, name }
}

const parseRpc = (ts: TokenStream): MethodDef => {
  const line = ts.line()
  ts.expect('rpc')
  const name = ts.ident('a method name')
  const input = parseRpcType(ts)
  ts.expect('returns')
  const output = parseRpcType(ts)
  const method: MethodDef = {
    name,
    line,
    input: { written: input.name },
    output: { written: output.name },
    clientStreaming: input.streaming,
    serverStreaming: output.streaming,
    options: [],
  }
  if (ts.accept('{')) {
    while (!ts.accept('}')) {
      if (ts.accept(';')) continue
      ts.expect('option')
      method.options.push(parseOptionStatement(ts))
    }
    ts.accept(';')
  } else ts.expect(';')
  return method
}

export const parseService = (ts: TokenStream): ServiceDef => {
  const line = ts.line()
  ts.expect('service')
  const service: ServiceDef = { name: ts.ident('a service name'), line, methods: [], options: [] }
  ts.expect('{')
  while (!ts.accept('}')) {
    if (ts.atEnd()) ts.fail(`expected "}" to close service "${service.name}" but reached the end of the schema`)
    if (ts.accept(';')) continue
    if (ts.accept('option')) service.options.push(parseOptionStatement(ts))
    else service.methods.push(parseRpc(ts))
  }
  return service
}
