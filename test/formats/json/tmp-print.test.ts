import { readFileSync } from 'node:fs'
import { it } from 'vitest'
import { verdict, type CompatibilityCase } from './json-case-runner.js'
it('print', () => {
  const cases = JSON.parse(readFileSync('test/fixtures/conformance/json.json','utf8')) as CompatibilityCase[]
  for (const c of cases) { const r = verdict(c); if (!r.compatible) console.log(c.id, '|', c.why.match(/\(([A-Z_]+)\)/)?.[1], '\n   ', r.incompatibilities.map(i=>i.message).join('\n    ')) }
})
