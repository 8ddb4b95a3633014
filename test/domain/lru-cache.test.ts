import { describe, expect, it } from 'vitest'
import { LruCache } from '../../src/domain/lru-cache.js'

const keys = <V>(c: LruCache<string, V>) => [...c.entries()].map(([k]) => k)

describe('LruCache', () => {
  it('evicts the least recently used by weight, keeping an entry read while it was in the older half', () => {
    const c = new LruCache<string, number>(4)
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, 1)
    expect(c.get('a')).toBe(1) // the oldest: moved to the back
    c.set('e', 1)
    expect(keys(c)).toEqual(['c', 'd', 'a', 'e'])
    expect(c.get('b')).toBeUndefined()
    expect(c.weight).toBe(4)
  })

  it('leaves an entry in the newer half where it is, and evicts it only once it is the oldest unread one', () => {
    const c = new LruCache<string, number>(4)
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, 1)
    expect(c.get('c')).toBe(1) // in the newer half: no move (a strict LRU would put it after d)
    expect(keys(c)).toEqual(['a', 'b', 'c', 'd'])
    for (const k of ['e', 'f']) c.set(k, 1)
    expect(keys(c)).toEqual(['c', 'd', 'e', 'f'])
    expect(c.get('c')).toBe(1) // now the oldest: moved, so the next eviction takes d
    c.set('g', 1)
    expect(keys(c)).toEqual(['e', 'f', 'c', 'g'])
  })

  it('weighs entries, drops one heavier than the whole bound, and replaces a key in place of its old weight', () => {
    const c = new LruCache<string, string>(10, (v) => v.length)
    c.set('x', 'aaaa')
    c.set('y', 'bbbbbb')
    c.set('big', 'c'.repeat(11))
    expect(c.get('big')).toBeUndefined()
    c.set('x', 'aa')
    expect(c.weight).toBe(8)
    expect(keys(c)).toEqual(['y', 'x'])
    c.set('z', 'ddd') // 11 > 10: y, the oldest, goes
    expect(keys(c)).toEqual(['x', 'z'])
    expect(c.weight).toBe(5)
  })
})
