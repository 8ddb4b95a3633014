/**
 * Payload validation on a broker's hot path (docs/EXTENSIONS.md §5): 1 KB Avro and JSON payloads by
 * id and in Confluent's wire format, one per request and in NDJSON batches of 100. Each row's rate is
 * set against `GET /schemas/ids/{id}` measured in the same run; the targets are a ratio of at least
 * 0.5 for single payloads and, for batches, ten times the single-payload message rate.
 */
import avro from 'avsc'
import { call, load, type LoadOptions, type Measured } from './load.js'
import type { Row } from './report.js'
const FIELDS = 20
const BATCH = 100
const SINGLE_TARGET = 0.5
const BATCH_TARGET = 10

// 20 strings of 40 characters plus keys: about 1 KB in either encoding
const record = (i: number) => Object.fromEntries(Array.from({ length: FIELDS }, (_, f) => [`f${f}`, `value-${i}-${f}-`.padEnd(40, 'x')]))
const avroSchema = { type: 'record', name: 'Payload', fields: Array.from({ length: FIELDS }, (_, f) => ({ name: `f${f}`, type: 'string' })) }
const jsonSchema = {
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: FIELDS }, (_, f) => [`f${f}`, { type: 'string', maxLength: 64 }])),
  required: Array.from({ length: FIELDS }, (_, f) => `f${f}`),
  additionalProperties: false,
}

const wire = (id: number, payload: Buffer) => {
  const header = Buffer.alloc(5)
  header.writeUInt32BE(id, 1)
  return Buffer.concat([header, payload])
}

interface Payload {
  name: string
  path: string
  body: string | Buffer
  type: string
  /** Payloads per request. */
  messages: number
}

const CF = 'application/vnd.schemaregistry.v1+json'

/** Registers the two schemas and checks once that every body validates, so the rates count real work. */
const prepare = async (port: number): Promise<Payload[]> => {
  const post = async (path: string, body: string | Buffer, type: string) => {
    const r = await call(port, { method: 'POST', path, body, headers: { 'content-type': type, accept: CF } })
    return { status: r.status, text: typeof r.body === 'string' ? r.body : JSON.stringify(r.body) }
  }
  const idOf = async (subject: string, schema: object, schemaType: string) => {
    const res = await post(`/subjects/${subject}/versions`, JSON.stringify({ schema: JSON.stringify(schema), schemaType }), CF)
    return (JSON.parse(res.text) as { id: number }).id
  }
  const avroId = await idOf('bench-validate-avro', avroSchema, 'AVRO')
  const jsonId = await idOf('bench-validate-json', jsonSchema, 'JSON')
  const type = avro.Type.forSchema(avroSchema as avro.Schema)
  const one = JSON.stringify(record(0))
  const binary = type.toBuffer(record(0))
  const batch = Array.from({ length: BATCH }, (_, i) => JSON.stringify(record(i))).join('\n')
  const rows: Payload[] = [
    { name: 'validate avro json by id', path: `/schemas/ids/${avroId}/validate`, body: one, type: 'application/json', messages: 1 },
    { name: 'validate avro binary by id', path: `/schemas/ids/${avroId}/validate`, body: binary, type: 'application/octet-stream', messages: 1 },
    { name: 'validate avro wire format', path: '/messages/validate', body: wire(avroId, binary), type: 'application/octet-stream', messages: 1 },
    { name: 'validate json by id', path: `/schemas/ids/${jsonId}/validate`, body: one, type: 'application/json', messages: 1 },
    { name: 'validate json wire format', path: '/messages/validate', body: wire(jsonId, Buffer.from(one)), type: 'application/octet-stream', messages: 1 },
    { name: `validate avro ndjson x${BATCH} by id`, path: `/schemas/ids/${avroId}/validate`, body: batch, type: 'application/x-ndjson', messages: BATCH },
    { name: `validate json ndjson x${BATCH} by id`, path: `/schemas/ids/${jsonId}/validate`, body: batch, type: 'application/x-ndjson', messages: BATCH },
  ]
  for (const r of rows) {
    const res = await post(r.path, r.body, r.type)
    const answers = res.text.trim().split('\n')
    if (res.status !== 200 || answers.length !== r.messages || answers.some((a) => a !== '{"valid":true}')) {
      throw new Error(`bench payload for "${r.name}" does not validate: ${res.status} ${res.text.slice(0, 200)}`)
    }
  }
  return rows
}

/** Measures every payload kind: rates, message rates and the ratios against their targets. */
export const validationScenario = async (port: number, byIdRps: number, engine: string, size: number, opts: LoadOptions): Promise<Row[]> => {
  const payloads = await prepare(port)
  const measured: { p: Payload; m: Measured }[] = []
  for (const p of payloads) {
    const m = await load(port, () => ({ method: 'POST', path: p.path, body: p.body, headers: { 'content-type': p.type, accept: CF } }), opts)
    measured.push({ p, m })
  }
  const singleRate = (name: string) => measured.find((x) => x.p.name === name)?.m.rps ?? 0
  return measured.map(({ p, m }): Row => {
    const messages = m.rps * p.messages
    // a batch is held against the single-payload JSON rate of its format
    const single = p.messages === 1
    const base = single ? byIdRps : singleRate(p.name.includes('avro') ? 'validate avro json by id' : 'validate json by id')
    const ratio = base > 0 ? messages / base : 0
    const target = single ? SINGLE_TARGET : BATCH_TARGET
    return {
      scenario: `${p.name}${single ? ' vs GET by id' : ' (messages/s) vs single'}`,
      engine,
      size,
      rate: messages,
      p50: m.p50,
      p99: m.p99,
      value: ratio,
      target: `>= ${target}`,
      met: ratio >= target,
      ...(m.errors > 0 ? { note: `${m.errors} errors` } : {}),
    }
  })
}
