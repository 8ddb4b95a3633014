import { afterAll, describe, expect, it } from 'vitest'
import { createFormats } from '../../src/formats/formats.js'
import { createAnalyzer } from '../../src/services/analysis/analyzer.js'
import { createContentService } from '../../src/services/content-service.js'
import type { StoreReader } from '../../src/storage/registry-store.js'

const formats = createFormats()
const inWorkers = createAnalyzer(formats, { offloadWeight: 0, timeoutMs: 20_000, workers: 1 })
const inline = createAnalyzer(formats, { offloadWeight: Number.MAX_SAFE_INTEGER, timeoutMs: 20_000 })
afterAll(async () => {
  await inWorkers.close()
  await inline.close()
})

const record = (fields: object[]) => JSON.stringify({ type: 'record', name: 'R', fields })
const source = (schema: string) => ({ schemaType: 'AVRO' as const, schema, references: [] })

describe('analyzer', () => {
  it('gives the same canonical text and verdicts in a worker thread as in-process', async () => {
    const text = '{ "fields": [{"type":"string","name":"a"}], "name": "R", "type": "record" }'
    const job = { kind: 'canonical' as const, source: source(text), strict: true, normalize: false }
    expect(await inWorkers.run(job)).toBe(await inline.run(job))
    const check = {
      kind: 'check' as const,
      candidate: source(
        record([
          { name: 'a', type: 'string' },
          { name: 'b', type: 'int' },
        ]),
      ),
      previous: [{ ...source(record([{ name: 'a', type: 'string' }])), version: 1 }],
      level: 'BACKWARD' as const,
      policy: 'STRICT' as const,
    }
    const viaWorker = await inWorkers.run(check)
    expect(viaWorker.compatible).toBe(false)
    expect(viaWorker).toEqual(await inline.run(check))
  })

  it('carries the structured result, reserved-field findings included, out of a worker thread', async () => {
    const check = {
      kind: 'check' as const,
      candidate: source(
        record([
          { name: 'a', type: 'string' },
          { name: 'ssn', type: 'int' },
        ]),
      ),
      previous: [{ ...source(record([{ name: 'a', type: 'string' }])), version: 4 }],
      level: 'FULL' as const,
      policy: 'STRICT' as const,
      validateFields: true,
      reserved: { current: ['ssn'], previous: ['ssn'] },
    }
    const viaWorker = await inWorkers.run(check)
    expect(viaWorker).toMatchObject({ compatible: false, level: 'FULL', validateFields: true, compared: { version: 4 } })
    expect(viaWorker.incompatibilities.map((i) => [i.kind, i.direction])).toEqual([
      ['FIELD_CONFLICTS_WITH_RESERVED_FIELD', 'backward'],
      ['READER_FIELD_MISSING_DEFAULT_VALUE', 'backward'],
    ])
    expect(viaWorker).toEqual(await inline.run(check))
  })

  it('carries an invalid schema out of a worker as INVALID_SCHEMA with its message', async () => {
    const job = { kind: 'canonical' as const, source: source('{"type":"record","name":"X"}'), strict: true, normalize: false }
    const inlineError = await inline.run(job).catch((e) => e)
    await expect(inWorkers.run(job)).rejects.toMatchObject({ kind: 'INVALID_SCHEMA', message: inlineError.message })
  })

  it('ends a job that runs past the timeout with TIMEOUT and keeps serving later jobs', async () => {
    const slow = createAnalyzer(formats, { offloadWeight: 0, timeoutMs: 100, workers: 1 })
    // a wide record against a long history: far more than 100 ms of work
    const wide = record(Array.from({ length: 3000 }, (_, i) => ({ name: `f${i}`, type: ['null', 'string'], default: null })))
    // every version distinct (its own doc), so each one is parsed: far more than 100 ms of work
    const previous = Array.from({ length: 200 }, (_, i) => ({ ...source(wide.replace('"name":"R"', `"name":"R","doc":"v${i}"`)), version: i + 1 }))
    const job = { kind: 'check' as const, candidate: source(wide), previous, level: 'FULL_TRANSITIVE' as const, policy: 'STRICT' as const }
    await expect(slow.run(job)).rejects.toMatchObject({ kind: 'TIMEOUT' })
    const after = await slow.run({ kind: 'canonical', source: source('"string"'), strict: true, normalize: false })
    expect(after).toBe('"string"')
    await slow.close()
  })

  it('prepares a heavy candidate (canonical text, hash, guid) in a worker thread as in-process', async () => {
    // ~80 KB, unordered keys and whitespace: the canonical form differs from the text sent
    const fields = Array.from({ length: 1500 }, (_, i) => ({ doc: `field ${i}`, type: ['null', 'string'], name: `f${i}`, default: null }))
    const text = JSON.stringify({ fields, name: 'Heavy', namespace: 'n', type: 'record' }, null, 1)
    expect(text.length).toBeGreaterThan(80_000)
    const input = { schemaType: 'AVRO' as const, schema: text, references: [], metadata: { properties: { owner: 'x' } }, ruleSet: null }
    const noReads = {} as StoreReader
    for (const normalize of [false, true]) {
      const viaWorker = await createContentService({ analyzer: inWorkers }).prepare(noReads, '.', input, { normalize, strict: true })
      const inProcess = await createContentService({ analyzer: inline }).prepare(noReads, '.', input, { normalize, strict: true })
      expect(viaWorker.schema).not.toBe(text)
      expect(viaWorker).toEqual(inProcess)
    }
  })

  it('answers a heavy canonical job again with the text it gave, per normalization and strictness', async () => {
    const body = Array.from({ length: 1500 }, (_, i) => `  Inner field_number_${i} = ${i + 1};`).join('\n')
    const text = `syntax = "proto3";\npackage p;\nmessage M {\n  message Inner { string s = 1; }\n${body}\n}\n`
    expect(text.length).toBeGreaterThan(32 * 1024)
    const heavy = createAnalyzer(formats, { offloadWeight: 32 * 1024, timeoutMs: 20_000, workers: 1 })
    try {
      const texts: string[] = []
      for (const normalize of [false, true, false, true])
        for (const strict of [true, false]) {
          const job = { kind: 'canonical' as const, source: { schemaType: 'PROTOBUF' as const, schema: text, references: [] }, strict, normalize }
          const got = await heavy.run(job)
          expect(got).toBe(await inline.run(job))
          texts.push(got)
        }
      // normalized, the field types are fully qualified: a cache that mixed the two would show here
      expect(texts[2]).toContain('.p.M.Inner field_number_0')
      expect(texts[0]).not.toContain('.p.M.Inner')
    } finally {
      await heavy.close()
    }
  })
})
