import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type CompatibilityCase, verdict } from './json-case-runner.js'

const load = (url: URL): CompatibilityCase[] => JSON.parse(readFileSync(url, 'utf8')) as CompatibilityCase[]

const conformance = load(new URL('../../fixtures/conformance/json.json', import.meta.url))
const own = load(new URL('./json-rule-cases.json', import.meta.url))

describe('JSON Schema conformance cases', () => {
  it('has cases', () => expect(conformance.length).toBeGreaterThan(0))
  it.each(conformance.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = verdict(c)
    expect(result.compatible, `${c.why}\n${JSON.stringify(result.incompatibilities, null, 2)}`).toBe(c.compatible)
  })
})

describe('JSON Schema rule cases (ours, beyond the conformance file)', () => {
  it('have unique ids, none shared with the conformance file', () => {
    const ids = [...conformance, ...own].map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
  })
  it.each(own.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = verdict(c)
    expect(result.compatible, `${c.why}\n${JSON.stringify(result.incompatibilities, null, 2)}`).toBe(c.compatible)
  })
})
