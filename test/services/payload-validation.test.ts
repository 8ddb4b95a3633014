import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { avroFormat } from '../../src/formats/avro/index.js'
import type { FormatPlugin } from '../../src/formats/format-plugin.js'
import { createFormats } from '../../src/formats/formats.js'
import { jsonFormat } from '../../src/formats/json/index.js'
import { protobufFormat } from '../../src/formats/protobuf/index.js'
import { confluentPolicy } from '../../src/http/dialects/confluent/policy.js'
import { createAnalyzer } from '../../src/services/analysis/analyzer.js'
import { createContentService } from '../../src/services/content-service.js'
import { createPayloadValidation } from '../../src/services/payload-validation.js'
import { createRegistry, type Registry } from '../../src/services/registry.js'
import { openTestStore, primaryEngine, type TestStore } from '../support/stores.js'

// docs/EXTENSIONS.md §5.3: compiled validators are cached per (context, id, message), bounded.
describe('the payload validation service', () => {
  let test: TestStore
  let registry: Registry
  let compiled = 0
  const counting: FormatPlugin = {
    ...avroFormat,
    compileValidator: (parsed, options) => {
      compiled++
      return avroFormat.compileValidator(parsed, options)
    },
  }
  const record = (name: string) => JSON.stringify({ type: 'record', name, fields: [{ name: 'a', type: 'int' }] })
  const register = async (name: string, schema: string) =>
    (await registry.registrar.register({ subject: { context: '.', name }, schema, schemaType: 'AVRO', references: [], normalize: false }, confluentPolicy)).id

  beforeAll(async () => {
    test = await openTestStore(primaryEngine())
    registry = createRegistry({ store: test.store, formats: createFormats([counting, jsonFormat, protobufFormat]), defaultCompatibility: 'NONE' })
  })
  afterAll(async () => {
    await registry?.close()
    await test?.dispose()
  })

  it('compiles a schema once however often it is used, through every route', async () => {
    const id = await register('cached', record('Cached'))
    const body = { type: 'json' as const, text: '{"a": 1}' }
    const before = compiled
    for (let i = 0; i < 5; i++) expect(await registry.payloads.byId('.', id, undefined, body)).toEqual([{ valid: true }])
    expect(await registry.payloads.byVersion({ context: '.', name: 'cached' }, { kind: 'latest' }, confluentPolicy, undefined, body)).toEqual([{ valid: true }])
    const bytes = Buffer.from([0, 0, 0, 0, id, 2])
    expect(await registry.payloads.wireMessage('.', undefined, bytes)).toEqual({ valid: true })
    expect(compiled - before).toBe(1)
  })

  it('keeps a bounded number of compiled validators, dropping the least recently used (1,000 by default)', async () => {
    const formats = createFormats([counting, jsonFormat, protobufFormat])
    const analyzer = createAnalyzer(formats, { offloadWeight: Number.MAX_SAFE_INTEGER, timeoutMs: 30_000 })
    const payloads = createPayloadValidation({ store: test.store, formats, content: createContentService({ analyzer }), subjects: registry.subjects, cacheEntries: 2 })
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push(await register(`bound-${i}`, record(`Bound${i}`)))
    const body = { type: 'json' as const, text: '{"a": 1}' }
    const use = (id: number) => payloads.byId('.', id, undefined, body)
    await use(ids[0]!)
    await use(ids[1]!)
    let before = compiled
    await use(ids[0]!)
    await use(ids[1]!)
    expect(compiled, 'both cached').toBe(before)
    await use(ids[2]!) // drops ids[0], the least recently used
    await use(ids[1]!)
    expect(compiled - before, 'only the new one compiled').toBe(1)
    before = compiled
    await use(ids[0]!)
    expect(compiled - before, 'the dropped one compiled again').toBe(1)
    await analyzer.close()
  })

  it('refuses ?message= for an Avro schema as a request it cannot read', async () => {
    const id = await register('no-message', record('NoMessage'))
    await expect(registry.payloads.byId('.', id, 'x', { type: 'json', text: '{"a": 1}' })).rejects.toMatchObject({ kind: 'INVALID_SCHEMA' })
  })
})
