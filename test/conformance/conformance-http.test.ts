import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

interface Case {
  id: string
  format: 'AVRO' | 'JSON' | 'PROTOBUF'
  level: string
  history: string[]
  new: string
  compatible: boolean
  why: string
}

const load = (name: string): Case[] => JSON.parse(readFileSync(new URL(`../fixtures/conformance/${name}.json`, import.meta.url), 'utf8'))

let t: TestApp
let offloaded: TestApp
beforeAll(async () => {
  t = await createTestApp()
  // every parse and check in worker threads: the path large schemas take
  offloaded = await createTestApp({ analysis: { offloadWeight: 0, timeoutMs: 30_000, workers: 2 } })
})
afterAll(async () => {
  await t.close()
  await offloaded.close()
})

// Every case through the HTTP API (conformance/README.md): register the history under the level, then
// both the compatibility check and the registration must give the expected verdict.
const runCase = async (c: Case, subject: string, dialect: 'cf' | 'os', app: () => TestApp = () => t) => {
  const send = dialect === 'cf' ? app().cf : app().os
  const body = (schema: string) => (dialect === 'cf' ? { schema, schemaType: c.format } : { schemaType: c.format, schemaDefinition: schema })
  // OpenSchema sets a level through the subject upsert; Confluent through the subject config
  const level = dialect === 'cf' ? await send('PUT', `/config/${subject}`, { compatibility: c.level }) : await send('POST', `/subjects/${subject}/`, { compatibility: c.level })
  expect(level.statusCode, level.body).toBe(200)
  for (const schema of c.history) {
    const res = await send('POST', `/subjects/${subject}/versions`, body(schema))
    expect(res.statusCode, `history: ${res.body}`).toBe(200)
  }
  const check = await send('POST', `/compatibility/subjects/${subject}/versions?verbose=true`, body(c.new))
  const key = dialect === 'cf' ? 'is_compatible' : 'isCompatible'
  expect(check.json()[key], `check: ${c.why} ${check.body}`).toBe(c.compatible)
  const reg = await send('POST', `/subjects/${subject}/versions`, body(c.new))
  if (c.compatible) expect(reg.statusCode, `register: ${reg.body}`).toBe(200)
  else expect(reg.statusCode, `register: ${reg.body}`).toBe(409)
  if (c.history.length === 1 || !c.level.endsWith('TRANSITIVE')) {
    const latest = await send('POST', `/compatibility/subjects/${subject}/versions/latest`, body(c.new))
    if (latest.statusCode === 200) expect(latest.json()[key]).toBe(c.compatible)
  }
}

for (const format of ['avro', 'json', 'protobuf']) {
  const cases = load(format)
  describe(`${format} conformance cases through the Confluent dialect`, () => {
    it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => runCase(c, `cf-${id}`, 'cf'))
  })
  describe(`${format} conformance cases through the OpenSchema dialect`, () => {
    it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => runCase(c, `os-${id}`, 'os'))
  })
  describe(`${format} conformance cases with parsing and checks in worker threads`, () => {
    it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => runCase(c, `w-${id}`, 'cf', () => offloaded))
  })
}
