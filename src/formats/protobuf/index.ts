import type { FormatPlugin, ParsedSchema } from '../format-plugin.js'
import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import { printFile } from './protobuf-canonical.js'
import { checkProtobufReadable } from './protobuf-compatibility.js'
import { encodeBase64Descriptor } from './protobuf-descriptor-write.js'
import { listImports } from './protobuf-imports.js'
import { compileProtobufValidator, readMessageIndexes } from './protobuf-payload.js'
import { loadSchema, type ProtoSchema } from './protobuf-schema.js'

/** Confluent names the main file of a serialized schema `default`; clients rename imports by path. */
const MAIN_FILE_NAME = 'default'

const schemaOf = (parsed: ParsedSchema): ProtoSchema => {
  if (parsed.type !== 'PROTOBUF') throw invalidSchema(`Not a Protobuf schema: ${parsed.type}`)
  return parsed.value as ProtoSchema
}

/** The plugin contract: only RegistryError leaves it, whatever the input. */
const guarded = <T>(what: string, run: () => T): T => {
  try {
    return run()
  } catch (e) {
    if (isRegistryError(e)) throw e
    throw invalidSchema(`Invalid Protobuf schema: cannot ${what}: ${e instanceof Error ? e.message : String(e)}`, e)
  }
}

/**
 * Protobuf: `.proto` text (proto2, proto3) or base64 of a serialized FileDescriptorProto in, one
 * canonical `.proto` text out; compatibility by field number as Confluent's protobuf diff decides.
 */
export const protobufFormat: FormatPlugin = {
  type: 'PROTOBUF',
  fileExtension: 'proto',
  parse: (text, references, { strict }) => ({ type: 'PROTOBUF', value: loadSchema(text, references, strict) }),
  canonical: (parsed, { normalize }) =>
    guarded('print the schema', () => {
      const schema = schemaOf(parsed)
      return printFile(schema.main, schema.table, normalize)
    }),
  checkReadable: ({ reader, writer, options }) => guarded('compare the schemas', () => checkProtobufReadable(schemaOf(reader), schemaOf(writer), options?.policy === 'LOGICAL')),
  // Confluent's hasTopLevelField: the fields (oneof members included) of the file's top-level messages
  fieldNames: (parsed) => schemaOf(parsed).main.messages.flatMap((m) => m.fields.map((f) => f.name)),
  render: (parsed, format) =>
    format === 'serialized' ? guarded('serialize the schema', () => encodeBase64Descriptor(schemaOf(parsed).main, MAIN_FILE_NAME, schemaOf(parsed).table)) : undefined,
  compileValidator: (parsed, options) => guarded('compile a validator', () => compileProtobufValidator(schemaOf(parsed), options)),
  readWirePayload: (parsed, bytes) => readMessageIndexes(schemaOf(parsed), bytes),
  fileImports: (text) => guarded('read the imports', () => listImports(text)),
}

/** A proto.lock document as the `.proto` text the status check compares (docs/EXTENSIONS.md §7). */
export { protoLockSchema } from './protobuf-lock.js'
