import type { FormatPlugin } from '../format-plugin.js'
import { canonicalJsonSchema } from './json-canonical.js'
import { checkJsonReadable, jsonFieldNames } from './json-compatibility.js'
import { parseJsonSchema } from './json-parse.js'

/** JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12), with Confluent's compatibility rules. */
export const jsonFormat: FormatPlugin = {
  type: 'JSON',
  fileExtension: 'json',
  parse: (text, references, options) => parseJsonSchema(text, references, options),
  canonical: (parsed, options) => canonicalJsonSchema(parsed, options?.normalize === true),
  checkReadable: ({ reader, writer, options }) => checkJsonReadable(reader, writer, options),
  fieldNames: jsonFieldNames,
  render: () => undefined,
}
