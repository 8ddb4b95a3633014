import type { ResolvedReference } from '../../domain/schema-types.js'
import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import type { ParseOptions, ParsedSchema } from '../format-plugin.js'
import { draftOf } from './json-drafts.js'
import { checkReferencesResolve } from './json-ref-check.js'
import { loadReferences } from './json-references.js'
import { parseSchemaDocument } from './json-text.js'
import type { ParsedJsonSchema } from './json-types.js'
import { validateAgainstMetaSchema } from './json-validate.js'

const parseOrThrow = (text: string, references: ResolvedReference[], strict: boolean): ParsedJsonSchema => {
  const root = parseSchemaDocument(text, 'schema')
  const draft = draftOf(root)
  const documents = loadReferences(references, strict)
  // Stored schemas were checked when they were registered; checking them again would only let a
  // stricter validator lock a subject out of its own history.
  const parsed = { root, draft, references: documents }
  if (strict) {
    validateAgainstMetaSchema(root, draft, 'schema')
    checkReferencesResolve(parsed)
  }
  return parsed
}

/**
 * JSON text to a parsed JSON Schema. Strict parsing (new schemas) also requires a valid schema of its
 * draft whose every `$ref` resolves, here or in `references`.
 */
export const parseJsonSchema = (text: string, references: ResolvedReference[], options: ParseOptions): ParsedSchema => {
  try {
    return { type: 'JSON', value: parseOrThrow(text, references, options?.strict !== false) }
  } catch (e) {
    if (isRegistryError(e)) throw e
    throw invalidSchema(`Invalid schema: ${(e as Error)?.message ?? String(e)}`, e)
  }
}
