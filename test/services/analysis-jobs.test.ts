import { describe, expect, it } from 'vitest'
import { avroFormat } from '../../src/formats/avro/index.js'
import { createFormats } from '../../src/formats/formats.js'
import { createJobRunner } from '../../src/services/analysis/analysis-jobs.js'

/** Avro parsing that counts its calls: what the runner's cache saves is parses not done. */
const countingFormats = () => {
  let parses = 0
  const formats = createFormats([
    {
      ...avroFormat,
      parse: (...args) => {
        parses++
        return avroFormat.parse(...args)
      },
    },
  ])
  return { formats, parses: () => parses }
}

const version = (v: number) => ({
  schemaType: 'AVRO' as const,
  schema: JSON.stringify({ type: 'record', name: 'R', doc: `version ${v}`, fields: [{ name: 'a', type: 'string' }] }),
  references: [],
  version: v,
})

const transitiveCheck = (versions: number) => ({
  kind: 'check' as const,
  candidate: version(versions + 1),
  previous: Array.from({ length: versions }, (_, i) => version(i + 1)),
  level: 'BACKWARD_TRANSITIVE' as const,
  policy: 'STRICT' as const,
})

describe('analysis job runner', () => {
  it('keeps a long history parsed: a second transitive check over 2,500 versions parses nothing again', () => {
    const { formats, parses } = countingFormats()
    const run = createJobRunner(formats)
    expect(run(transitiveCheck(2500)).compatible).toBe(true)
    expect(parses()).toBe(2501)
    expect(run(transitiveCheck(2500)).compatible).toBe(true)
    expect(parses()).toBe(2501)
  })

  it('stays within its byte bound: a small cache evicts, and parses what it evicted again', () => {
    const { formats, parses } = countingFormats()
    // room for about ten of these schemas (each weighs its key's length × 11 + 1 KiB)
    const run = createJobRunner(formats, 10 * (version(1).schema.length * 11 + 1100))
    run(transitiveCheck(50))
    const first = parses()
    run(transitiveCheck(50))
    expect(first).toBe(51)
    expect(parses()).toBeGreaterThan(first + 40)
  })

  it('tells strict from lenient parses and schemas with references from those without', () => {
    const { formats, parses } = countingFormats()
    const run = createJobRunner(formats)
    const source = { schemaType: 'AVRO' as const, schema: version(1).schema, references: [] }
    run({ kind: 'canonical', source, strict: true, normalize: false })
    run({ kind: 'canonical', source, strict: false, normalize: false })
    run({ kind: 'canonical', source, strict: true, normalize: true })
    expect(parses()).toBe(2)
  })
})
