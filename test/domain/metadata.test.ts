import { describe, expect, it } from 'vitest'
import { mergeMetadata, mergeRuleSets, metadataProperty } from '../../src/domain/metadata.js'

describe('metadata and rule set merges (Confluent)', () => {
  it('merges properties and tags key by key, the later winning, and unions sensitive', () => {
    const merged = mergeMetadata({ properties: { owner: 'a', team: 'x' }, tags: { f: ['PII'] }, sensitive: ['s1'] }, { properties: { owner: 'b' }, sensitive: ['s1', 's2'] })
    expect(merged).toEqual({ properties: { owner: 'b', team: 'x' }, tags: { f: ['PII'] }, sensitive: ['s1', 's2'] })
  })

  it('takes either side when the other is null', () => {
    expect(mergeMetadata(null, { properties: { a: '1' } })).toEqual({ properties: { a: '1' } })
    expect(mergeMetadata({ properties: { a: '1' } }, undefined)).toEqual({ properties: { a: '1' } })
    expect(mergeMetadata(null, null)).toBeNull()
  })

  it('merges rules of each kind by name, the later replacing the earlier', () => {
    const merged = mergeRuleSets(
      {
        domainRules: [
          { name: 'r1', expr: 'a' },
          { name: 'r2', expr: 'b' },
        ],
      },
      { domainRules: [{ name: 'r1', expr: 'c' }], migrationRules: [{ name: 'm' }] },
    )
    expect(merged).toEqual({
      domainRules: [
        { name: 'r1', expr: 'c' },
        { name: 'r2', expr: 'b' },
      ],
      migrationRules: [{ name: 'm' }],
    })
  })

  it('reads one metadata property, absent when there are none', () => {
    expect(metadataProperty({ properties: { app: 'x' } }, 'app')).toBe('x')
    expect(metadataProperty(null, 'app')).toBeUndefined()
  })
})
