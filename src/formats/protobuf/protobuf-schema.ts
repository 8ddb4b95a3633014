import type { ResolvedReference } from '../../domain/schema-types.js'
import { invalidSchema, isRegistryError } from '../../errors/registry-error.js'
import type { ProtoFile } from './protobuf-model.js'
import { decodeBase64Descriptor, fileFromDescriptor, looksLikeBase64 } from './protobuf-descriptor-read.js'
import { parseProtoText } from './protobuf-parse.js'
import { interpretRawOptions } from './protobuf-extension-options.js'
import { resolveFile } from './protobuf-resolve.js'
import { defineFile, type SymbolTable } from './protobuf-symbols.js'
import { validateFile } from './protobuf-validate.js'
import { validateOptions } from './protobuf-validate-options.js'
import { wellKnownFile } from './protobuf-well-known.js'

/** Which registered schema an imported file came from; Confluent skips comparing equal ones. */
export interface FileOrigin {
  subject: string
  version: number
}

export interface LoadedFile {
  file: ProtoFile
  /** Set for files named by the schema's own references, as Confluent's diff records them. */
  origin?: FileOrigin
}

/** What `parse` hands back inside `ParsedSchema.value`. */
export interface ProtoSchema {
  main: ProtoFile
  /** Every imported file, transitively, by import path. */
  deps: Map<string, LoadedFile>
  table: SymbolTable
}

/** Text first; base64 of a descriptor only when the text is not `.proto` source. */
export const parseSource = (text: string, path: string, strict: boolean): ProtoFile => {
  try {
    return parseProtoText(text, path, strict)
  } catch (textError) {
    const d = decodeBase64Descriptor(text)
    if (d) return fileFromDescriptor(d, path)
    if (looksLikeBase64(text)) {
      throw invalidSchema(`Invalid Protobuf schema ${path}: the input is neither .proto text nor base64 of a serialized FileDescriptorProto (the descriptor did not decode)`)
    }
    throw textError
  }
}

interface Source {
  text: string
  origin?: FileOrigin
}

/** References by import name; the schema's own references win over nested ones. */
const collectSources = (references: ResolvedReference[]): Map<string, Source> => {
  const sources = new Map<string, Source>()
  for (const r of references) sources.set(r.name, { text: r.schema, origin: { subject: r.subject, version: r.version } })
  const queue = references.flatMap((r) => r.references)
  for (let r = queue.shift(); r; r = queue.shift()) {
    if (sources.has(r.name)) continue
    sources.set(r.name, { text: r.schema })
    queue.push(...r.references)
  }
  return sources
}

/** Well-known files parse once; resolving them again writes the same names. */
const wellKnownCache = new Map<string, ProtoFile>()

const loadFile = (path: string, sources: Map<string, Source>): LoadedFile | undefined => {
  const source = sources.get(path)
  if (source) {
    try {
      return { file: parseSource(source.text, path, false), origin: source.origin }
    } catch (e) {
      throw invalidSchema(`Invalid Protobuf schema: the reference "${path}" does not parse: ${e instanceof Error ? e.message : String(e)}`, e)
    }
  }
  const cached = wellKnownCache.get(path)
  if (cached) return { file: cached }
  const text = wellKnownFile(path)
  if (text === undefined) return undefined
  const file = parseProtoText(text, path, false)
  wellKnownCache.set(path, file)
  return { file }
}

const loadImports = (main: ProtoFile, references: ResolvedReference[], strict: boolean): Map<string, LoadedFile> => {
  const sources = collectSources(references)
  const deps = new Map<string, LoadedFile>()
  const queue = main.imports.map((i) => ({ path: i.path, line: i.line, from: main }))
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (deps.has(next.path) || next.path === main.path) continue
    const loaded = loadFile(next.path, sources)
    if (!loaded) {
      if (!strict) continue
      const where = next.from === main ? (next.line ? ` (line ${next.line})` : '') : ` (imported by ${next.from.path})`
      throw invalidSchema(`Invalid Protobuf schema: import "${next.path}" is not a known file and no reference is named "${next.path}"${where}`)
    }
    deps.set(next.path, loaded)
    queue.push(...loaded.file.imports.map((i) => ({ path: i.path, line: i.line, from: loaded.file })))
  }
  return deps
}

const build = (text: string, references: ResolvedReference[], strict: boolean): ProtoSchema => {
  const main = parseSource(text, '', strict)
  const deps = loadImports(main, references, strict)
  const table: SymbolTable = new Map()
  for (const d of deps.values()) defineFile(table, d.file)
  defineFile(table, main)
  for (const d of deps.values()) resolveFile(table, d.file, false)
  resolveFile(table, main, strict)
  interpretRawOptions(main, table)
  if (strict) {
    validateFile(main, table)
    validateOptions(main)
  }
  return { main, deps, table }
}

/** Parses a schema with its imports; anything but a RegistryError becomes INVALID_SCHEMA. */
export const loadSchema = (text: string, references: ResolvedReference[], strict: boolean): ProtoSchema => {
  try {
    return build(text, references, strict)
  } catch (e) {
    if (isRegistryError(e)) throw e
    throw invalidSchema(`Invalid Protobuf schema: ${e instanceof Error ? e.message : String(e)}`, e)
  }
}
