import type { ResolvedReference } from '../../domain/schema-types.js'
import { isRegistryError } from '../../errors/registry-error.js'
import { draftOf } from './json-drafts.js'
import { parseSchemaDocument } from './json-text.js'
import type { ReferencedDocument } from './json-types.js'

// The registry resolves references before it calls us, so the tree is finite; the cap only keeps a
// malformed (shared or cyclic) tree from costing more than a realistic one.
const MAX_REFERENCES = 10_000

/** Every reference in the tree, depth first, each name once (the nearest definition wins). */
const flatten = (references: ResolvedReference[]): ResolvedReference[] => {
  const byName = new Map<string, ResolvedReference>()
  const seen = new Set<ResolvedReference>()
  const stack = [...references].reverse()
  while (stack.length > 0 && seen.size < MAX_REFERENCES) {
    const reference = stack.pop() as ResolvedReference
    if (seen.has(reference) || typeof reference?.name !== 'string') continue
    seen.add(reference)
    if (!byName.has(reference.name)) byName.set(reference.name, reference)
    stack.push(...[...(reference.references ?? [])].reverse())
  }
  return [...byName.values()]
}

/**
 * Parses the referenced schemas. Strict parsing refuses a reference that is no JSON Schema; lenient
 * parsing (stored schemas) skips it, since the schema referring to it was accepted once.
 */
export const loadReferences = (references: ResolvedReference[], strict: boolean): ReferencedDocument[] => {
  const documents: ReferencedDocument[] = []
  for (const reference of flatten(Array.isArray(references) ? references : [])) {
    try {
      const json = parseSchemaDocument(reference.schema, `reference '${reference.name}'`)
      documents.push({ name: reference.name, json, draft: draftOf(json) })
    } catch (e) {
      if (strict || !isRegistryError(e)) throw e
    }
  }
  return documents
}
