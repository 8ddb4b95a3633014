import type { AggregateField, OptionEntry, OptionValue } from './protobuf-model.js'
import { MAX_DEPTH, TokenStream, binaryToText } from './protobuf-token-stream.js'
import { canonicalFloat, canonicalInt } from './protobuf-values.js'

/** `foo`, `(my.ext)`, `(my.ext).sub.field`: the name exactly as an option statement spells it. */
export const parseOptionName = (ts: TokenStream): string => {
  let name = ''
  for (;;) {
    if (ts.accept('(')) {
      name += '(' + ts.typeName('an extension name') + ')'
      ts.expect(')')
    } else {
      name += ts.ident('an option name')
    }
    if (!ts.accept('.')) return name
    name += '.'
  }
}

const parseNumber = (ts: TokenStream, negative: boolean): OptionValue => {
  const t = ts.next('a number')
  const text = (negative ? '-' : '') + t.text
  const value = t.kind === 'int' ? canonicalInt(text) : canonicalFloat(text)
  if (value === undefined) ts.failAt(t, `invalid number "${text}"`)
  return { kind: 'number', value }
}

/** A constant: string, number (optionally signed), or identifier (`true`, enum values, `inf`). */
export const parseConstant = (ts: TokenStream): OptionValue => {
  const t = ts.peek()
  if (t?.kind === 'string') return { kind: 'string', value: binaryToText(ts.stringBytes()) }
  const negative = ts.is('-')
  if (negative || ts.is('+')) ts.next()
  const n = ts.peek()
  if (n?.kind === 'int' || n?.kind === 'float') return parseNumber(ts, negative)
  if (n?.kind === 'ident') {
    const name = ts.typeName('a constant')
    if (!negative) return { kind: 'ident', value: name }
    const f = canonicalFloat('-' + name)
    if (f === undefined) ts.fail(`invalid negative constant "-${name}"`)
    return { kind: 'number', value: f }
  }
  return ts.unexpected('a constant')
}

const parseFieldName = (ts: TokenStream): string => {
  if (!ts.accept('[')) return ts.ident('a field name')
  let name = ts.typeName('an extension or type URL')
  while (ts.accept('/')) name += '/' + ts.typeName('a type name')
  ts.expect(']')
  return `[${name}]`
}

const parseListValue = (ts: TokenStream, depth: number): OptionValue => {
  ts.expect('[')
  const items: OptionValue[] = []
  while (!ts.accept(']')) {
    items.push(ts.is('{') || ts.is('<') ? parseAggregate(ts, depth + 1) : parseConstant(ts))
    if (!ts.is(']')) ts.expect(',')
  }
  return { kind: 'list', items }
}

const parseAggregateField = (ts: TokenStream, depth: number): AggregateField => {
  const name = parseFieldName(ts)
  const colon = ts.accept(':')
  if (ts.is('{') || ts.is('<')) return { name, value: parseAggregate(ts, depth + 1) }
  if (!colon) ts.unexpected('":"')
  if (ts.is('[')) return { name, value: parseListValue(ts, depth) }
  return { name, value: parseConstant(ts) }
}

/** A text-format message value: `{ doc: "x" tags: ["a", "b"] params { key: "k" } }`. */
export const parseAggregate = (ts: TokenStream, depth: number): OptionValue => {
  if (depth > MAX_DEPTH) ts.fail('option value nested too deeply')
  const close = ts.accept('<') ? '>' : (ts.expect('{'), '}')
  const fields: AggregateField[] = []
  while (!ts.accept(close)) {
    fields.push(parseAggregateField(ts, depth))
    if (!ts.accept(',')) ts.accept(';')
  }
  return { kind: 'aggregate', fields }
}

const parseOptionValue = (ts: TokenStream): OptionValue => (ts.is('{') ? parseAggregate(ts, 0) : parseConstant(ts))

/** `option name = value;` (the `option` keyword already read). */
export const parseOptionStatement = (ts: TokenStream): OptionEntry => {
  const name = parseOptionName(ts)
  ts.expect('=')
  const value = parseOptionValue(ts)
  ts.expect(';')
  return { name, value }
}

/** `[a = 1, (b).c = "x"]` after a field, enum value or range; empty when there is no bracket. */
export const parseBracketOptions = (ts: TokenStream): OptionEntry[] => {
  const entries: OptionEntry[] = []
  if (!ts.accept('[')) return entries
  do {
    const name = parseOptionName(ts)
    ts.expect('=')
    entries.push({ name, value: parseOptionValue(ts) })
  } while (ts.accept(','))
  ts.expect(']')
  return entries
}
