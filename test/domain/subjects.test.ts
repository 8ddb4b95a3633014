import { describe, expect, it } from 'vitest'
import { isValidSubjectName, normalizeContext, parseSubject, qualifySubject, requireScope, requireSubject, scopeKey } from '../../src/domain/subjects.js'
import { isRegistryError } from '../../src/errors/registry-error.js'

describe('subjects and contexts', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    [':.:', '.'],
    ['team-a', '.team-a'],
    ['.team-a', '.team-a'],
    [':.team-a:', '.team-a'],
  ])('normalizes context %j to %j', (raw, context) => {
    expect(normalizeContext(raw)).toBe(context)
  })

  it('splits a qualified subject and leaves an unqualified one in the given context', () => {
    expect(parseSubject(':.team-a:orders')).toEqual({ context: '.team-a', name: 'orders' })
    expect(parseSubject('orders', '.team-b')).toEqual({ context: '.team-b', name: 'orders' })
    // a colon inside an unqualified name is part of the name
    expect(parseSubject('a:b')).toEqual({ context: '.', name: 'a:b' })
  })

  it('qualifies names outside the default context only; scope keys always', () => {
    expect(qualifySubject({ context: '.', name: 'orders' })).toBe('orders')
    expect(qualifySubject({ context: '.team-a', name: 'orders' })).toBe(':.team-a:orders')
    expect(scopeKey({ context: '.', name: 'orders' })).toBe(':.:orders')
  })

  it('accepts names up to 1,024 characters without control characters, except the reserved ones', () => {
    expect(isValidSubjectName('x'.repeat(1024))).toBe(true)
    expect(isValidSubjectName('x'.repeat(1025))).toBe(false)
    expect(isValidSubjectName('')).toBe(false)
    expect(isValidSubjectName('a\nb')).toBe(false)
    expect(isValidSubjectName('__GLOBAL')).toBe(false)
    expect(isValidSubjectName('__EMPTY')).toBe(false)
    expect(isValidSubjectName('ordres-été/v1')).toBe(true)
  })

  it('refuses an invalid subject with the name as given', () => {
    try {
      requireSubject('__GLOBAL', '.')
      expect.unreachable()
    } catch (e) {
      expect(isRegistryError(e) && e.kind).toBe('INVALID_SUBJECT')
      expect(isRegistryError(e) && e.details).toEqual({ subject: '__GLOBAL' })
    }
  })

  it('lets config and mode routes name a context scope, but not an empty subject', () => {
    expect(requireScope(':.team-a:', '.')).toEqual({ context: '.team-a', name: '' })
    expect(requireScope(':.__GLOBAL:', '.')).toEqual({ context: '.__GLOBAL', name: '' })
    expect(() => requireScope('', '.')).toThrow()
  })
})
