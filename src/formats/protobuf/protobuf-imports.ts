import type { FileImport } from '../format-plugin.js'
import { parseSource } from './protobuf-schema.js'
import { wellKnownFile } from './protobuf-well-known.js'

/**
 * The `import` statements of one `.proto` file (or of a serialized descriptor's dependencies), once
 * each. Parsed leniently: only the imports matter here, and the file is parsed strictly again when it
 * is registered. Well-known files (`google/protobuf/*.proto`, `google/type/*.proto`, Confluent's
 * `confluent/meta.proto`) are the registry's own, as when a single schema imports them.
 */
export const listImports = (text: string): FileImport[] => {
  const seen = new Set<string>()
  const out: FileImport[] = []
  for (const { path } of parseSource(text, '', false).imports) {
    if (seen.has(path)) continue
    seen.add(path)
    out.push({ path, builtIn: wellKnownFile(path) !== undefined })
  }
  return out
}
