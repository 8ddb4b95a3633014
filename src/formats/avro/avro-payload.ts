import avsc from 'avsc'
import { invalidSchema } from '../../errors/registry-error.js'
import type { Payload, PayloadError, PayloadValidator } from '../format-plugin.js'
import { writeResolved } from './avro-canonical.js'
import { AvroDecimal } from './avro-decimal.js'
import type { AvroParsed } from './avro-model.js'

type AvroType = avsc.Type
// a payload with thousands of bad values says enough in its first few
const MAX_ERRORS = 100

const pointer = (path: string[]): string => path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

const shown = (value: unknown): string => {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const typeLabel = (type: AvroType): string => {
  const named = type.name ?? type.typeName
  return named.startsWith('union') ? 'union (a null or a one-key object naming the branch)' : named
}

/** avsc's `fromString` decodes bytes and fixed from JSON strings; `isValid` wants Buffers there, so a string is no error. */
const isBytesLike = (type: AvroType): boolean => {
  const underlying = (type as { underlyingType?: AvroType }).underlyingType ?? type
  return underlying.typeName === 'bytes' || underlying.typeName === 'fixed'
}

const undeclared = (value: unknown, type: AvroType): string[] => {
  const fields = (type as { fields?: { name: string }[] }).fields
  if (!fields || typeof value !== 'object' || value === null || Array.isArray(value)) return []
  const known = new Set(fields.map((f) => f.name))
  return Object.keys(value).filter((k) => !known.has(k))
}

/** Avro's JSON encoding: avsc's `isValid` says where, `fromString` (its JSON decoder) has the last word. */
const checkJson = (type: AvroType, value: unknown): PayloadError[] => {
  const errors: PayloadError[] = []
  type.isValid(value, {
    noUndeclaredFields: true,
    errorHook: (path: string[], found: unknown, at: AvroType) => {
      if (errors.length >= MAX_ERRORS) return
      if (at instanceof AvroDecimal && at.excess(found)) {
        errors.push({ path: pointer(path), message: at.excess(found)! })
        return
      }
      if (typeof found === 'string' && isBytesLike(at)) return
      const extra = undeclared(found, at)
      if (extra.length > 0 && at.typeName === 'record') {
        for (const name of extra) errors.push({ path: pointer([...path, name]), message: `is not a field of record ${at.name}` })
        return
      }
      errors.push({ path: pointer(path), message: found === undefined ? `is missing (a ${typeLabel(at)})` : `must be a ${typeLabel(at)}, got ${shown(found)}` })
    },
  })
  if (errors.length > 0) return errors
  try {
    type.fromString(JSON.stringify(value))
    return []
  } catch (e) {
    return [{ path: '', message: e instanceof Error ? e.message : String(e) }]
  }
}

/** The part of avsc's cursor (`Tap`) the bounded readers use. */
interface Tap {
  buf: Uint8Array
  pos: number
  readLong(): number
  skipLong(): void
  readString(): string
}
interface Reads {
  _read(tap: Tap): unknown
}
// Items that take no bytes (null, an empty record) may be counted beyond the bytes left, up to this.
const ZERO_WIDTH_ITEMS = 1_000_000

/** A block count: negative counts are followed by the block's size in bytes (Avro spec). */
const blockCount = (tap: Tap): number => {
  let n = tap.readLong()
  if (n < 0) {
    n = -n
    tap.skipLong()
  }
  if (n > tap.buf.length - tap.pos + ZERO_WIDTH_ITEMS) throw new Error(`a block of ${n} items is longer than the bytes left`)
  return n
}

const overrun = (tap: Tap) => {
  if (tap.pos > tap.buf.length) throw new Error('truncated buffer')
}

type Reader = (this: { itemsType?: Reads; valuesType?: Reads }, tap: Tap) => unknown

function readArray(this: { itemsType?: Reads }, tap: Tap): unknown[] {
  const items = this.itemsType as Reads
  const out: unknown[] = []
  for (let n = blockCount(tap); n !== 0; n = blockCount(tap)) {
    for (; n > 0; n--) {
      out.push(items._read(tap))
      overrun(tap)
    }
  }
  return out
}

function readMap(this: { valuesType?: Reads }, tap: Tap): Record<string, unknown> {
  const values = this.valuesType as Reads
  const out: Record<string, unknown> = {}
  for (let n = blockCount(tap); n !== 0; n = blockCount(tap)) {
    for (; n > 0; n--) {
      const key = tap.readString()
      overrun(tap)
      out[key] = values._read(tap)
      overrun(tap)
    }
  }
  return out
}

let bounded = false

/**
 * avsc reads an array or map block count and then that many items before it checks the buffer's end,
 * so garbage that reads as a count of a billion costs a billion reads (and an array that size). Its
 * types are frozen, so the two readers are replaced on avsc's prototypes, once, on first use: they
 * read valid data as avsc does and stop at the first item past the end and at a count no remaining
 * bytes can hold. The registry is the only avsc user in its process.
 */
const boundReaders = (): void => {
  if (bounded) return
  bounded = true
  const types = avsc.types as unknown as Record<'ArrayType' | 'MapType', { prototype: { _read: Reader } }>
  types.ArrayType.prototype._read = readArray
  types.MapType.prototype._read = readMap
}

/** Avro binary: avsc decodes strictly (a truncated buffer or trailing bytes fail). */
const checkBinary = (type: AvroType, bytes: Uint8Array): PayloadError[] => {
  try {
    type.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    return []
  } catch (e) {
    return [{ path: '', message: `cannot be decoded as ${typeLabel(type)}: ${e instanceof Error ? e.message : String(e)}` }]
  }
}

/**
 * The schema with its references written in place, compiled by avsc. Unions are wrapped, as Avro's
 * JSON encoding writes them (`{"string": "x"}`); logical types check as their underlying types,
 * `decimal` also its precision.
 */
export const compileAvroValidator = (parsed: AvroParsed, options: { message?: string }): PayloadValidator => {
  if (options.message !== undefined) throw invalidSchema('Invalid request: ?message= applies only to Protobuf schemas')
  boundReaders()
  let type: AvroType
  try {
    type = avsc.Type.forSchema(JSON.parse(writeResolved(parsed)) as avsc.Schema, { wrapUnions: true, logicalTypes: { decimal: AvroDecimal } })
  } catch (e) {
    throw invalidSchema(`Invalid Avro schema: avsc cannot compile it (${e instanceof Error ? e.message : String(e)})`, e)
  }
  return {
    validate: (payload: Payload) => (payload.encoding === 'json' ? checkJson(type, payload.value) : checkBinary(type, payload.bytes)),
  }
}
