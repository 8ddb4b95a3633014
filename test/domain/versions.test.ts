import { describe, expect, it } from 'vitest'
import { parseSchemaId, parseVersion } from '../../src/domain/versions.js'
import { isRegistryError } from '../../src/errors/registry-error.js'

const kindOf = (run: () => unknown) => {
  try {
    run()
  } catch (e) {
    return isRegistryError(e) ? { kind: e.kind, details: e.details } : e
  }
  return 'no error'
}

describe('parseVersion', () => {
  it.each(['latest', 'LATEST', ' Latest ', '-1'])('reads %j as the newest live version', (raw) => {
    expect(parseVersion(raw)).toEqual({ kind: 'latest' })
  })

  it.each([
    ['1', 1],
    ['+1', 1],
    ['007', 7],
    [' 42 ', 42],
    [String(2 ** 31 - 1), 2 ** 31 - 1],
  ])('reads %j as version %i', (raw, version) => {
    expect(parseVersion(raw)).toEqual({ kind: 'number', version })
  })

  it.each(['0', '-2', 'abc', '1.5', String(2 ** 31), '', '1e3'])('refuses %j as an invalid version that names the input', (raw) => {
    expect(kindOf(() => parseVersion(raw))).toEqual({ kind: 'INVALID_VERSION', details: { version: raw } })
  })
})

describe('parseSchemaId', () => {
  it('reads a decimal id, trimmed and with a plus sign', () => {
    expect(parseSchemaId(' +12 ')).toBe(12)
  })

  it.each(['abc', '1.5', String(2 ** 31)])('answers %j as a bad id parameter', (raw) => {
    expect(kindOf(() => parseSchemaId(raw))).toEqual({ kind: 'BAD_ID_PARAMETER', details: { id: raw } })
  })

  it.each(['0', '-3'])('answers %j as a schema that is not found', (raw) => {
    expect(kindOf(() => parseSchemaId(raw))).toEqual({ kind: 'SCHEMA_NOT_FOUND', details: { id: raw } })
  })
})
