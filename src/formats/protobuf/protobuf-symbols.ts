import { invalidSchema } from '../../errors/registry-error.js'
import type { EnumDef, FieldDef, MessageDef, ProtoFile, ServiceDef } from './protobuf-model.js'

export type SymbolKind = 'package' | 'message' | 'enum' | 'service' | 'extension'

export interface ProtoSymbol {
  kind: SymbolKind
  /** The import path of the declaring file ('' for the main file). */
  file: string
  /** The declaring file's package ('' when it has none). */
  pkg: string
  message?: MessageDef
  enumDef?: EnumDef
  service?: ServiceDef
  extension?: FieldDef
}

/** Every name declared by the main file and everything it imports, by full name without dot. */
export type SymbolTable = Map<string, ProtoSymbol>

export const isType = (s: ProtoSymbol): boolean => s.kind === 'message' || s.kind === 'enum'
const isAggregate = (s: ProtoSymbol): boolean => s.kind === 'package' || s.kind === 'message' || s.kind === 'enum'

export const join = (scope: string, name: string): string => (scope ? `${scope}.${name}` : name)

const define = (table: SymbolTable, fqn: string, sym: ProtoSymbol): void => {
  const existing = table.get(fqn)
  if (!existing) {
    table.set(fqn, sym)
    return
  }
  if (existing.kind === 'package' && sym.kind === 'package') return
  const where = existing.file === sym.file ? '' : ` (already defined in ${existing.file || 'the schema'})`
  throw invalidSchema(`Invalid Protobuf schema: "${fqn}" is defined more than once${where}`)
}

const defineMessage = (table: SymbolTable, scope: string, msg: MessageDef, base: Omit<ProtoSymbol, 'kind'>): void => {
  const fqn = join(scope, msg.name)
  define(table, fqn, { ...base, kind: 'message', message: msg })
  for (const m of msg.messages) defineMessage(table, fqn, m, base)
  for (const e of msg.enums) define(table, join(fqn, e.name), { ...base, kind: 'enum', enumDef: e })
  for (const x of msg.extensions) define(table, join(fqn, x.name), { ...base, kind: 'extension', extension: x })
}

/** Adds the declarations of one file; a name declared twice is an invalid schema. */
export const defineFile = (table: SymbolTable, file: ProtoFile): void => {
  const pkg = file.package ?? ''
  const base = { file: file.path, pkg }
  const parts = pkg ? pkg.split('.') : []
  for (let i = 1; i <= parts.length; i++) define(table, parts.slice(0, i).join('.'), { ...base, kind: 'package' })
  for (const m of file.messages) defineMessage(table, pkg, m, base)
  for (const e of file.enums) define(table, join(pkg, e.name), { ...base, kind: 'enum', enumDef: e })
  for (const s of file.services) define(table, join(pkg, s.name), { ...base, kind: 'service', service: s })
  for (const x of file.extensions) define(table, join(pkg, x.name), { ...base, kind: 'extension', extension: x })
}

export type Lookup = { fqn: string; symbol: ProtoSymbol } | { error: string }

/**
 * protoc's name resolution: the first component is looked up from the innermost scope outwards
 * (skipping non-types when it is the whole name); the rest must then resolve inside what it found.
 */
export const lookupName = (table: SymbolTable, name: string, scope: string, accept: (s: ProtoSymbol) => boolean = isType): Lookup => {
  if (name.startsWith('.')) {
    const symbol = table.get(name.slice(1))
    return symbol ? { fqn: name.slice(1), symbol } : { error: `"${name}" is not defined` }
  }
  const [first, ...rest] = name.split('.')
  const scopes = scope ? scope.split('.') : []
  for (let i = scopes.length; i >= 0; i--) {
    const prefix = scopes.slice(0, i).join('.')
    const found = table.get(join(prefix, first as string))
    if (!found) continue
    if (rest.length === 0) {
      if (!accept(found)) continue
      return { fqn: join(prefix, name), symbol: found }
    }
    if (!isAggregate(found)) continue
    const full = join(prefix, name)
    const symbol = table.get(full)
    if (symbol) return { fqn: full, symbol }
    return { error: `"${name}" resolves to "${full}", which is not defined (the innermost scope is searched first)` }
  }
  return { error: `"${name}" is not defined` }
}

/**
 * The lookup Confluent's diff uses: the package as one unit plus the enclosing message names,
 * dropping the last each time. A printed name must resolve the same way under both.
 */
export const lookupNaive = (table: SymbolTable, name: string, pkg: string, messagePath: string[]): string | undefined => {
  const has = (n: string): boolean => {
    const s = table.get(n)
    return s !== undefined && isType(s)
  }
  if (name.startsWith('.')) return has(name.slice(1)) ? name.slice(1) : undefined
  const prefix = pkg ? [pkg, ...messagePath] : [...messagePath]
  while (prefix.length > 0) {
    const n = `${prefix.join('.')}.${name}`
    if (has(n)) return n
    prefix.pop()
  }
  return has(name) ? name : undefined
}
