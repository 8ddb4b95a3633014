import { invalidSchema } from '../../errors/registry-error.js'
import { SIMPLE_ESCAPES } from './protobuf-tokenize.js'

/**
 * Literal values in one spelling, whichever way they arrived: `0x10`, `020` and `16` are the same
 * integer; `1.50` and `1.5` the same float; the descriptor's C-escaped bytes and the text's escapes
 * the same bytes. The canonical text and the descriptor both use these forms.
 */

const INT_RE = /^[+-]?(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/
const FLOAT_RE = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)[fF]?$/
const UINT64_MAX = (1n << 64n) - 1n

/** Integer literal (decimal, hex, octal) in decimal; `undefined` when it is not an integer literal. */
export const canonicalInt = (text: string): string | undefined => {
  if (!INT_RE.test(text)) return undefined
  const negative = text.startsWith('-')
  const body = text.replace(/^[+-]/, '')
  const value = /^0[0-7]+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body)
  if (value > UINT64_MAX) return undefined
  return (negative && value !== 0n ? '-' : '') + value.toString()
}

/** A double in its shortest round-trip form; infinities and NaN as protoc writes them. */
export const formatFloat = (v: number): string => {
  if (Number.isNaN(v)) return 'nan'
  if (v === Infinity) return 'inf'
  if (v === -Infinity) return '-inf'
  return String(v)
}

/** Float literal (or integer, or inf/nan) in its canonical form; `undefined` when it is not one. */
export const canonicalFloat = (text: string): string | undefined => {
  const lower = text.toLowerCase()
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(lower)
  if (m) return (m[1] === '-' && m[2] !== 'nan' ? '-' : '') + (m[2] === 'nan' ? 'nan' : 'inf')
  if (FLOAT_RE.test(text)) return formatFloat(Number(text.replace(/[fF]$/, '')))
  const i = canonicalInt(text)
  return i === undefined ? undefined : formatFloat(Number(i))
}

/** Bytes (binary string) escaped as protoc's CEscape does for `default_value` of bytes fields. */
export const cEscape = (bytes: string): string => {
  let out = ''
  for (const ch of bytes) {
    const c = ch.charCodeAt(0)
    if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '"') out += '\\"'
    else if (ch === "'") out += "\\'"
    else if (ch === '\\') out += '\\\\'
    else if (c < 0x20 || c >= 0x7f) out += '\\' + c.toString(8).padStart(3, '0')
    else out += ch
  }
  return out
}

/** The inverse of `cEscape`, for `default_value` read from a descriptor. */
export const cUnescape = (text: string): string => {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    if (ch !== '\\') {
      out += ch
      continue
    }
    const n = text.charAt(++i)
    const oct = /^[0-7]{1,3}/.exec(text.slice(i))
    const hex = /^[xX]([0-9A-Fa-f]{1,2})/.exec(text.slice(i))
    if (oct) {
      out += String.fromCharCode(parseInt(oct[0], 8) & 0xff)
      i += oct[0].length - 1
    } else if (hex) {
      out += String.fromCharCode(parseInt(hex[1] as string, 16))
      i += hex[0].length - 1
    } else if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n]
    } else {
      throw invalidSchema(`Invalid Protobuf descriptor: invalid escape "\\${n}" in a default value`)
    }
  }
  return out
}

/** Text escaped for a double-quoted `.proto` string literal; non-ASCII stays as it is. */
export const quote = (text: string): string => {
  let out = '"'
  for (const ch of text) {
    const c = ch.codePointAt(0) as number
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(8).padStart(3, '0')
    else out += ch
  }
  return out + '"'
}

const INTEGER_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64'])

/**
 * A field's default value in descriptor form (unescaped string, C-escaped bytes, enum value name,
 * canonical number); `undefined` when the literal does not fit the type.
 */
export const canonicalDefault = (type: string, value: string): string | undefined => {
  if (type === 'double' || type === 'float') return canonicalFloat(value)
  if (INTEGER_TYPES.has(type)) return canonicalInt(value)
  if (type === 'bool') return value === 'true' || value === 'false' ? value : undefined
  return value
}
