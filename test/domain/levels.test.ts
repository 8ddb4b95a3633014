import { describe, expect, it } from 'vitest'
import { COMPATIBILITY_LEVELS, levelPlan, parseLevel, parseMode, parsePolicy } from '../../src/domain/levels.js'
import { isRegistryError } from '../../src/errors/registry-error.js'

const errorOf = (run: () => unknown) => {
  try {
    run()
  } catch (e) {
    if (isRegistryError(e)) return e
  }
  throw new Error('expected a RegistryError')
}

describe('levels', () => {
  it('reads levels in any case and stores them upper case', () => {
    expect(parseLevel(' backward_transitive ')).toBe('BACKWARD_TRANSITIVE')
    expect(parseLevel('Full')).toBe('FULL')
  })

  it.each(['SIDEWAYS', '', 42, null])('refuses %j as an invalid compatibility level', (raw) => {
    const e = errorOf(() => parseLevel(raw))
    expect(e.kind).toBe('INVALID_COMPATIBILITY_LEVEL')
    expect(e.message).toMatch(/^Invalid compatibility level\. Valid values are none, backward/)
  })

  it('reads policies in any case and refuses others with the level kind', () => {
    expect(parsePolicy('lenient')).toBe('LENIENT')
    expect(parsePolicy('LOGICAL')).toBe('LOGICAL')
    const e = errorOf(() => parsePolicy('LOOSE'))
    expect(e.kind).toBe('INVALID_COMPATIBILITY_LEVEL')
    expect(e.message).toBe('Invalid compatibility policy LOOSE')
  })

  it('reads modes in any case and refuses others', () => {
    expect(parseMode('readonly_override')).toBe('READONLY_OVERRIDE')
    expect(errorOf(() => parseMode('WRITEONLY')).kind).toBe('INVALID_MODE')
  })

  it.each([
    ['NONE', false, false, false],
    ['BACKWARD', true, false, false],
    ['FORWARD', false, true, false],
    ['FULL', true, true, false],
    ['BACKWARD_TRANSITIVE', true, false, true],
    ['FORWARD_TRANSITIVE', false, true, true],
    ['FULL_TRANSITIVE', true, true, true],
  ] as const)('%s checks backward=%s forward=%s transitive=%s', (level, backward, forward, transitive) => {
    expect(levelPlan(level)).toEqual({ backward, forward, transitive })
  })

  it('knows the seven levels', () => {
    expect(COMPATIBILITY_LEVELS).toHaveLength(7)
  })
})
