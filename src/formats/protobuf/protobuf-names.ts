import { lookupName, lookupNaive, type ProtoSymbol, type SymbolTable } from './protobuf-symbols.js'

/** protoc's default JSON name: `order_id` becomes `orderId`. */
export const defaultJsonName = (name: string): string => {
  let out = ''
  let upper = false
  for (const c of name) {
    if (c === '_') upper = true
    else {
      out += upper ? c.toUpperCase() : c
      upper = false
    }
  }
  return out
}

/** Where a name is written: the package and the enclosing message names. */
export interface NameScope {
  pkg: string
  messages: string[]
}

const scopeString = (s: NameScope): string => [s.pkg, ...s.messages].filter(Boolean).join('.')

/**
 * The shortest spelling of a full name that resolves back to it from `scope`, both by protoc's
 * rules and by the simpler lookup Confluent's diff uses; the `.full.name` form otherwise. The text
 * and descriptor spellings of a schema thus print the same names.
 */
export const shortestName = (table: SymbolTable, fqn: string, scope: NameScope): string => {
  const parts = fqn.split('.')
  const where = scopeString(scope)
  for (let i = parts.length - 1; i >= 0; i--) {
    const candidate = parts.slice(i).join('.')
    const byProtoc = lookupName(table, candidate, where)
    if (!('fqn' in byProtoc) || byProtoc.fqn !== fqn) continue
    if (lookupNaive(table, candidate, scope.pkg, scope.messages) === fqn) return candidate
  }
  return `.${fqn}`
}

/** The shortest spelling of an extension's full name that resolves back to it from `scope`. */
export const shortestExtensionName = (table: SymbolTable, fqn: string, scope: string): string => {
  const parts = fqn.split('.')
  const isExtension = (s: ProtoSymbol): boolean => s.kind === 'extension'
  for (let i = parts.length - 1; i >= 0; i--) {
    const candidate = parts.slice(i).join('.')
    const found = lookupName(table, candidate, scope, isExtension)
    if ('fqn' in found && found.fqn === fqn) return candidate
  }
  return `.${fqn}`
}
