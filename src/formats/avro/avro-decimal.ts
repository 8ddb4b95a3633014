import avsc from 'avsc'

/** Decimal digits of the unscaled value: big-endian two's-complement bytes (Avro spec, "Decimal"). */
const digitsOf = (bytes: Uint8Array): number => {
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) n -= 1n << BigInt(bytes.length * 8)
  return (n < 0n ? -n : n).toString().length
}

/** Avro's JSON encoding writes bytes and fixed as strings of code points 0-255. */
const bytesOf = (value: unknown): Uint8Array | undefined => (typeof value === 'string' ? Buffer.from(value, 'latin1') : value instanceof Uint8Array ? value : undefined)

/**
 * `decimal` for payload validation: the value is its underlying bytes or fixed, with no more digits
 * than `precision`. A decimal without a valid precision is no decimal: avsc then falls back to the
 * underlying type, as the spec says an invalid logical type is read.
 */
export class AvroDecimal extends avsc.types.LogicalType {
  readonly precision: number

  constructor(schema: avsc.Schema, opts?: unknown) {
    super(schema, opts)
    const precision = (schema as { precision?: unknown }).precision
    if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1) throw new Error('a decimal needs a positive integer precision')
    this.precision = precision
  }

  /** Why a value of the underlying type is no decimal of this precision; undefined when it is one. */
  excess(value: unknown): string | undefined {
    const bytes = bytesOf(value)
    if (!bytes) return undefined
    const digits = digitsOf(bytes)
    return digits > this.precision ? `has ${digits} digits, more than the decimal's precision ${this.precision}` : undefined
  }

  // decoding (binary, and the JSON encoding through fromString): a value with too many digits is an error
  protected override _fromValue(value: unknown): unknown {
    const why = this.excess(value)
    if (why) throw new Error(`a decimal ${why}`)
    return value
  }

  // checking (isValid): undefined makes avsc report the value against this type
  protected override _toValue(value: unknown): unknown {
    return this.excess(value) ? undefined : value
  }
}
