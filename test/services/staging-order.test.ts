import { describe, expect, it } from 'vitest'
import { isRegistryError } from '../../src/errors/registry-error.js'
import { referenceOrder } from '../../src/services/staging-service.js'
import type { StagedSchema } from '../../src/storage/registry-store.js'

// docs/EXTENSIONS.md §8.1: a promotion registers dependencies first; `-1` references name staged subjects.
const staged = (subject: string, ...deps: string[]): StagedSchema => ({
  context: '.',
  subject,
  schemaType: 'AVRO',
  schema: '"string"',
  references: deps.map((d) => ({ name: d, subject: d, version: -1 })),
  metadata: null,
  ruleSet: null,
  forced: false,
  stagedAt: new Date(0),
})

const order = (...s: StagedSchema[]) => referenceOrder(s).map((x) => x.subject)

describe('the reference order of a promotion', () => {
  it('puts every staged dependency before its referrer, and keeps subject order otherwise', () => {
    expect(order(staged('a', 'c'), staged('b'), staged('c', 'd'), staged('d'))).toEqual(['d', 'c', 'a', 'b'])
  })

  it('ignores references to subjects that are not staged, to other contexts, and to fixed versions', () => {
    const fixed = { ...staged('a'), references: [{ name: 'b', subject: 'b', version: 1 }] }
    const elsewhere = { ...staged('b'), references: [{ name: 'c', subject: ':.other:c', version: -1 }] }
    expect(order(fixed, elsewhere, staged('c', 'zzz'))).toEqual(['a', 'b', 'c'])
  })

  it('fails a cycle as a promotion failure naming a subject of it', () => {
    try {
      order(staged('a', 'b'), staged('b', 'a'))
      expect.unreachable()
    } catch (e) {
      expect(isRegistryError(e) && e.kind).toBe('PROMOTION_FAILED')
      expect((e as Error).message).toMatch(/'a'.*cycle/)
    }
  })
})
