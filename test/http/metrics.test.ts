import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §4.2: Prometheus metrics with Confluent's names, over the real app and store.

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
const samples = (text: string): Map<string, number> =>
  new Map(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ')
        return [line.slice(0, at), Number(line.slice(at + 1))]
      }),
  )

const avro = (name: string, type = 'int') => JSON.stringify({ type: 'record', name, fields: [{ name: 'a', type }] })

describe('metrics', () => {
  let t: TestApp
  const scrape = async (headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers })
    expect(res.statusCode).toBe(200)
    return { res, values: samples(res.body) }
  }
  const value = async (key: string) => (await scrape()).values.get(key)

  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('answers Prometheus text in either dialect, with the fixed gauges and the process metrics', async () => {
    for (const headers of [{}, { accept: CONFLUENT }] as Record<string, string>[]) {
      const { res, values } = await scrape(headers)
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
      expect(res.body).toContain('# TYPE kafka_schema_registry_registered_count gauge')
      expect(values.get('kafka_schema_registry_master_slave_role')).toBe(1)
      expect(values.get('kafka_schema_registry_node_count')).toBe(1)
      expect(values.has('process_cpu_user_seconds_total')).toBe(true)
      expect(values.has('process_resident_memory_bytes') || values.has('nodejs_heap_size_total_bytes')).toBe(true)
      expect(values.has('nodejs_eventloop_lag_seconds')).toBe(true)
    }
  })

  it('counts new versions by schema type, and the schemas registered', async () => {
    const before = (await value('kafka_schema_registry_registered_count')) ?? 0
    await t.registered('m-avro', avro('MAvro'))
    await t.registered('m-json', JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } }), { schemaType: 'JSON' })
    await t.registered('m-proto', 'syntax = "proto3";\nmessage MProto {\n  string a = 1;\n}\n', { schemaType: 'PROTOBUF' })
    // registering known content again creates nothing
    await t.registered('m-avro', avro('MAvro'))
    // the OpenSchema dialect's registration counts the same
    const os = await t.os('POST', '/subjects/m-avro-os/versions', { serialization: 'AVRO', schemaDefinition: JSON.parse(avro('MAvroOs')) })
    expect(os.statusCode).toBe(200)
    const { values } = await scrape()
    expect(values.get('kafka_schema_registry_schemas_created{schema_type="AVRO"}')).toBe(2)
    expect(values.get('kafka_schema_registry_schemas_created{schema_type="JSON"}')).toBe(1)
    expect(values.get('kafka_schema_registry_schemas_created{schema_type="PROTOBUF"}')).toBe(1)
    expect(values.get('kafka_schema_registry_registered_count')).toBe(before + 4)
  })

  it('counts version deletes by schema type, and the registered count follows', async () => {
    await t.registered('m-del', avro('MDel'))
    const before = (await value('kafka_schema_registry_registered_count'))!
    expect((await t.cf('DELETE', '/subjects/m-del/versions/1')).statusCode).toBe(200)
    const { values } = await scrape()
    expect(values.get('kafka_schema_registry_schemas_deleted{schema_type="AVRO"}')).toBe(1)
    expect(values.get('kafka_schema_registry_registered_count')).toBe(before - 1)
    // a delete that fails counts nothing
    expect((await t.cf('DELETE', '/subjects/m-del/versions/7')).statusCode).toBe(404)
    expect(await value('kafka_schema_registry_schemas_deleted{schema_type="AVRO"}')).toBe(1)
  })

  it('counts answers below 400 as successes and the others as failures (404, 409), not its own scrapes', async () => {
    const { values: before } = await scrape()
    expect((await t.cf('GET', '/subjects/m-missing/versions')).statusCode).toBe(404)
    await t.registered('m-conflict', avro('MConflict'))
    expect((await t.cf('POST', '/subjects/m-conflict/versions', { schema: avro('MConflict', 'string') })).statusCode).toBe(409)
    expect((await t.os('GET', '/schemas/types')).statusCode).toBe(200)
    await t.app.inject({ method: 'GET', url: '/health/ready' })
    const { values: after } = await scrape()
    const delta = (key: string) => after.get(key)! - before.get(key)!
    expect(delta('kafka_schema_registry_api_failure_count')).toBe(2)
    // the registration and the types; not the scrape in between, nor the health check
    expect(delta('kafka_schema_registry_api_success_count')).toBe(2)
  })

  it('times requests by route pattern and status code, never by the raw URL', async () => {
    await t.registered('m-route-a', avro('MRouteA'))
    await t.registered('m-route-b', avro('MRouteB'))
    await t.cf('GET', '/subjects/m-route-zzz/versions/1')
    const { res, values } = await scrape()
    expect(values.get('schema_registry_http_request_duration_seconds_count{method="POST",route="/subjects/:subject/versions",status_code="200"}')).toBeGreaterThanOrEqual(2)
    expect(values.get('schema_registry_http_request_duration_seconds_count{method="GET",route="/subjects/:subject/versions/:version",status_code="404"}')).toBeGreaterThanOrEqual(1)
    expect(res.body).toContain('schema_registry_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/subjects/:subject/versions",status_code="200"}')
    expect(res.body).not.toContain('m-route-')
    // no route: one label value for all of them
    await t.os('GET', '/no/such/route/xyz')
    expect(await value('schema_registry_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}')).toBeGreaterThanOrEqual(1)
    expect((await scrape()).res.body).not.toContain('xyz')
  })

  it('moves the read cache hit and miss counters', async () => {
    const { id } = await t.registered('m-cache', avro('MCache'))
    const { values: before } = await scrape()
    for (let i = 0; i < 3; i++) {
      expect((await t.cf('GET', `/schemas/ids/${id}`)).statusCode).toBe(200)
      expect((await t.cf('GET', '/subjects/m-cache/versions/1')).statusCode).toBe(200)
    }
    const { values: after } = await scrape()
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0)
    expect(delta('schema_registry_cache_hits_total{cache="schemas"}')).toBeGreaterThanOrEqual(2)
    expect(delta('schema_registry_cache_hits_total{cache="mutable"}')).toBeGreaterThanOrEqual(2)
    expect(delta('schema_registry_cache_misses_total{cache="mutable"}')).toBeGreaterThanOrEqual(1)
    expect(after.has('schema_registry_cache_misses_total{cache="schemas"}')).toBe(true)
    // what each cache holds: at least the schema just read, and the subject's versions
    expect(after.get('schema_registry_cache_bytes{cache="schemas"}')).toBeGreaterThan(2 * avro('MCache').length)
    expect(after.get('schema_registry_cache_bytes{cache="mutable"}')).toBeGreaterThan(0)
  })
})

describe("the analysis workers' heap", () => {
  let t: TestApp
  beforeAll(async () => {
    // every job in a worker thread: the first registration starts one
    t = await createTestApp({ analysis: { offloadWeight: 0, timeoutMs: 20_000, workers: 1 } })
  })
  afterAll(() => t.close())

  it("is 0 before a worker runs a job and the thread's V8 heap after", async () => {
    const gauge = async () => samples((await t.app.inject({ method: 'GET', url: '/metrics' })).body).get('schema_registry_worker_heap_bytes')
    expect(await gauge()).toBe(0)
    await t.registered('m-worker', avro('MWorker'))
    // a V8 heap of a thread that has parsed a schema: megabytes, not bytes
    expect(await gauge()).toBeGreaterThan(1024 * 1024)
  })
})

describe('metrics of two apps in one process', () => {
  let a: TestApp
  let b: TestApp
  beforeAll(async () => {
    a = await createTestApp()
    b = await createTestApp()
  })
  afterAll(async () => {
    await a.close()
    await b.close()
  })

  it('keeps a registry per app: neither sees the other counts', async () => {
    await a.registered('two-apps', avro('TwoApps'))
    const of = async (t: TestApp) => samples((await t.app.inject({ method: 'GET', url: '/metrics' })).body)
    expect((await of(a)).get('kafka_schema_registry_schemas_created{schema_type="AVRO"}')).toBe(1)
    expect((await of(b)).get('kafka_schema_registry_schemas_created{schema_type="AVRO"}')).toBeUndefined()
    expect((await of(b)).get('kafka_schema_registry_api_success_count')).toBe(0)
  })
})
