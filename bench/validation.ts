/**
 * Payload validation on a broker's hot path (docs/EXTENSIONS.md §5): 1 KB Avro and JSON payloads by
 * id and in Confluent's wire format, one per request and in NDJSON batches of 100. Each row's rate is
 * set against `GET /schemas/ids/{id}` measured in the same run; the targets are a ratio of at least
 * 0.5 for single payloads and, for batches, ten times the single-payload message rate.
 */
import avro from 'avsc'

export interface Measured {
  rps: number
  failed: number
  p50: number
  p99: number
}
export type Measure = (method: string, path: string, body: string | Buffer | undefined, contentType?: string) => Promise<Measured>
type Post = (path: string, body: string | Buffer, contentType: string) => Promise<{ status: number; text: string }>

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

interface Row {
  name: string
  path: string
  body: string | Buffer
  type: string
  /** Payloads per request. */
  messages: number
}

/** Registers the two schemas and checks once that every body validates, so the rates count real work. */
const prepare = async (post: Post, cf: string): Promise<Row[]> => {
  const idOf = async (subject: string, schema: object, schemaType: string) => {
    const res = await post(`/subjects/${subject}/versions`, JSON.stringify({ schema: JSON.stringify(schema), schemaType }), cf)
    return (JSON.parse(res.text) as { id: number }).id
  }
  const avroId = await idOf('bench-validate-avro', avroSchema, 'AVRO')
  const jsonId = await idOf('bench-validate-json', jsonSchema, 'JSON')
  const type = avro.Type.forSchema(avroSchema as avro.Schema)
  const one = JSON.stringify(record(0))
  const binary = type.toBuffer(record(0))
  const batch = Array.from({ length: BATCH }, (_, i) => JSON.stringify(record(i))).join('\n')
  const rows: Row[] = [
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

/** Measures every row and prints rates, message rates and the ratios against their targets. */
export const validationScenario = async (measure: Measure, post: Post, cf: string, byIdRps: number) => {
  const rows = await prepare(post, cf)
  const results: { row: Row; m: Measured }[] = []
  for (const r of rows) results.push({ row: r, m: await measure('POST', r.path, r.body, r.type) })
  const singleRate = (name: string) => results.find((x) => x.row.name === name)?.m.rps ?? 0
  console.log(`\npayload validation (${Buffer.byteLength(JSON.stringify(record(0)))} B payloads), against GET /schemas/ids/{id} at ${byIdRps.toFixed(0)} req/s`)
  console.log('operation'.padEnd(34), 'req/s'.padStart(9), 'msg/s'.padStart(10), 'ratio'.padStart(7), 'target'.padStart(12), 'p99 ms'.padStart(8), 'errors'.padStart(7))
  for (const { row, m } of results) {
    const msgs = m.rps * row.messages
    // a batch is held against the single-payload JSON rate of its format
    const base = row.messages === 1 ? byIdRps : singleRate(row.name.includes('avro') ? 'validate avro json by id' : 'validate json by id')
    const ratio = base > 0 ? msgs / base : 0
    const target = row.messages === 1 ? SINGLE_TARGET : BATCH_TARGET
    const verdict = `${ratio >= target ? 'ok' : 'below'} >=${target}`
    console.log(
      row.name.padEnd(34),
      m.rps.toFixed(0).padStart(9),
      msgs.toFixed(0).padStart(10),
      ratio.toFixed(2).padStart(7),
      verdict.padStart(12),
      m.p99.toFixed(2).padStart(8),
      String(m.failed).padStart(7),
    )
  }
}
