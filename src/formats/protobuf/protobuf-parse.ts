import { emptyMessage, type ProtoFile } from './protobuf-model.js'
import { parseEnum, parseExtend, parseMessage, parseService } from './protobuf-parse-message.js'
import { parseOptionStatement } from './protobuf-parse-options.js'
import { TokenStream, binaryToText } from './protobuf-token-stream.js'
import { tokenize } from './protobuf-tokenize.js'

/** `syntax = "proto3";` must come first; without it a file is proto2, as protoc says. */
const parseSyntax = (ts: TokenStream): void => {
  if (ts.is('edition') && ts.is('=', 1)) ts.fail('Protobuf editions are not supported (use syntax "proto2" or "proto3")')
  if (!ts.is('syntax') || !ts.is('=', 1)) return
  ts.next()
  ts.next()
  const t = ts.peek()
  const value = binaryToText(ts.stringBytes('"proto2" or "proto3"'))
  if (value !== 'proto2' && value !== 'proto3') ts.failAt(t ?? { line: 1 }, `unknown syntax "${value}" (expected "proto2" or "proto3")`)
  ts.syntax = value
  ts.expect(';')
}

const parseImport = (ts: TokenStream, file: ProtoFile): void => {
  const line = ts.line()
  ts.expect('import')
  const modifier = ts.accept('public') ? 'public' : ts.accept('weak') ? 'weak' : undefined
  const path = binaryToText(ts.stringBytes('an import path'))
  ts.expect(';')
  file.imports.push(modifier ? { path, line, modifier } : { path, line })
}

const parsePackage = (ts: TokenStream, file: ProtoFile): void => {
  ts.expect('package')
  if (file.package !== undefined) ts.fail('multiple package declarations')
  const name = ts.typeName('a package name')
  if (name.startsWith('.')) ts.fail(`invalid package name "${name}"`)
  file.package = name
  ts.expect(';')
}

const parseTopLevel = (ts: TokenStream, file: ProtoFile, holder: ReturnType<typeof emptyMessage>): void => {
  if (ts.accept(';')) return
  const t = ts.peek()
  switch (t?.kind === 'ident' ? t.text : '') {
    case 'import':
      return parseImport(ts, file)
    case 'package':
      return parsePackage(ts, file)
    case 'option':
      ts.next()
      file.options.push(parseOptionStatement(ts))
      return
    case 'message':
      file.messages.push(parseMessage(ts, 1))
      return
    case 'enum':
      file.enums.push(parseEnum(ts))
      return
    case 'service':
      file.services.push(parseService(ts))
      return
    case 'extend':
      return parseExtend(ts, holder, 1)
    case 'syntax':
      return ts.fail('the syntax declaration must be the first statement')
    default:
      return ts.unexpected('"message", "enum", "service", "extend", "import", "package" or "option"')
  }
}

/**
 * Parses `.proto` source into the model, with names still as written (resolution is separate,
 * because imports must be loaded first). Throws INVALID_SCHEMA saying what is wrong and where.
 */
export const parseProtoText = (text: string, path: string, strict: boolean): ProtoFile => {
  const ts = new TokenStream(tokenize(text), strict)
  parseSyntax(ts)
  const file: ProtoFile = {
    path,
    syntax: ts.syntax,
    imports: [],
    options: [],
    messages: [],
    enums: [],
    services: [],
    extensions: [],
  }
  // File-level extends put their fields (and groups' message types) here.
  const holder = emptyMessage('')
  holder.messages = file.messages
  holder.extensions = file.extensions
  while (!ts.atEnd()) parseTopLevel(ts, file, holder)
  return file
}
