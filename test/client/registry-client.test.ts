/**
 * The TypeScript client (src/client, docs/EXTENSIONS.md §11) against the real server on a real socket,
 * with every request the server received counted by an onRequest hook: the caches are proven by what
 * never reached the server. The server's default dialect is OpenSchema: the client picks Confluent by
 * its media type.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRegistryClient, RegistryClientError, type RegistryClient } from '../../src/client/index.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { CONFLUENT } from '../support/test-app.js'
import { orderNoDefault, orderV1, orderV2 } from '../support/schemas.js'

describe('registry client against the real server', () => {
  let srv: ClientServer
  const seen: string[] = []
  const clients: RegistryClient[] = []
  beforeAll(async () => {
    srv = await startClientServer({ dialect: 'openschema', onRequest: (method, url) => seen.push(`${method} ${url}`) })
  })
  afterEach(async () => {
    while (clients.length) await clients.pop()!.close()
  })
  afterAll(() => srv?.close())

  const client = (opts: { latestTtlMs?: number } = {}) => {
    const c = createRegistryClient({ url: srv.url, ...opts })
    clients.push(c)
    return c
  }
  /** The requests the server saw while `fn` ran, as `METHOD url`. */
  const requestsDuring = async (fn: () => Promise<unknown>): Promise<string[]> => {
    const from = seen.length
    await fn()
    return seen.slice(from)
  }
  /** A registration by another party, straight over HTTP. */
  const registerRaw = async (subject: string, schema: string) => {
    const res = await fetch(`${srv.url}/subjects/${subject}/versions`, { method: 'POST', headers: { 'content-type': CONFLUENT }, body: JSON.stringify({ schema }) })
    expect(res.status).toBe(200)
    return (await res.json()) as { id: number; version: number }
  }

  it('registers a schema and answers its id and version; the same schema again answers the same id and version', async () => {
    const c = client()
    const first = await c.register('reg-value', { schema: orderV1 })
    expect(first).toEqual({ id: expect.any(Number), version: 1 })
    expect(await c.register('reg-value', { schema: JSON.stringify(JSON.parse(orderV1), null, 2) })).toEqual(first)
    const second = await c.register('reg-value', { schema: orderV2, schemaType: 'AVRO' })
    expect(second.version).toBe(2)
    expect(second.id).not.toBe(first.id)
  })

  it('throws a RegistryClientError with the status and Confluent code when the registry refuses', async () => {
    const c = client()
    await c.register('refuse-value', { schema: orderV1 })
    const err = await c.register('refuse-value', { schema: orderNoDefault }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryClientError)
    expect(err).toMatchObject({ status: 409, errorCode: 40901 })
    await expect(c.schemaById(987654)).rejects.toMatchObject({ status: 404, errorCode: 40403 })
    await expect(c.latest('no-such-subject')).rejects.toMatchObject({ status: 404, errorCode: 40401 })
  })

  it('fetches a schema by id once: later calls are answered from the cache', async () => {
    const { id } = await registerRaw('byid-value', orderV1)
    const c = client()
    const calls = await requestsDuring(async () => {
      const a = await c.schemaById(id)
      expect(a).toEqual({ schema: orderV1, schemaType: 'AVRO', references: [] })
      expect(await c.schemaById(id)).toBe(a)
      expect(await c.schemaById(id)).toBe(a)
    })
    expect(calls).toEqual([`GET /schemas/ids/${id}`])
  })

  it('sends one request for concurrent calls of the same id (in-flight de-duplication), and one per distinct id', async () => {
    const a = await registerRaw('dedup-a-value', orderV1)
    const b = await registerRaw('dedup-b-value', JSON.stringify({ type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] }))
    const c = client()
    const calls = await requestsDuring(async () => {
      const results = await Promise.all([c.schemaById(a.id), c.schemaById(a.id), c.schemaById(b.id), c.schemaById(a.id), c.schemaById(b.id)])
      expect(results[0]).toBe(results[1])
      expect(results[2]).toBe(results[4])
    })
    expect(calls.sort()).toEqual([`GET /schemas/ids/${a.id}`, `GET /schemas/ids/${b.id}`].sort())
  })

  it('forgets a failed lookup, so the next call asks again', async () => {
    const c = client()
    const calls = await requestsDuring(async () => {
      await expect(c.schemaById(555555)).rejects.toMatchObject({ status: 404 })
      await expect(c.schemaById(555555)).rejects.toMatchObject({ status: 404 })
    })
    expect(calls).toEqual(['GET /schemas/ids/555555', 'GET /schemas/ids/555555'])
  })

  it('caches latest for the TTL without a change stream, concurrent calls sharing one request', async () => {
    const v1 = await registerRaw('latest-ttl-value', orderV1)
    const c = client({ latestTtlMs: 60_000 })
    const calls = await requestsDuring(async () => {
      const all = await Promise.all([c.latest('latest-ttl-value'), c.latest('latest-ttl-value')])
      expect(all[0]).toEqual({ subject: 'latest-ttl-value', id: v1.id, version: 1, schema: orderV1, schemaType: 'AVRO', references: [] })
      // another party registers v2: within the TTL this client still answers v1 (the documented staleness)
      await registerRaw('latest-ttl-value', orderV2)
      expect((await c.latest('latest-ttl-value')).version).toBe(1)
    })
    expect(calls.filter((r) => r.startsWith('GET')).length).toBe(1)
  })

  it('asks again once the TTL is over', async () => {
    await registerRaw('latest-expiry-value', orderV1)
    const c = client({ latestTtlMs: 50 })
    expect((await c.latest('latest-expiry-value')).version).toBe(1)
    await registerRaw('latest-expiry-value', orderV2)
    await new Promise((r) => setTimeout(r, 80))
    const calls = await requestsDuring(async () => expect((await c.latest('latest-expiry-value')).version).toBe(2))
    expect(calls).toEqual(['GET /subjects/latest-expiry-value/versions/latest'])
  })

  it("drops a subject's cached latest when this client registers under it", async () => {
    const c = client({ latestTtlMs: 60_000 })
    await c.register('latest-own-value', { schema: orderV1 })
    expect((await c.latest('latest-own-value')).version).toBe(1)
    const v2 = await c.register('latest-own-value', { schema: orderV2 })
    expect(await c.latest('latest-own-value')).toMatchObject({ id: v2.id, version: 2, schema: orderV2 })
  })

  it('validates a JSON payload and a binary payload against the latest version on the server', async () => {
    const c = client()
    await c.register('validate-value', { schema: orderV2 })
    expect(await c.validate('validate-value', { id: 'o-1', amount: 2.5 })).toEqual({ valid: true })
    const bad = await c.validate('validate-value', { id: 42, amount: 1 })
    expect(bad.valid).toBe(false)
    expect(bad.errors?.[0]?.path).toBe('/id')
    // the Avro binary of {id: "o-1", amount: 2.5}, as the client itself encodes it (5-byte header dropped)
    const bytes = (await c.encode('validate-value', { id: 'o-1', amount: 2.5 })).subarray(5)
    expect(await c.validate('validate-value', bytes)).toEqual({ valid: true })
    expect((await c.validate('validate-value', Uint8Array.of(1, 2, 3))).valid).toBe(false)
    expect(await c.validate('validate-value', { id: 'v1-shape' }, { version: 1 })).toEqual({ valid: true })
  })

  // POST /subjects/{s}/status is built on another branch: this runs once it is merged.
  it('checks a service schema against the live latest version with status()', async (ctx) => {
    if (!srv.app.hasRoute({ method: 'POST', url: '/subjects/:subject/status' })) return ctx.skip()
    const c = client()
    const { id } = await c.register('status-value', { schema: orderV1 })
    expect(await c.status('status-value', { schema: orderV2 })).toEqual({ subject: 'status-value', version: 1, id, compatible: true, warnings: [] })
    const broken = await c.status('status-value', { schema: orderNoDefault }, { role: 'consumer' })
    expect(broken).toMatchObject({ subject: 'status-value', version: 1, id, compatible: false })
    expect(broken.warnings.length).toBeGreaterThan(0)
    expect(broken.warnings.every((w) => w.direction === 'consumer')).toBe(true)
  })

  it('refuses calls once closed', async () => {
    const c = client()
    await c.close()
    await expect(c.latest('x')).rejects.toBeInstanceOf(RegistryClientError)
    await expect(c.schemaById(1)).rejects.toThrow(/closed/)
  })
})
