import type { OptionValue } from './protobuf-model.js'
import { parseAggregate } from './protobuf-parse-options.js'
import { TokenStream } from './protobuf-token-stream.js'
import { tokenize } from './protobuf-tokenize.js'
import { quote } from './protobuf-values.js'

/** A string, number or identifier constant as `.proto` text writes it. */
export const formatScalar = (v: Extract<OptionValue, { kind: 'string' | 'number' | 'ident' }>): string => (v.kind === 'string' ? quote(v.value) : v.value)

/** A constant or aggregate in text format, on one line. */
export const formatValueText = (v: OptionValue): string => {
  switch (v.kind) {
    case 'string':
    case 'number':
    case 'ident':
      return formatScalar(v)
    case 'list':
      return `[${v.items.map(formatValueText).join(', ')}]`
    case 'aggregate':
      return `{ ${formatAggregateText(v)} }`.replace('{  }', '{}')
  }
}

/** The body of an aggregate as `uninterpreted_option.aggregate_value` holds it (no outer braces). */
export const formatAggregateText = (v: OptionValue): string => {
  if (v.kind !== 'aggregate') return formatValueText(v)
  return v.fields.map((f) => `${f.name}${f.value.kind === 'aggregate' ? ' ' : ': '}${formatValueText(f.value)}`).join(' ')
}

/** Reads an `aggregate_value` back; it is the text between the braces. */
export const parseAggregateText = (text: string): OptionValue => {
  const ts = new TokenStream(tokenize(`{${text}}`), false)
  return parseAggregate(ts, 0)
}
