import { invalidSchema } from '../../errors/registry-error.js'
import { javaNumberText } from './avro-java-number.js'

/**
 * A JSON value as Avro's Java parser (Jackson) sees it. Numbers keep their literal text because the
 * difference between `1` and `1.0` (and integers beyond 2^53) decides whether a default is valid.
 */
export type JsonNode =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Map<string, JsonNode> }

/** Deeper documents are refused rather than risking the stack (Jackson's default limit is 1000). */
export const MAX_JSON_DEPTH = 1000

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

class JsonReader {
  private pos = 0

  constructor(private readonly text: string) {}

  document(): JsonNode {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1
    const node = this.value(0)
    this.skipSpace()
    if (this.pos < this.text.length) this.fail('unexpected content after the end of the schema')
    return node
  }

  private value(depth: number): JsonNode {
    if (depth >= MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`)
    this.skipSpace()
    const c = this.text[this.pos]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return { kind: 'string', value: this.string() }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number()
    for (const [word, node] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length
        return node
      }
    }
    return this.fail(c === undefined ? 'unexpected end of input' : `unexpected character '${c}'`)
  }

  private object(depth: number): JsonNode {
    const entries = new Map<string, JsonNode>()
    this.pos++
    if (this.peekAfterSpace() === '}') return this.close({ kind: 'object', entries })
    for (;;) {
      this.skipSpace()
      if (this.text[this.pos] !== '"') this.fail('expected a quoted object key')
      const key = this.string()
      this.expect(':')
      // Jackson keeps the last of duplicate keys (at the position of the first).
      entries.set(key, this.value(depth + 1))
      if (this.peekAfterSpace() === '}') return this.close({ kind: 'object', entries })
      this.expect(',')
    }
  }

  private array(depth: number): JsonNode {
    const items: JsonNode[] = []
    this.pos++
    if (this.peekAfterSpace() === ']') return this.close({ kind: 'array', items })
    for (;;) {
      items.push(this.value(depth + 1))
      if (this.peekAfterSpace() === ']') return this.close({ kind: 'array', items })
      this.expect(',')
    }
  }

  private string(): string {
    let out = ''
    let start = ++this.pos
    for (;;) {
      const code = this.text.charCodeAt(this.pos)
      if (Number.isNaN(code)) this.fail('unterminated string')
      if (code < 0x20) this.fail('unescaped control character in a string')
      if (code === 0x22) break
      if (code === 0x5c) {
        out += this.text.slice(start, this.pos) + this.escape()
        start = this.pos
      } else this.pos++
    }
    out += this.text.slice(start, this.pos++)
    return out
  }

  private escape(): string {
    const c = this.text[this.pos + 1] ?? ''
    if (c === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6)
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape')
      this.pos += 6
      return String.fromCharCode(parseInt(hex, 16))
    }
    const plain = ESCAPES[c]
    if (plain === undefined) this.fail(`invalid escape '\\${c}'`)
    this.pos += 2
    return plain
  }

  private number(): JsonNode {
    NUMBER.lastIndex = this.pos
    const match = NUMBER.exec(this.text)
    if (!match) this.fail('invalid number')
    this.pos += match[0].length
    return { kind: 'number', text: match[0] }
  }

  private close(node: JsonNode): JsonNode {
    this.pos++
    return node
  }

  private expect(c: string): void {
    if (this.peekAfterSpace() !== c) this.fail(`expected '${c}'`)
    this.pos++
  }

  private peekAfterSpace(): string | undefined {
    this.skipSpace()
    return this.text[this.pos]
  }

  private skipSpace(): void {
    while (/[ \t\n\r]/.test(this.text[this.pos] ?? '')) this.pos++
  }

  private fail(what: string): never {
    const before = this.text.slice(0, this.pos)
    const line = before.split('\n').length
    const column = this.pos - before.lastIndexOf('\n')
    throw invalidSchema(`Invalid schema: malformed JSON at line ${line}, column ${column}: ${what}`)
  }
}

const LITERALS: [string, JsonNode][] = [
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
  ['null', { kind: 'null' }],
]

/** Parses JSON text strictly (no trailing content, no comments), as Avro's parser does. */
export const readJson = (text: string): JsonNode => new JsonReader(text).document()

/**
 * Compact JSON for a default or a custom attribute. Object keys are sorted so that key order in the
 * submitted text never changes the stored text; numbers print as Jackson prints them.
 */
export const writeJson = (node: JsonNode): string => {
  switch (node.kind) {
    case 'null':
      return 'null'
    case 'boolean':
      return String(node.value)
    case 'number':
      return javaNumberText(node.text)
    case 'string':
      return JSON.stringify(node.value)
    case 'array':
      return `[${node.items.map(writeJson).join(',')}]`
    case 'object':
      return `{${sortedEntries(node.entries)
        .map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`)
        .join(',')}}`
  }
}

export const sortedEntries = <T>(entries: Map<string, T>): [string, T][] => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** The text of a string node, or undefined: Java's `textValue()`, which ignores other kinds. */
export const textOf = (node: JsonNode | undefined): string | undefined => (node?.kind === 'string' ? node.value : undefined)

/** A short rendering of a JSON value for error messages. */
export const preview = (node: JsonNode): string => {
  const text = writeJson(node)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
