import { describe, expect, it } from 'vitest'
import { createFormats } from '../../src/formats/formats.js'
import { confluentCompatibilityMessages } from '../../src/http/dialects/confluent/compatibility-messages.js'
import { createCompatibilityService, type PreviousVersion } from '../../src/services/compatibility-service.js'

const formats = createFormats()
const avro = formats.get('AVRO')
const service = createCompatibilityService({ formats })

const record = (fields: object[]) => JSON.stringify({ type: 'record', name: 'R', fields })
const v1 = record([{ name: 'a', type: 'string' }])
// v2 removes nothing and adds b with a default: compatible both ways with v1
const v2 = record([
  { name: 'a', type: 'string' },
  { name: 'b', type: 'int', default: 0 },
])
// v3 drops a: a reader of v3 can read v1 and v2; a v1 reader cannot read v3 data (a has no default)
const v3 = record([{ name: 'b', type: 'int', default: 0 }])

const prev = (texts: string[]): PreviousVersion[] => texts.map((schema, i) => ({ version: i + 1, schemaType: 'AVRO', schema, parsed: avro.parse(schema, [], { strict: false }) }))
const candidate = (text: string) => avro.parse(text, [], { strict: true })
const check = (level: Parameters<typeof service.check>[0]['level'], history: string[], next: string) =>
  service.check({ candidate: candidate(next), previous: prev(history), level, policy: 'STRICT' })

describe('compatibility levels over checkReadable', () => {
  it('checks nothing under NONE', () => {
    expect(check('NONE', [v1], record([{ name: 'z', type: 'bytes' }])).compatible).toBe(true)
  })

  it('is compatible with no previous version at every level', () => {
    expect(check('FULL_TRANSITIVE', [], v1).compatible).toBe(true)
  })

  it('reads old data with the new schema under BACKWARD', () => {
    expect(check('BACKWARD', [v1], v3).compatible).toBe(true)
    expect(check('BACKWARD', [v3], v1).compatible).toBe(false)
  })

  it('reads new data with the old schema under FORWARD', () => {
    expect(check('FORWARD', [v1], v3).compatible).toBe(false)
    expect(check('FORWARD', [v3], v1).compatible).toBe(true)
  })

  it('needs both directions under FULL', () => {
    expect(check('FULL', [v1], v2).compatible).toBe(true)
    expect(check('FULL', [v1], v3).compatible).toBe(false)
  })

  it('compares only the latest version under a plain level and every version under a transitive one', () => {
    const older = record([
      { name: 'a', type: 'string' },
      { name: 'c', type: 'long' },
    ])
    // FORWARD: a v-older reader needs c, which the new schema lacks; the latest (v1) does not need it
    expect(check('FORWARD', [older, v1], v2).compatible).toBe(true)
    expect(check('FORWARD_TRANSITIVE', [older, v1], v2).compatible).toBe(false)
  })

  it('reports structured findings with their direction, the version that failed and the config', () => {
    const result = check('BACKWARD', [v3], v1)
    expect(result).toEqual({
      compatible: false,
      incompatibilities: [
        {
          kind: 'READER_FIELD_MISSING_DEFAULT_VALUE',
          path: '/fields/0',
          description: "The field 'a' at path '/fields/0' in the {reader} schema has no default value and is missing in the {writer} schema",
          info: 'a',
          direction: 'backward',
        },
      ],
      compared: { version: 1, schema: v3 },
      level: 'BACKWARD',
      validateFields: false,
    })
    expect(structuredClone(result)).toEqual(result)
  })

  it('tags FULL findings backward first, then forward', () => {
    // v1 -> v4: the new reader lacks a default for c (backward); the old reader lacks one for a (forward)
    const v4 = record([{ name: 'c', type: 'string' }])
    const result = check('FULL', [v1], v4)
    expect(result.incompatibilities.map((i) => [i.direction, i.info])).toEqual([
      ['backward', 'c'],
      ['forward', 'a'],
    ])
  })

  it('is Confluent-style through the Confluent renderer: the differences, the old version, its schema and the config', () => {
    const messages = confluentCompatibilityMessages(check('BACKWARD', [v3], v1))
    expect(messages).toEqual([
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'a' at path '/fields/0' in the new schema has no default value and is missing in the old schema', additionalInfo:'a'}",
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${v3}'}`,
      "{validateFields: 'false', compatibility: 'BACKWARD'}",
    ])
  })

  it('is incompatible across schema types under every level but NONE', () => {
    const json = formats.get('JSON')
    const previous = [{ version: 1, schemaType: 'JSON' as const, schema: '{"type":"string"}', parsed: json.parse('{"type":"string"}', [], { strict: false }) }]
    const result = service.check({ candidate: candidate(v1), previous, level: 'BACKWARD', policy: 'STRICT' })
    expect(result.compatible).toBe(false)
    expect(result.incompatibilities.map((i) => i.kind)).toEqual(['SCHEMA_TYPE_MISMATCH'])
    expect(confluentCompatibilityMessages(result)[0]).toBe('Incompatible because of different schema type')
    expect(service.check({ candidate: candidate(v1), previous, level: 'NONE', policy: 'STRICT' }).compatible).toBe(true)
  })
})
