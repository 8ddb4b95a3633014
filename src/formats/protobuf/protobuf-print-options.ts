import type { AggregateField, OptionEntry, OptionValue } from './protobuf-model.js'
import { shortestExtensionName } from './protobuf-names.js'
import { lookupName, type SymbolTable } from './protobuf-symbols.js'
import { formatScalar } from './protobuf-aggregate-text.js'
import { RAW_OPTION } from './protobuf-descriptor-options.js'

/**
 * Options as Confluent's `ProtobufSchemaUtils` lays them out: `name = value`, aggregates as indented
 * `key: value` lines. Options are sorted by name (stable, so repeated options keep their order):
 * the order of options carries no meaning, so it must not change the canonical text.
 */

export const indent = (text: string): string =>
  text
    .split('\n')
    .filter((line, i, all) => !(i === all.length - 1 && line === ''))
    .map((line) => `  ${line}\n`)
    .join('')

const formatList = (items: OptionValue[], normalize: boolean): string => {
  if (normalize && items.length === 1) return formatValue(items[0] as OptionValue, normalize)
  const lines = items.map((v, i) => formatValue(v, normalize) + (i < items.length - 1 ? ',' : ''))
  return `[\n${indent(lines.join('\n'))}]`
}

const formatFields = (fields: AggregateField[], normalize: boolean): string => {
  const lines = fields.map((f, i) => `${f.name}: ${formatValue(f.value, normalize)}${i < fields.length - 1 ? ',' : ''}`)
  return `{\n${indent(lines.join('\n'))}}`
}

const byFieldName = (a: AggregateField, b: AggregateField): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * One spelling per aggregate: fields sorted by name (stable), repeated values as one list, a
 * one-item list as its item. `tags: "a" tags: "b"` and `tags: ["a", "b"]` are the same value.
 */
const canonicalAggregate = (fields: AggregateField[]): AggregateField[] => {
  const byName = new Map<string, OptionValue[]>()
  for (const f of fields) {
    const items = f.value.kind === 'list' ? f.value.items : [f.value]
    byName.set(f.name, [...(byName.get(f.name) ?? []), ...items.map(canonicalValue)])
  }
  return [...byName].map(([name, items]): AggregateField => ({ name, value: items.length === 1 ? (items[0] as OptionValue) : { kind: 'list', items } })).sort(byFieldName)
}

const canonicalValue = (v: OptionValue): OptionValue => (v.kind === 'aggregate' ? { kind: 'aggregate', fields: canonicalAggregate(v.fields) } : v)

export const formatValue = (v: OptionValue, normalize: boolean): string => {
  switch (v.kind) {
    case 'string':
    case 'number':
    case 'ident':
      return formatScalar(v)
    case 'list':
      return formatList(v.items, normalize)
    case 'aggregate':
      return v.fields.length ? formatFields(v.fields, normalize) : '{}'
  }
}

export const formatOption = (e: OptionEntry, normalize: boolean): string => `${e.name} = ${formatValue(e.value, normalize)}`

/** `[a = 1]` on one line, several options one per line. */
export const formatBracket = (entries: OptionEntry[], normalize: boolean): string => {
  if (entries.length === 0) return ''
  if (entries.length === 1) return ` [${formatOption(entries[0] as OptionEntry, normalize)}]`
  const lines = entries.map((e, i) => formatOption(e, normalize) + (i < entries.length - 1 ? ',' : ''))
  return ` [\n${indent(lines.join('\n'))}]`
}

const byName = (a: OptionEntry, b: OptionEntry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** `(ext).a.b = v` as `(ext) = { a: { b: v } }`, the one form Confluent's normalization keeps. */
const toAggregate = (e: OptionEntry): OptionEntry => {
  const m = /^(\([^)]*\))\.(.+)$/.exec(e.name)
  if (!m) return e
  const path = (m[2] as string).split('.')
  let value = e.value
  for (let i = path.length - 1; i >= 0; i--) value = { kind: 'aggregate', fields: [{ name: path[i] as string, value }] }
  return { name: m[1] as string, value }
}

const mergeFields = (into: AggregateField[], add: AggregateField[]): AggregateField[] => {
  const out = [...into]
  for (const f of add) {
    const same = out.findIndex((o) => o.name === f.name && o.value.kind === 'aggregate' && f.value.kind === 'aggregate')
    const existing = out[same]
    if (existing && existing.value.kind === 'aggregate' && f.value.kind === 'aggregate') {
      out[same] = { name: f.name, value: { kind: 'aggregate', fields: mergeFields(existing.value.fields, f.value.fields) } }
    } else out.push(f)
  }
  return out
}

/** Custom options merged into one aggregate each, named by their shortest (normalized: full) name. */
const mergeCustom = (entries: OptionEntry[], table: SymbolTable, scope: string, normalize: boolean): OptionEntry[] => {
  const merged: OptionEntry[] = []
  for (const raw of entries) {
    if (raw.name === RAW_OPTION) continue
    const e = toAggregate(raw)
    const m = /^\(([^)]*)\)$/.exec(e.name)
    const found = m ? lookupName(table, m[1] as string, scope, (s) => s.kind === 'extension') : undefined
    const ext = found && 'fqn' in found ? found : undefined
    const name = !ext ? e.name : normalize ? `(${ext.fqn})` : `(${shortestExtensionName(table, ext.fqn, scope)})`
    const prev = merged.find((p) => p.name === name)
    const repeated = ext?.symbol.extension?.label === 'repeated'
    if (prev && !repeated && prev.value.kind === 'aggregate' && e.value.kind === 'aggregate') {
      prev.value = { kind: 'aggregate', fields: mergeFields(prev.value.fields, e.value.fields) }
    } else merged.push({ name, value: e.value })
  }
  return merged.map((e) => ({ name: e.name, value: canonicalValue(e.value) }))
}

/**
 * The entries to print, in canonical order. A custom option set path by path and the same option
 * set as one aggregate (the only form a descriptor can carry) print alike.
 */
export const orderOptions = (entries: OptionEntry[], normalize: boolean, table: SymbolTable, scope: string): OptionEntry[] =>
  mergeCustom(entries, table, scope, normalize).sort(byName)
