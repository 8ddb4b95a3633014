import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { RULE_CASES as PROTOBUF_RULE_CASES } from '../formats/protobuf/protobuf-rule-cases.js'

interface Case {
  policy?: 'STRICT' | 'LENIENT'
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
  // OpenSchema sets a level through the subject upsert; Confluent through the subject config. The
  // history is registered under NONE and the level set afterwards (the case README allows either;
  // some of our own cases have histories that are not registrable under their level).
  const setLevel = (compatibility: string) =>
    dialect === 'cf'
      ? send('PUT', `/config/${subject}`, { compatibility, ...(c.policy ? { compatibilityPolicy: c.policy } : {}) })
      : send('POST', `/subjects/${subject}/`, { compatibility })
  expect((await setLevel('NONE')).statusCode).toBe(200)
  for (const schema of c.history) {
    const res = await send('POST', `/subjects/${subject}/versions`, body(schema))
    expect(res.statusCode, `history: ${res.body}`).toBe(200)
  }
  const level = await setLevel(c.level)
  expect(level.statusCode, level.body).toBe(200)
  const check = await send('POST', `/compatibility/subjects/${subject}/versions?verbose=true`, body(c.new))
  const key = dialect === 'cf' ? 'is_compatible' : 'isCompatible'
  expect(check.json()[key], `check: ${c.why} ${check.body}`).toBe(c.compatible)
  const reg = await send('POST', `/subjects/${subject}/versions`, body(c.new))
  // content already live under the subject is answered with its id whatever the level says
  if (c.history.includes(c.new)) expect(reg.statusCode, `register: ${reg.body}`).toBe(200)
  else if (c.compatible) expect(reg.statusCode, `register: ${reg.body}`).toBe(200)
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

// The rules of docs/COMPATIBILITY.md that the shared files do not cover, as cases of our own (the format
// tests run them on the plugins; here they go through the HTTP API).
describe('own JSON Schema rule cases through the Confluent dialect', () => {
  const own: Case[] = JSON.parse(readFileSync(new URL('../formats/json/json-rule-cases.json', import.meta.url), 'utf8'))
  it.each(own.map((c) => [c.id, c] as const))('%s', (id, c) => runCase(c, `own-${id}`, 'cf'))
})
describe('own Protobuf rule cases through the Confluent dialect', () => {
  it.each(PROTOBUF_RULE_CASES.map((c) => [c.id, c] as const))('%s', (id, c) => runCase({ ...c, format: 'PROTOBUF' } as Case, `own-${id}`, 'cf'))
})
