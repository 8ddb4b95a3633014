/**
 * Numbers printed the way Avro's Java implementation (through Jackson) prints them, so that stored
 * texts agree with Confluent's: integers by value, floating-point literals via `Double.toString`.
 */

const INTEGER = /^-?\d+$/

/** A JSON number literal as Jackson writes it back: `-0` → `0`, `1e2` → `100.0`, `1.50` → `1.5`. */
export const javaNumberText = (literal: string): string => {
  if (INTEGER.test(literal)) return BigInt(literal).toString()
  const value = Number(literal)
  // Jackson would print Infinity, which is not JSON; keep the literal instead.
  return Number.isFinite(value) ? javaDoubleText(value) : literal
}

/** Java's `Double.toString`: shortest round-trip digits, plain between 10^-3 and 10^7, else `d.dddE±n`. */
export const javaDoubleText = (value: number): string => formatJava(value, shortestDigits(value))

/** Java's `Float.toString` of `(float) value`: the shortest digits that round-trip through float32. */
export const javaFloatText = (value: number): string => {
  const f = Math.fround(value)
  if (!Number.isFinite(f) || f === 0) return formatJava(f, shortestDigits(f))
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(f.toPrecision(precision))
    if (Math.fround(candidate) === f) return formatJava(f, shortestDigits(candidate))
  }
  return formatJava(f, shortestDigits(f))
}

interface Digits {
  digits: string
  exponent: number
}

const shortestDigits = (value: number): Digits => {
  const [mantissa = '0', exp = '0'] = Math.abs(value).toExponential().split('e')
  return { digits: mantissa.replace('.', ''), exponent: Number(exp) }
}

const formatJava = (value: number, { digits, exponent }: Digits): string => {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  if (value === 0) return `${sign}0.0`
  const abs = Math.abs(value)
  if (abs >= 1e-3 && abs < 1e7) return sign + plain(digits, exponent)
  const rest = digits.slice(1) || '0'
  return `${sign}${digits[0]}.${rest}E${exponent}`
}

const plain = (digits: string, exponent: number): string => {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
  const fraction = digits.slice(exponent + 1) || '0'
  return `${whole}.${fraction}`
}
