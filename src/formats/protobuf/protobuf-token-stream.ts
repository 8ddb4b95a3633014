import { invalidSchema } from '../../errors/registry-error.js'
import type { Syntax } from './protobuf-model.js'
import type { Token } from './protobuf-tokenize.js'

/** Declarations nest at most this deep (messages in messages, aggregates in aggregates). */
export const MAX_DEPTH = 64

/** A cursor over the tokens of one file, with errors that say what was expected and where. */
export class TokenStream {
  private index = 0
  syntax: Syntax = 'proto2'
  /** Strict parsing rejects what protoc rejects; lenient parsing accepts stored schemas as they are. */
  readonly strict: boolean

  constructor(
    private readonly tokens: Token[],
    strict: boolean,
  ) {
    this.strict = strict
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset]
  }

  /** True when the token at `offset` has exactly this text (and is not a string literal). */
  is(text: string, offset = 0): boolean {
    const t = this.peek(offset)
    return t !== undefined && t.kind !== 'string' && t.text === text
  }

  line(): number | undefined {
    return (this.peek() ?? this.tokens[this.tokens.length - 1])?.line
  }

  next(what = 'a token'): Token {
    const t = this.tokens[this.index]
    if (!t) this.fail(`expected ${what} but reached the end of the schema`)
    this.index++
    return t
  }

  accept(text: string): boolean {
    if (!this.is(text)) return false
    this.index++
    return true
  }

  expect(text: string): Token {
    if (!this.is(text)) this.unexpected(`"${text}"`)
    return this.next()
  }

  ident(what = 'an identifier'): string {
    const t = this.peek()
    if (!t || t.kind !== 'ident') this.unexpected(what)
    this.index++
    return t.text
  }

  /** A dotted name, optionally with a leading dot: `foo`, `foo.Bar`, `.foo.Bar`. */
  typeName(what = 'a type name'): string {
    let name = this.accept('.') ? '.' : ''
    name += this.ident(what)
    while (this.is('.') && this.peek(1)?.kind === 'ident') {
      this.index++
      name += '.' + this.ident()
    }
    return name
  }

  /** Adjacent string literals concatenate, as in C. Returns the bytes as a binary string. */
  stringBytes(what = 'a string'): string {
    const t = this.peek()
    if (!t || t.kind !== 'string') this.unexpected(what)
    let bytes = ''
    while (this.peek()?.kind === 'string') bytes += this.next().bytes ?? ''
    return bytes
  }

  unexpected(what: string): never {
    const t = this.peek()
    if (!t) this.fail(`expected ${what} but reached the end of the schema`)
    const found = t.kind === 'string' ? `string "${t.text}"` : `"${t.text}"`
    return this.failAt(t, `expected ${what} but found ${found}`)
  }

  fail(message: string): never {
    const t = this.peek() ?? this.tokens[this.tokens.length - 1]
    if (!t) throw invalidSchema(`Invalid Protobuf schema: ${message}`)
    return this.failAt(t, message)
  }

  failAt(t: { line: number; col?: number }, message: string): never {
    const where = t.col !== undefined ? `line ${t.line}, column ${t.col}` : `line ${t.line}`
    throw invalidSchema(`Invalid Protobuf schema: ${message} at ${where}`)
  }
}

/** Bytes of a string literal read as UTF-8 text (option values, string defaults). */
export const binaryToText = (bytes: string): string => Buffer.from(bytes, 'latin1').toString('utf8')
