import type { FormatPlugin } from '../format-plugin.js'
import { canonicalJsonSchema } from './json-canonical.js'
import { checkJsonReadable, jsonFieldNames } from './json-compatibility.js'
import { parseJsonSchema } from './json-parse.js'
import { compileJsonValidator } from './json-payload.js'
import { jsonSchemaOf } from './json-types.js'

/** JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12), with Confluent's compatibility rules. */
export const jsonFormat: FormatPlugin = {
  type: 'JSON',
  fileExtension: 'json',
  parse: (text, references, options) => parseJsonSchema(text, references, options),
  canonical: (parsed, options) => canonicalJsonSchema(parsed, options?.normalize === true),
  checkReadable: ({ reader, writer, options }) => checkJsonReadable(reader, writer, options),
  fieldNames: jsonFieldNames,
  render: () => undefined,
  compileValidator: (parsed, options) => compileJsonValidator(jsonSchemaOf(parsed), options),
  readWirePayload: (_parsed, bytes) => ({ payload: bytes }),
}
