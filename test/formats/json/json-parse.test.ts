import { describe, expect, it } from 'vitest'
import type { ResolvedReference } from '../../../src/domain/schema-types.js'
import { RegistryError } from '../../../src/errors/registry-error.js'
import { jsonFormat } from '../../../src/formats/json/index.js'
import type { ParsedJsonSchema } from '../../../src/formats/json/json-types.js'

const strict = { strict: true }
const parse = (schema: unknown, references: ResolvedReference[] = [], options = strict) =>
  jsonFormat.parse(typeof schema === 'string' ? schema : JSON.stringify(schema), references, options)
const valueOf = (schema: unknown) => parse(schema).value as ParsedJsonSchema

const reference = (name: string, schema: unknown, references: ResolvedReference[] = []): ResolvedReference => ({
  name,
  subject: name,
  version: 1,
  schemaType: 'JSON',
  schema: JSON.stringify(schema),
  references,
})

/** The error a call throws, asserting it is the registry's INVALID_SCHEMA. */
const invalid = (fn: () => unknown): RegistryError => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError)
    expect((e as RegistryError).kind).toBe('INVALID_SCHEMA')
    return e as RegistryError
  }
  throw new Error('expected INVALID_SCHEMA')
}

describe('JSON Schema parse: documents', () => {
  it('accepts a JSON object and the boolean schemas', () => {
    expect(parse({ type: 'string' }).type).toBe('JSON')
    expect(valueOf(true).root).toBe(true)
    expect(valueOf(false).root).toBe(false)
  })

  it('rejects text that is not JSON, saying so', () => {
    expect(invalid(() => parse('{"type": ')).message).toMatch(/not valid JSON/)
  })

  it('rejects JSON that is neither an object nor a boolean', () => {
    for (const text of ['[]', '"string"', '42', 'null']) expect(invalid(() => parse(text)).message).toMatch(/object or a boolean/)
  })

  it('rejects nesting deeper than 200 levels without overflowing the stack', () => {
    const deep = '{"not":'.repeat(100_000) + '{}' + '}'.repeat(100_000)
    expect(invalid(() => parse(deep)).message).toMatch(/levels deep/)
    expect(invalid(() => parse(deep, [], { strict: false })).message).toMatch(/levels deep/)
  })

  it('rejects a number too large for a double instead of storing it as null', () => {
    expect(invalid(() => parse('{"maximum": 1e400}')).message).toMatch(/too large/)
  })

  it('accepts nesting up to the limit', () => {
    const ok = '{"not":'.repeat(150) + '{}' + '}'.repeat(150)
    expect(parse(ok).type).toBe('JSON')
  })

  it('keeps a property named __proto__ as a property', () => {
    const parsed = valueOf('{"type":"object","properties":{"__proto__":{"type":"string"}}}')
    expect(jsonFormat.canonical(parse('{"properties":{"__proto__":{"type":"string"}}}'), { normalize: true })).toBe('{"properties":{"__proto__":{"type":"string"}}}')
    expect(Object.keys((parsed.root as { properties: object }).properties)).toEqual(['__proto__'])
  })
})

describe('JSON Schema parse: validity under the draft', () => {
  it('rejects a schema whose type keyword names no JSON type, saying where', () => {
    const message = invalid(() => parse({ type: 'strin' })).message
    expect(message).toContain("'#/type'")
    expect(message).toMatch(/allowed values/)
  })

  it('rejects properties that are not an object', () => {
    expect(invalid(() => parse({ properties: 5 })).message).toContain("'#/properties' must be object")
  })

  it('rejects required that is not an array', () => {
    expect(invalid(() => parse({ required: 'x' })).message).toContain("'#/required' must be array")
  })

  it('reports the place of an error deep inside the schema', () => {
    const message = invalid(() => parse({ properties: { a: { items: { minLength: -1 } } } })).message
    expect(message).toContain("'#/properties/a/items/minLength'")
    expect(message).not.toContain("'#/properties/a/items' must be array")
  })

  it('accepts unknown keywords and formats, as Confluent does', () => {
    expect(parse({ type: 'string', format: 'x-custom', 'x-owner': 'team-a', connect: { index: 1 } }).type).toBe('JSON')
  })

  it('accepts Java-only regular expressions in pattern', () => {
    expect(parse({ type: 'string', pattern: '(?i)^abc$' }).type).toBe('JSON')
  })

  it('rejects a $schema that is not a string', () => {
    expect(invalid(() => parse({ $schema: 7 })).message).toMatch(/\$schema/)
  })

  it('parses stored schemas leniently: invalid keywords do not lock a subject out of its history', () => {
    expect(parse({ type: 'strin' }, [], { strict: false }).type).toBe('JSON')
  })
})

describe('JSON Schema parse: drafts', () => {
  const cases: Array<[string | undefined, string]> = [
    ['http://json-schema.org/draft-04/schema#', 'draft-04'],
    ['http://json-schema.org/draft-06/schema#', 'draft-06'],
    ['http://json-schema.org/draft-07/schema#', 'draft-07'],
    ['https://json-schema.org/draft-07/schema', 'draft-07'],
    ['https://json-schema.org/draft/2019-09/schema', '2019-09'],
    ['https://json-schema.org/draft/2020-12/schema', '2020-12'],
    ['https://example.com/my-meta-schema', 'draft-07'],
    [undefined, 'draft-07'],
  ]
  it.each(cases)('reads $schema %s as %s', ($schema, draft) => {
    expect(valueOf({ ...($schema ? { $schema } : {}), type: 'string' }).draft).toBe(draft)
  })

  it('validates draft 4 by its own meta-schema (boolean exclusiveMaximum)', () => {
    const d4 = 'http://json-schema.org/draft-04/schema#'
    expect(parse({ $schema: d4, type: 'number', maximum: 3, exclusiveMaximum: true }).type).toBe('JSON')
    expect(invalid(() => parse({ $schema: d4, type: 'number', exclusiveMaximum: 3 })).message).toContain('exclusiveMaximum')
  })

  it('validates draft 2020-12 keywords (prefixItems must be an array)', () => {
    const d2020 = 'https://json-schema.org/draft/2020-12/schema'
    expect(parse({ $schema: d2020, prefixItems: [{ type: 'string' }], items: false }).type).toBe('JSON')
    expect(invalid(() => parse({ $schema: d2020, prefixItems: 5 })).message).toContain("'#/prefixItems'")
  })

  it('accepts draft 2019-09 dependentRequired', () => {
    expect(parse({ $schema: 'https://json-schema.org/draft/2019-09/schema', dependentRequired: { a: ['b'] } }).type).toBe('JSON')
  })
})

describe('JSON Schema parse: $ref and references', () => {
  it('resolves local refs to definitions and $defs', () => {
    expect(parse({ properties: { a: { $ref: '#/definitions/A' } }, definitions: { A: { type: 'string' } } }).type).toBe('JSON')
    expect(parse({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/A', $defs: { A: true } }).type).toBe('JSON')
  })

  it('rejects a local $ref that resolves nowhere, naming it', () => {
    expect(invalid(() => parse({ $ref: '#/definitions/missing' })).message).toContain('#/definitions/missing')
  })

  it('rejects a $ref to a document that is not among the references', () => {
    expect(invalid(() => parse({ properties: { a: { $ref: 'address.json' } } })).message).toContain('address.json')
  })

  it('resolves a $ref to a reference by its name, with and without a fragment', () => {
    const address = reference('address.json', { type: 'object', definitions: { zip: { type: 'string' } } })
    expect(parse({ properties: { a: { $ref: 'address.json' }, z: { $ref: 'address.json#/definitions/zip' } } }, [address]).type).toBe('JSON')
  })

  it('resolves references named by absolute URL, and relative names against the $id', () => {
    const address = reference('https://acme.example/address.json', { type: 'object' })
    expect(parse({ properties: { a: { $ref: 'https://acme.example/address.json' } } }, [address]).type).toBe('JSON')
    const relative = reference('address.json', { type: 'object' })
    expect(parse({ $id: 'https://acme.example/order.json', properties: { a: { $ref: 'address.json' } } }, [relative]).type).toBe('JSON')
  })

  it('resolves refs through nested references', () => {
    const zip = reference('zip.json', { type: 'string' })
    const address = reference('address.json', { properties: { zip: { $ref: 'zip.json' } } }, [zip])
    const parsed = parse({ properties: { a: { $ref: 'address.json' } } }, [address])
    expect((parsed.value as ParsedJsonSchema).references.map((r) => r.name)).toEqual(['address.json', 'zip.json'])
  })

  it('rejects a reference whose text is not JSON, naming it', () => {
    const broken: ResolvedReference = { ...reference('a.json', {}), schema: '{' }
    expect(invalid(() => parse({ $ref: 'a.json' }, [broken])).message).toContain("reference 'a.json'")
  })

  it('accepts a recursive schema ($ref "#") without hanging', () => {
    expect(parse({ type: 'object', properties: { next: { $ref: '#' } } }).type).toBe('JSON')
  })

  it('rejects a schema that is only a $ref to itself: it never reaches a schema', () => {
    expect(invalid(() => parse({ $ref: '#' })).message).toMatch(/cycle/)
  })

  it('accepts a $ref to a json-schema.org meta-schema without a reference', () => {
    expect(parse({ properties: { s: { $ref: 'http://json-schema.org/draft-07/schema#' } } }).type).toBe('JSON')
  })

  it('resolves $refs to anchors: $id "#name" up to draft 7, $anchor later', () => {
    expect(parse({ $ref: '#a', definitions: { x: { $id: '#a', type: 'string' } } }).type).toBe('JSON')
    const d2020 = 'https://json-schema.org/draft/2020-12/schema'
    expect(parse({ $schema: d2020, $ref: '#a', $defs: { x: { $anchor: 'a', type: 'string' } } }).type).toBe('JSON')
    expect(invalid(() => parse({ $schema: d2020, $ref: '#b', $defs: { x: { $anchor: 'a' } } })).message).toContain("'#b'")
  })

  it('resolves $refs against an embedded $id', () => {
    const schema = { $id: 'https://acme.example/root.json', properties: { a: { $ref: 'item.json' } }, definitions: { i: { $id: 'item.json', type: 'string' } } }
    expect(parse(schema).type).toBe('JSON')
  })

  it('parses a schema with thousands of properties quickly', () => {
    const props = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`p${i}`, { type: 'string', $ref: '#/definitions/s' }]))
    const started = performance.now()
    expect(parse({ type: 'object', properties: props, definitions: { s: { maxLength: 3 } } }).type).toBe('JSON')
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('rejects a $ref cycle that never reaches a schema', () => {
    expect(invalid(() => parse({ $ref: '#/definitions/a', definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } } })).message).toMatch(/cycle/)
  })
})

describe('JSON Schema plugin', () => {
  it('is the JSON type, with no alternative rendering', () => {
    expect(jsonFormat.type).toBe('JSON')
    expect(jsonFormat.render(parse({}), 'serialized')).toBeUndefined()
  })

  it('throws INVALID_SCHEMA, not a crash, for a parsed schema of another type', () => {
    invalid(() => jsonFormat.canonical({ type: 'AVRO', value: {} }, { normalize: false }))
  })
})
