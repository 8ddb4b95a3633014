import hljs from 'highlight.js/lib/core'
import json from 'highlight.js/lib/languages/json'
import protobuf from 'highlight.js/lib/languages/protobuf'

// highlight.js's core with the two grammars the registry's formats need: a small bundle.
hljs.registerLanguage('json', json)
hljs.registerLanguage('protobuf', protobuf)

/** HTML of the schema's text, highlighted by its format (Avro and JSON Schema are JSON); highlight.js escapes the text. */
export const highlighted = (text: string, schemaType: string | undefined): string =>
  hljs.highlight(text, { language: schemaType === 'PROTOBUF' ? 'protobuf' : 'json', ignoreIllegals: true }).value
