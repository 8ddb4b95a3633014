import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyLevel, type LevelCase } from './protobuf-levels.js'

const CASES = JSON.parse(readFileSync('test/fixtures/conformance/protobuf.json', 'utf8')) as LevelCase[]

describe('Protobuf conformance cases', () => {
  it('covers every case of the case file', () => {
    expect(CASES.length).toBeGreaterThan(0)
  })

  for (const c of CASES) {
    it(`${c.id}: ${c.why ?? ''}`, () => {
      const found = applyLevel(c)
      expect(found.length === 0, JSON.stringify(found, null, 2)).toBe(c.compatible)
    })
  }
})
