import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import { SCHEMA_TYPE_MISMATCH, type CheckOptions, type FormatPlugin, type Incompatibility, type ParsedSchema } from '../format-plugin.js'
import { writeCanonical, writeResolved } from './avro-canonical.js'
import { ResolutionError, resolutionFindings } from './avro-compatibility.js'
import { logicalFindings } from './avro-logical.js'
import { toIncompatibility, unexpectedFailure } from './avro-messages.js'
import { avroFieldNames, type AvroParsed } from './avro-model.js'
import { parseAvro } from './avro-parse.js'
import { compileAvroValidator } from './avro-payload.js'

/** Turns anything but a RegistryError (a stack overflow on absurd input, a bug) into INVALID_SCHEMA. */
const guarded = <T>(what: string, run: () => T): T => {
  try {
    return run()
  } catch (e) {
    if (isRegistryError(e)) throw e
    throw invalidSchema(`Invalid Avro schema: ${what} failed (${e instanceof Error ? e.message : String(e)})`, e)
  }
}

const avroValue = (parsed: ParsedSchema): AvroParsed => {
  if (parsed.type !== 'AVRO') throw invalidSchema(`Expected an Avro schema, got ${parsed.type}`)
  return parsed.value as AvroParsed
}

const checkReadable = (reader: ParsedSchema, writer: ParsedSchema, options: CheckOptions): Incompatibility[] => {
  if (writer.type !== 'AVRO') {
    return [{ kind: SCHEMA_TYPE_MISMATCH, path: '/', description: 'Incompatible because of different schema type' }]
  }
  const r = avroValue(reader)
  const w = avroValue(writer)
  try {
    const native = resolutionFindings(r, w).map(toIncompatibility)
    // LOGICAL adds its rules to Avro's own, never relaxes them (Confluent's LogicalPolicyChecker)
    return options?.policy === 'LOGICAL' ? [...native, ...logicalFindings(r, w)] : native
  } catch (e) {
    if (e instanceof ResolutionError) return [unexpectedFailure(e.message)]
    throw e
  }
}

export const avroFormat: FormatPlugin = {
  type: 'AVRO',
  fileExtension: 'avsc',
  parse: (text, references, options) => guarded('parsing', () => ({ type: 'AVRO', value: parseAvro(text, references, options) })),
  canonical: (parsed, options) => guarded('printing', () => writeCanonical(avroValue(parsed), options)),
  checkReadable: ({ reader, writer, options }) => guarded('the compatibility check', () => checkReadable(reader, writer, options)),
  fieldNames: (parsed) => avroFieldNames(avroValue(parsed)),
  // Confluent serves `format=resolved` for Avro: referenced types written out in place.
  render: (parsed, format) => (format === 'resolved' ? guarded('printing', () => writeResolved(avroValue(parsed))) : undefined),
  compileValidator: (parsed, options) => guarded('compiling a validator', () => compileAvroValidator(avroValue(parsed), options)),
  readWirePayload: (_parsed, bytes) => ({ payload: bytes }),
}
