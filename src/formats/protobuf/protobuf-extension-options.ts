import type { AggregateField, EnumDef, FieldDef, MessageDef, OptionEntry, OptionValue, ProtoFile } from './protobuf-model.js'
import { RAW_OPTION } from './protobuf-descriptor-options.js'
import type { SymbolTable } from './protobuf-symbols.js'
import { formatFloat } from './protobuf-values.js'

/**
 * Custom options in a descriptor are extension fields of the options messages, in wire format.
 * Once the schema's extensions are known (its imports, e.g. confluent/meta.proto), they are read
 * back into `(extension) = value` entries, the form the `.proto` text gives them.
 */

class Reader {
  pos = 0
  constructor(readonly buf: Buffer) {}
  done(): boolean {
    return this.pos >= this.buf.length
  }
  varint(): bigint {
    let result = 0n
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint')
      const b = this.buf[this.pos++] as number
      result |= BigInt(b & 0x7f) << shift
      if (b < 0x80) return result
    }
    throw new Error('varint too long')
  }
  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('truncated field')
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
}

const ident = (value: string): OptionValue => ({ kind: 'ident', value })
const num = (value: string): OptionValue => ({ kind: 'number', value })

const varintValue = (type: string, v: bigint, enumDef?: EnumDef): OptionValue => {
  const zigzag = (x: bigint): bigint => (x >> 1n) ^ -(x & 1n)
  switch (type) {
    case 'bool':
      return ident(v !== 0n ? 'true' : 'false')
    case 'int32':
      return num(BigInt.asIntN(32, v).toString())
    case 'int64':
      return num(BigInt.asIntN(64, v).toString())
    case 'uint32':
      return num(BigInt.asUintN(32, v).toString())
    case 'sint32':
    case 'sint64':
      return num(zigzag(v).toString())
    default: {
      const n = Number(BigInt.asIntN(32, v))
      const name = enumDef?.values.find((e) => e.number === n)?.name
      return name ? ident(name) : num(v.toString())
    }
  }
}

const fixedValue = (type: string, b: Buffer): OptionValue => {
  if (type === 'float') return num(formatFloat(b.readFloatLE(0)))
  if (type === 'double') return num(formatFloat(b.readDoubleLE(0)))
  if (type === 'fixed32') return num(String(b.readUInt32LE(0)))
  if (type === 'sfixed32') return num(String(b.readInt32LE(0)))
  if (type === 'fixed64') return num(b.readBigUInt64LE(0).toString())
  return num(b.readBigInt64LE(0).toString())
}

const FIXED32 = new Set(['float', 'fixed32', 'sfixed32'])
const FIXED64 = new Set(['double', 'fixed64', 'sfixed64'])

/** One wire value of a field (several when packed). */
const readValue = (table: SymbolTable, f: FieldDef, wire: number, r: Reader, depth: number): OptionValue[] => {
  const type = f.type.kind === 'scalar' ? f.type.written : (f.type.kind ?? 'message')
  const target = f.type.resolved ? table.get(f.type.resolved) : undefined
  if (wire === 0) return [varintValue(type, r.varint(), target?.enumDef)]
  if (wire === 5) return [fixedValue(type, r.bytes(4))]
  if (wire === 1) return [fixedValue(type, r.bytes(8))]
  if (wire !== 2) throw new Error(`unsupported wire type ${wire}`)
  const body = r.bytes(Number(r.varint()))
  if (type === 'string' || type === 'bytes') return [{ kind: 'string', value: body.toString('utf8') }]
  if (target?.message) return [{ kind: 'aggregate', fields: readMessage(table, target.message, body, depth + 1) }]
  const packed = new Reader(body)
  const out: OptionValue[] = []
  while (!packed.done()) out.push(...readValue(table, f, FIXED32.has(type) ? 5 : FIXED64.has(type) ? 1 : 0, packed, depth))
  return out
}

const readMessage = (table: SymbolTable, msg: MessageDef, buf: Buffer, depth: number): AggregateField[] => {
  if (depth > 32) throw new Error('option value nested too deeply')
  const r = new Reader(buf)
  const fields: AggregateField[] = []
  while (!r.done()) {
    const tag = r.varint()
    const f = msg.fields.find((x) => x.number === Number(tag >> 3n))
    if (!f) throw new Error(`unknown field ${tag >> 3n}`)
    for (const value of readValue(table, f, Number(tag & 7n), r, depth)) fields.push({ name: f.name, value })
  }
  return fields
}

type ExtensionIndex = Map<string, { fqn: string; field: FieldDef }>

const indexExtensions = (table: SymbolTable): ExtensionIndex => {
  const index: ExtensionIndex = new Map()
  for (const [fqn, s] of table) {
    if (s.kind === 'extension' && s.extension?.extendee?.resolved) index.set(`${s.extension.extendee.resolved}|${s.extension.number}`, { fqn, field: s.extension })
  }
  return index
}

/** The entries for one raw extension field; the raw entry itself when it cannot be read. */
const interpret = (table: SymbolTable, index: ExtensionIndex, extendee: string, entry: OptionEntry): OptionEntry[] => {
  if (entry.value.kind !== 'string') return [entry]
  try {
    const r = new Reader(Buffer.from(entry.value.value, 'base64'))
    const tag = r.varint()
    const ext = index.get(`google.protobuf.${extendee}|${tag >> 3n}`)
    if (!ext) return [entry]
    return readValue(table, ext.field, Number(tag & 7n), r, 0).map((value) => ({ name: `(${ext.fqn})`, value }))
  } catch {
    return [entry]
  }
}

const interpretList = (ctx: { table: SymbolTable; index: ExtensionIndex }, extendee: string, entries: OptionEntry[]): OptionEntry[] =>
  entries.flatMap((e) => (e.name === RAW_OPTION ? interpret(ctx.table, ctx.index, extendee, e) : [e]))

const walkMessage = (ctx: { table: SymbolTable; index: ExtensionIndex }, msg: MessageDef): void => {
  msg.options = interpretList(ctx, 'MessageOptions', msg.options)
  for (const f of [...msg.fields, ...msg.extensions]) f.options = interpretList(ctx, 'FieldOptions', f.options)
  for (const o of msg.oneofs) o.options = interpretList(ctx, 'OneofOptions', o.options)
  for (const m of msg.messages) walkMessage(ctx, m)
  for (const e of msg.enums) walkEnum(ctx, e)
}

const walkEnum = (ctx: { table: SymbolTable; index: ExtensionIndex }, en: EnumDef): void => {
  en.options = interpretList(ctx, 'EnumOptions', en.options)
  for (const v of en.values) v.options = interpretList(ctx, 'EnumValueOptions', v.options)
}

/** Replaces the raw custom options of a descriptor-read file with readable entries where it can. */
export const interpretRawOptions = (file: ProtoFile, table: SymbolTable): void => {
  const ctx = { table, index: indexExtensions(table) }
  file.options = interpretList(ctx, 'FileOptions', file.options)
  for (const m of file.messages) walkMessage(ctx, m)
  for (const e of file.enums) walkEnum(ctx, e)
  for (const x of file.extensions) x.options = interpretList(ctx, 'FieldOptions', x.options)
  for (const s of file.services) {
    s.options = interpretList(ctx, 'ServiceOptions', s.options)
    for (const m of s.methods) m.options = interpretList(ctx, 'MethodOptions', m.options)
  }
}
