import { invalidSchema } from '../errors/registry-error.js'
import type { FileImport } from '../formats/format-plugin.js'

/** A set of files as publishing walks it from the root (docs/EXTENSIONS.md §9). */
export interface ImportGraph {
  /** Every file the root reaches, each after the files it imports: the order they are registered in; the root last. */
  order: string[]
  /** Of each file, the given files it imports, once each, as written; built-in imports are left out. */
  imports: Map<string, string[]>
}

/**
 * Walks the imports from the root, depth first. Throws INVALID_SCHEMA (naming the files) for an
 * import that is neither a given file nor built in, for a cycle, and for a given file the root does
 * not reach: every file of the set is registered, or the request is refused.
 */
export const importGraph = (files: ReadonlyMap<string, string>, root: string, importsOf: (path: string, text: string) => FileImport[]): ImportGraph => {
  const imports = new Map<string, string[]>()
  const order: string[] = []
  const visiting: string[] = []
  const visit = (path: string): void => {
    if (imports.has(path)) return
    const at = visiting.indexOf(path)
    if (at >= 0) throw invalidSchema(`Import cycle: ${[...visiting.slice(at), path].join(' -> ')}`)
    visiting.push(path)
    const given: string[] = []
    for (const i of importsOf(path, files.get(path)!)) {
      // a given file wins over a built-in one of the same path, as a reference does in a single schema
      if (files.has(i.path)) given.push(i.path)
      else if (!i.builtIn) throw invalidSchema(`${path} imports "${i.path}", which is neither one of the files nor a well-known file`)
    }
    for (const next of given) visit(next)
    visiting.pop()
    imports.set(path, given)
    order.push(path)
  }
  visit(root)
  const unreached = [...files.keys()].filter((p) => !imports.has(p))
  if (unreached.length > 0) throw invalidSchema(`Files that the root ${root} does not import, directly or not: ${unreached.join(', ')}`)
  return { order, imports }
}
