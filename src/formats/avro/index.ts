import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import type { FormatPlugin, Incompatibility, ParsedSchema } from '../format-plugin.js'
import { writeCanonical, writeResolved } from './avro-canonical.js'
import { ResolutionError, resolutionFindings } from './avro-compatibility.js'
import { toIncompatibility, unexpectedFailure, type Labels } from './avro-messages.js'
import type { AvroParsed } from './avro-model.js'
import { parseAvro } from './avro-parse.js'

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

/**
 * Confluent words its messages from the registry's side ("new" and "old" schema), which the
 * reader/writer pair does not say. The registry parses the schema being registered strictly and
 * stored ones leniently, so a strict schema is the new one; when both or neither are, the reader
 * is taken as new (BACKWARD, Confluent's default direction).
 */
const labelsFor = (reader: AvroParsed, writer: AvroParsed): Labels =>
  !reader.strict && writer.strict ? { reader: 'old', writer: 'new' } : { reader: 'new', writer: 'old' }

const checkReadable = (reader: ParsedSchema, writer: ParsedSchema): Incompatibility[] => {
  if (writer.type !== 'AVRO') {
    return [{ kind: 'SCHEMA_TYPE_MISMATCH', path: '/', message: 'Incompatible because of different schema type' }]
  }
  const r = avroValue(reader)
  const w = avroValue(writer)
  try {
    const labels = labelsFor(r, w)
    return resolutionFindings(r, w).map((f) => toIncompatibility(f, labels))
  } catch (e) {
    if (e instanceof ResolutionError) return [unexpectedFailure(e.message)]
    throw e
  }
}

export const avroFormat: FormatPlugin = {
  type: 'AVRO',
  definitionAs: 'json',
  parse: (text, references, options) =>
    guarded('parsing', () => ({ type: 'AVRO', value: parseAvro(text, references, options) })),
  canonical: (parsed, options) => guarded('printing', () => writeCanonical(avroValue(parsed), options)),
  checkReadable: ({ reader, writer }) => guarded('the compatibility check', () => checkReadable(reader, writer)),
  // Confluent serves `format=resolved` for Avro: referenced types written out in place.
  render: (parsed, format) => (format === 'resolved' ? guarded('printing', () => writeResolved(avroValue(parsed))) : undefined),
}
