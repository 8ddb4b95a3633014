import type { AggregateField, FieldDef, OptionEntry, OptionValue } from './protobuf-model.js'
import { orderOptions } from './protobuf-print-options.js'
import { lookupName, type SymbolTable } from './protobuf-symbols.js'
import { canonicalFloat } from './protobuf-values.js'

/**
 * Custom options written as the extension fields protoc would produce, so that clients reading a
 * serialized schema find them where generated code puts them (e.g. `confluent.field_meta` tags
 * for field-level rules). An option that cannot be encoded stays an `uninterpreted_option`.
 */

const varint = (v: bigint): number[] => {
  let x = BigInt.asUintN(64, v)
  const out: number[] = []
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80)
    x >>= 7n
  }
  out.push(Number(x))
  return out
}

const tag = (n: number, wire: number): number[] => varint(BigInt(n) * 8n + BigInt(wire))

const delimited = (n: number, body: Uint8Array | number[]): number[] => [...tag(n, 2), ...varint(BigInt(body.length)), ...body]

const intOf = (v: OptionValue): bigint => {
  if (v.kind !== 'number' || !/^-?\d+$/.test(v.value)) throw new Error('expected an integer')
  return BigInt(v.value)
}

const floatBytes = (v: OptionValue, size: 4 | 8): number[] => {
  const text = v.kind === 'number' || v.kind === 'ident' ? canonicalFloat(v.value) : undefined
  if (text === undefined) throw new Error('expected a number')
  const b = Buffer.alloc(size)
  if (size === 4) b.writeFloatLE(Number(text))
  else b.writeDoubleLE(Number(text))
  return [...b]
}

const fixedInt = (v: OptionValue, size: 4 | 8, signed: boolean): number[] => {
  const b = Buffer.alloc(size)
  const n = intOf(v)
  if (size === 4) b[signed ? 'writeInt32LE' : 'writeUInt32LE'](Number(n))
  else b[signed ? 'writeBigInt64LE' : 'writeBigUInt64LE'](n)
  return [...b]
}

const scalar = (f: FieldDef, type: string, v: OptionValue): number[] => {
  const n = f.number
  switch (type) {
    case 'string':
    case 'bytes':
      if (v.kind !== 'string') throw new Error('expected a string')
      return delimited(n, Buffer.from(v.value, 'utf8'))
    case 'bool':
      if (v.kind !== 'ident' || (v.value !== 'true' && v.value !== 'false')) throw new Error('expected true or false')
      return [...tag(n, 0), v.value === 'true' ? 1 : 0]
    case 'sint32':
    case 'sint64': {
      const x = intOf(v)
      return [...tag(n, 0), ...varint(x >= 0n ? x * 2n : -x * 2n - 1n)]
    }
    case 'float':
      return [...tag(n, 5), ...floatBytes(v, 4)]
    case 'double':
      return [...tag(n, 1), ...floatBytes(v, 8)]
    case 'fixed32':
    case 'sfixed32':
      return [...tag(n, 5), ...fixedInt(v, 4, type === 'sfixed32')]
    case 'fixed64':
    case 'sfixed64':
      return [...tag(n, 1), ...fixedInt(v, 8, type === 'sfixed64')]
    default:
      return [...tag(n, 0), ...varint(intOf(v))]
  }
}

const encodeField = (table: SymbolTable, f: FieldDef, v: OptionValue, depth: number): number[] => {
  if (v.kind === 'list') return v.items.flatMap((item) => encodeField(table, f, item, depth))
  const target = f.type.resolved ? table.get(f.type.resolved) : undefined
  if (target?.message) {
    if (v.kind !== 'aggregate') throw new Error('expected a message value')
    return delimited(f.number, encodeMessage(table, target.message.fields, v.fields, depth + 1))
  }
  if (target?.enumDef) {
    const number = v.kind === 'ident' ? target.enumDef.values.find((e) => e.name === v.value)?.number : undefined
    if (number === undefined) throw new Error(`not a value of ${f.type.resolved}`)
    return [...tag(f.number, 0), ...varint(BigInt(number))]
  }
  return scalar(f, f.type.written, v)
}

const encodeMessage = (table: SymbolTable, fields: FieldDef[], values: AggregateField[], depth: number): number[] => {
  if (depth > 32) throw new Error('option value nested too deeply')
  return values.flatMap((a) => {
    const f = fields.find((x) => x.name === a.name)
    if (!f) throw new Error(`no field "${a.name}"`)
    return encodeField(table, f, a.value, depth)
  })
}

/** Splits entries into extension fields (raw bytes) and the options left for the descriptor. */
export const encodeCustomOptions = (entries: OptionEntry[], extendee: string, table: SymbolTable, scope: string): { raw: Uint8Array[]; rest: OptionEntry[] } => {
  const custom = orderOptions(
    entries.filter((e) => e.name.startsWith('(')),
    false,
    table,
    scope,
  )
  const raw: Uint8Array[] = []
  const rest = entries.filter((e) => !e.name.startsWith('('))
  for (const e of custom) {
    const found = lookupName(table, e.name.slice(1, -1), scope, (s) => s.kind === 'extension')
    const ext = 'fqn' in found ? found.symbol.extension : undefined
    try {
      if (!ext || ext.extendee?.resolved !== `google.protobuf.${extendee}`) throw new Error('not an extension of the options')
      raw.push(Uint8Array.from(encodeField(table, ext, e.value, 0)))
    } catch {
      rest.push(e)
    }
  }
  return { raw, rest }
}
