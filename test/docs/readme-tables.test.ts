import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { envSchema } from '../../src/config.js'

/** The README's configuration table is the user's list of settings: it must match what config.ts reads. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The rows of the first table under `## <heading>`, as arrays of trimmed cells (header row dropped). */
const tableUnder = (markdown: string, heading: string): string[][] => {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`)
  if (start < 0) throw new Error(`README has no "## ${heading}" section`)
  const rows: string[][] = []
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break
    if (!line.trim().startsWith('|')) {
      if (rows.length > 0) break
      continue
    }
    rows.push(
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    )
  }
  return rows.filter((r) => !r.every((c) => /^:?-+:?$/.test(c))).slice(1)
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1')

/** `(unset)` means no default, `(empty)` the empty string; anything else is the default's text. */
const readmeDefault = (cell: string): string | undefined => (cell === '(unset)' ? undefined : cell === '(empty)' ? '' : unquote(cell))

describe('README configuration table', () => {
  const rows = tableUnder(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'Configuration')
  const documented = new Map(rows.map(([name, def]) => [unquote(name ?? ''), readmeDefault(def ?? '')]))
  const defaults = envSchema.parse({}) as Record<string, unknown>

  it('lists exactly the variables src/config.ts reads', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(envSchema.shape).sort())
    expect(rows.length).toBe(documented.size) // no variable listed twice
  })

  it.each(Object.keys(envSchema.shape))('gives the default config.ts applies for %s', (name) => {
    const actual = defaults[name]
    expect(documented.get(name)).toBe(actual === undefined ? undefined : String(actual))
  })

  it('every listed default is accepted by config.ts', () => {
    const env = Object.fromEntries([...documented].filter(([, v]) => v !== undefined)) as Record<string, string>
    expect(envSchema.parse(env)).toEqual(defaults)
  })
})
