import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ParsedSchema } from '../../../src/formats/format-plugin.js'
import { avroFormat } from '../../../src/formats/avro/index.js'

interface ConformanceCase {
  id: string
  format: string
  level: string
  history: string[]
  new: string
  compatible: boolean
  why: string
}

const cases = JSON.parse(readFileSync(new URL('../../fixtures/conformance/avro.json', import.meta.url), 'utf8')) as ConformanceCase[]

const options = { policy: 'STRICT' as const }
const readable = (reader: ParsedSchema, writer: ParsedSchema): boolean => avroFormat.checkReadable({ reader, writer, options }).length === 0

/** The level applied as docs/COMPATIBILITY.md §1 says: direction, and latest only unless transitive. */
const verdict = (c: ConformanceCase): boolean => {
  if (c.level === 'NONE') return true
  let next: ParsedSchema
  try {
    next = avroFormat.parse(c.new, [], { strict: true })
  } catch {
    return false // not registrable at all
  }
  const history = c.history.map((text) => avroFormat.parse(text, [], { strict: false }))
  const against = c.level.endsWith('_TRANSITIVE') ? history.reverse() : history.slice(-1)
  const backward = c.level.startsWith('BACKWARD') || c.level.startsWith('FULL')
  const forward = c.level.startsWith('FORWARD') || c.level.startsWith('FULL')
  return against.every((old) => (!backward || readable(next, old)) && (!forward || readable(old, next)))
}

describe('Avro conformance cases', () => {
  it('covers the whole case file', () => {
    expect(cases.length).toBeGreaterThan(0)
    expect(cases.every((c) => c.format === 'AVRO')).toBe(true)
  })

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(verdict(c), c.why).toBe(c.compatible)
  })
})
