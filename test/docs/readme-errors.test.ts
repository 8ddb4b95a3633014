import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_KINDS } from '../../src/errors/registry-error.js'
import { DIALECTS } from '../../src/http/dialects/index.js'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The README's error table: one row per catalogue kind, `status/code` per dialect. */
const rows = () => {
  const section = README.slice(README.indexOf('## Errors'), README.indexOf('## Development'))
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map(([, kind, , openschema, confluent]) => ({ kind: kind!.replaceAll('`', ''), openschema, confluent }))
}

describe("the README's error table", () => {
  it('lists every catalogue kind exactly once', () => {
    expect(rows().map((r) => r.kind)).toEqual([...ERROR_KINDS])
  })

  it.each(DIALECTS.map((d) => [d.name, d] as const))('gives each kind the status and code of the %s code table', (name, dialect) => {
    for (const row of rows()) {
      const [status, code] = dialect.errorCodes[row.kind as (typeof ERROR_KINDS)[number]]
      expect(row[name as 'openschema' | 'confluent'], `${row.kind} in ${name}`).toBe(`${status}/${code}`)
    }
  })

  it('answers with codes that are the status itself or the status followed by two digits', () => {
    for (const dialect of DIALECTS) {
      for (const [kind, [status, code]] of Object.entries(dialect.errorCodes)) {
        expect(String(code) === String(status) || new RegExp(`^${status}\\d\\d$`).test(String(code)), `${dialect.name} ${kind}`).toBe(true)
      }
    }
  })
})
