import { invalidSchema } from '../../errors/registry-error.js'

export type TokenKind = 'ident' | 'int' | 'float' | 'string' | 'symbol'

export interface Token {
  kind: TokenKind
  /** The source text (for strings: without quotes, still escaped). */
  text: string
  /** For strings: the literal's bytes as a binary (latin1) string; adjacent literals are joined later. */
  bytes?: string
  line: number
  col: number
}

const IDENT_START = /[A-Za-z_]/
const IDENT_PART = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/
const SYMBOLS = new Set(['=', ';', '{', '}', '[', ']', '(', ')', '<', '>', ',', '.', ':', '-', '+', '/'])
/** Protobuf's one-character string escapes (`\n`, `\?`, ...), shared with the option-value reader. */
export const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
}

class Scanner {
  pos = 0
  line = 1
  col = 1
  constructor(readonly src: string) {}

  peek(offset = 0): string {
    return this.src.charAt(this.pos + offset)
  }

  next(): string {
    const c = this.src.charAt(this.pos++)
    if (c === '\n') {
      this.line++
      this.col = 1
    } else {
      this.col++
    }
    return c
  }

  fail(message: string): never {
    throw invalidSchema(`Invalid Protobuf schema: ${message} at line ${this.line}, column ${this.col}`)
  }
}

/** Skips whitespace and comments; comments carry no meaning for the canonical form. */
const skipTrivia = (s: Scanner): void => {
  for (;;) {
    const c = s.peek()
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      s.next()
    } else if (c === '/' && s.peek(1) === '/') {
      while (s.pos < s.src.length && s.peek() !== '\n') s.next()
    } else if (c === '/' && s.peek(1) === '*') {
      s.next()
      s.next()
      while (!(s.peek() === '*' && s.peek(1) === '/')) {
        if (s.pos >= s.src.length) s.fail('unterminated block comment')
        s.next()
      }
      s.next()
      s.next()
    } else {
      return
    }
  }
}

const utf8Binary = (text: string): string => Buffer.from(text, 'utf8').toString('latin1')

const readDigits = (s: Scanner, re: RegExp, max: number): string => {
  let out = ''
  while (out.length < max && re.test(s.peek())) out += s.next()
  return out
}

const readEscape = (s: Scanner): string => {
  const c = s.next()
  if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c] as string
  if (c === 'x' || c === 'X') {
    const hex = readDigits(s, /[0-9A-Fa-f]/, 2)
    if (!hex) s.fail('invalid \\x escape')
    return String.fromCharCode(parseInt(hex, 16))
  }
  if (/[0-7]/.test(c)) {
    const oct = c + readDigits(s, /[0-7]/, 2)
    const v = parseInt(oct, 8)
    if (v > 255) s.fail('octal escape out of range')
    return String.fromCharCode(v)
  }
  if (c === 'u' || c === 'U') {
    const hex = readDigits(s, /[0-9A-Fa-f]/, c === 'u' ? 4 : 8)
    const cp = parseInt(hex, 16)
    if (hex.length !== (c === 'u' ? 4 : 8) || cp > 0x10ffff) s.fail('invalid unicode escape')
    return utf8Binary(String.fromCodePoint(cp))
  }
  return s.fail(`invalid escape "\\${c}"`)
}

const readString = (s: Scanner, line: number, col: number): Token => {
  const quote = s.next()
  const start = s.pos
  let bytes = ''
  for (;;) {
    if (s.pos >= s.src.length || s.peek() === '\n') s.fail('unterminated string')
    const c = s.next()
    if (c === quote) break
    bytes += c === '\\' ? readEscape(s) : utf8Binary(c)
  }
  return { kind: 'string', text: s.src.slice(start, s.pos - 1), bytes, line, col }
}

const readNumber = (s: Scanner, line: number, col: number): Token => {
  const start = s.pos
  let kind: TokenKind = 'int'
  if (s.peek() === '0' && /[xX]/.test(s.peek(1))) {
    s.next()
    s.next()
    if (!readDigits(s, /[0-9A-Fa-f]/, Infinity)) s.fail('invalid hex number')
  } else {
    readDigits(s, DIGIT, Infinity)
    if (s.peek() === '.') {
      kind = 'float'
      s.next()
      readDigits(s, DIGIT, Infinity)
    }
    if (/[eE]/.test(s.peek())) {
      kind = 'float'
      s.next()
      if (s.peek() === '+' || s.peek() === '-') s.next()
      if (!readDigits(s, DIGIT, Infinity)) s.fail('invalid exponent')
    }
    if (/[fF]/.test(s.peek())) {
      kind = 'float'
      s.next()
    }
  }
  if (IDENT_PART.test(s.peek())) s.fail(`invalid number "${s.src.slice(start, s.pos + 1)}"`)
  return { kind, text: s.src.slice(start, s.pos), line, col }
}

const readToken = (s: Scanner): Token => {
  const line = s.line
  const col = s.col
  const c = s.peek()
  if (IDENT_START.test(c)) {
    const start = s.pos
    while (IDENT_PART.test(s.peek())) s.next()
    return { kind: 'ident', text: s.src.slice(start, s.pos), line, col }
  }
  if (DIGIT.test(c) || (c === '.' && DIGIT.test(s.peek(1)))) return readNumber(s, line, col)
  if (c === '"' || c === "'") return readString(s, line, col)
  if (SYMBOLS.has(c)) {
    s.next()
    return { kind: 'symbol', text: c, line, col }
  }
  return s.fail(`unexpected character "${c}"`)
}

/** Splits `.proto` source into tokens; throws INVALID_SCHEMA with the line and column of a bad one. */
export const tokenize = (src: string): Token[] => {
  const s = new Scanner(src)
  const tokens: Token[] = []
  for (;;) {
    skipTrivia(s)
    if (s.pos >= src.length) return tokens
    tokens.push(readToken(s))
  }
}
