import { describe, expect, it } from 'vitest'
import { hrefOf, parseHash, type Route } from '../../ui/src/router.js'

describe("the console's URLs name its pages", () => {
  it('reads back every page it writes', () => {
    const routes: Route[] = [
      { page: 'subjects', context: '.team', q: 'orders', pageNo: 3 },
      { page: 'subject', subject: ':.team:orders/value?#x', version: '2' },
      { page: 'diff', subject: 'orders-value', a: '1', b: '3' },
      { page: 'draft', subject: 'orders value' },
      { page: 'settings' },
      { page: 'events' },
      { page: 'audit', after: '41' },
      { page: 'sign-in', next: '#/subject/a?v=2' },
    ]
    for (const r of routes) expect(parseHash(hrefOf(r)), hrefOf(r)).toEqual(r)
  })

  it('writes short links and takes anything unknown for the subjects list', () => {
    expect(hrefOf({ page: 'subjects', pageNo: 1 })).toBe('#/')
    expect(hrefOf({ page: 'subject', subject: 'a/b' })).toBe('#/subject/a%2Fb')
    expect(parseHash('')).toEqual({ page: 'subjects', context: undefined, q: undefined, pageNo: 1 })
    expect(parseHash('#/nowhere?page=-2')).toEqual({ page: 'subjects', context: undefined, q: undefined, pageNo: 1 })
    expect(parseHash('#/subject/%E0%A4%A')).toEqual({ page: 'subjects' })
  })
})
