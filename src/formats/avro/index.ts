import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import type { CheckOptions, FormatPlugin, Incompatibility, ParsedSchema } from '../format-plugin.js'
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
 * reader/writer pair does not say: `readerIsNew` does (BACKWARD when absent, Confluent's default).
 */
const labelsFor = (readerIsNew: boolean): Labels =>
  readerIsNew ? { reader: 'new', writer: 'old' } : { reader: 'old', writer: 'new' }

const checkReadable = (reader: ParsedSchema, writer: ParsedSchema, options: CheckOptions): Incompatibility[] => {
  if (writer.type !== 'AVRO') {
    return [{ kind: 'SCHEMA_TYPE_MISMATCH', path: '/', message: 'Incompatible because of different schema type' }]
  }
  const r = avroValue(reader)
  const w = avroValue(writer)
  try {
    const labels = labelsFor(options?.readerIsNew !== false)
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
  checkReadable: ({ reader, writer, options }) => guarded('the compatibility check', () => checkReadable(reader, writer, options)),
  // Confluent serves `format=resolved` for Avro: referenced types written out in place.
  render: (parsed, format) => (format === 'resolved' ? guarded('printing', () => writeResolved(avroValue(parsed))) : undefined),
}
