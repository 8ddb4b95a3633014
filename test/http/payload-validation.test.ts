/**
 * Payload validation (docs/EXTENSIONS.md §5) through the real app on the engine this run tests:
 * `/subjects/{s}/versions/{v}/validate`, `/schemas/ids/{id}/validate` and `/messages/validate`,
 * and the wire format of the real `@confluentinc/schemaregistry` serializers.
 */
import avsc from 'avsc'
import protobuf from 'protobufjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { create, createMutableRegistry, type DescMessage } from '@bufbuild/protobuf'
import { AvroSerializer, JsonSerializer, ProtobufSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { startClientServer, wireId, type ClientServer } from '../support/client-server.js'
import { CONFLUENT, OPENSCHEMA, createTestApp, type TestApp } from '../support/test-app.js'
import { commonFile, invoiceFile, ordersFile, registryOf } from '../clients/protobuf-descriptors.js'

const PAYMENT = JSON.stringify({
  type: 'record',
  name: 'Payment',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'payer', type: { type: 'record', name: 'Payer', fields: [{ name: 'name', type: 'string' }] } },
  ],
})
const payment = { id: 'p1', amount: '\u0004\u00d2', at: 1700000000000, note: { string: 'hi' }, status: 'PAID', payer: { name: 'Ann' } }

const ORDER_JSON = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string', format: 'email' },
    payment: {
      oneOf: [
        { type: 'object', required: ['card'] },
        { type: 'object', required: ['iban'] },
      ],
    },
  },
})

const SHOP_PROTO = `syntax = "proto3";
package shop.v1;

message Order {
  string id = 1;
  map<string, int32> counts = 2;
  oneof payment {
    string card = 3;
    string iban = 4;
  }
  message Line {
    string sku = 1;
  }
}
`

const wire = (id: number, payload: Uint8Array, indexes: number[] = []) => {
  const head = Buffer.alloc(5)
  head.writeUInt32BE(id, 1)
  return Buffer.concat([head, Buffer.from(indexes), Buffer.from(payload)])
}

describe('payload validation', () => {
  let t: TestApp
  let avroId: number
  let jsonId: number
  let protoId: number
  const avroType = avsc.Type.forSchema(JSON.parse(PAYMENT) as avsc.Schema, { wrapUnions: true })
  const shop = protobuf.parse(SHOP_PROTO, { keepCase: true }).root

  beforeAll(async () => {
    t = await createTestApp()
    avroId = (await t.registered('payments-value', PAYMENT)).id
    jsonId = (await t.registered('orders-json', ORDER_JSON, { schemaType: 'JSON' })).id
    protoId = (await t.registered('shop-proto', SHOP_PROTO, { schemaType: 'PROTOBUF' })).id
  })
  afterAll(() => t?.close())

  const post = (url: string, type: string, payload: string | Buffer, accept?: string) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': type, ...(accept ? { accept } : {}) }, payload })
  const postJson = (url: string, value: unknown) => post(url, 'application/json', JSON.stringify(value))

  describe('Avro', () => {
    it('accepts the JSON encoding (unions, logical types, enums, nested records) by version and by id', async () => {
      for (const url of ['/subjects/payments-value/versions/latest/validate', `/schemas/ids/${avroId}/validate`, '/subjects/payments-value/versions/1/validate']) {
        const res = await postJson(url, payment)
        expect(res.statusCode, url).toBe(200)
        expect(res.json()).toEqual({ valid: true })
      }
    })

    it('answers valid: false with JSON Pointer paths', async () => {
      const res = await postJson('/subjects/payments-value/versions/1/validate', { ...payment, at: 'yesterday', note: 'bare', payer: { name: 1 } })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ valid: false })
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['/at', '/note', '/payer/name'])
    })

    it('decodes the binary encoding; truncated and garbage bytes are valid: false, never 5xx', async () => {
      const bytes = avroType.toBuffer({ ...payment, amount: Buffer.from([4, 0xd2]) })
      expect((await post(`/schemas/ids/${avroId}/validate`, 'application/octet-stream', bytes)).json()).toEqual({ valid: true })
      for (const bad of [bytes.subarray(0, bytes.length - 3), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), Buffer.alloc(0)]) {
        const res = await post(`/schemas/ids/${avroId}/validate`, 'application/octet-stream', bad)
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ valid: false, errors: [{ path: '' }] })
      }
    })

    it('answers an NDJSON batch line by line, in order', async () => {
      const lines = [JSON.stringify(payment), JSON.stringify({ ...payment, status: 'LOST' }), '{not json', JSON.stringify(payment)].join('\n')
      const res = await post('/subjects/payments-value/versions/latest/validate', 'application/x-ndjson', `${lines}\n`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('application/x-ndjson')
      const results = res.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { valid: boolean })
      expect(results.map((r) => r.valid)).toEqual([true, false, false, true])
    })

    it('refuses a JSON body that is not JSON, and ?message= on a non-Protobuf schema, with 422 / 42201', async () => {
      const res = await post(`/schemas/ids/${avroId}/validate`, CONFLUENT, '{"id": ')
      expect(res.statusCode).toBe(422)
      expect(res.json()).toMatchObject({ error_code: 42201 })
      const msg = await postJson(`/schemas/ids/${avroId}/validate?message=x`, payment)
      expect(msg.statusCode).toBe(422)
      expect(msg.json()).toMatchObject({ errorCode: 42201 })
    })
  })

  describe('JSON Schema', () => {
    it('checks oneOf, additionalProperties: false and formats', async () => {
      const url = '/subjects/orders-json/versions/latest/validate'
      expect((await postJson(url, { id: 'o1', email: 'a@b.io', payment: { card: '4111' } })).json()).toEqual({ valid: true })
      const res = (await postJson(url, { id: 'o1', email: 'nope', payment: { card: '1', iban: '2' }, extra: 1 })).json()
      expect(res.valid).toBe(false)
      expect(res.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/email', '/extra', '/payment'])
    })

    it('reads UTF-8 JSON bytes as application/octet-stream', async () => {
      expect((await post(`/schemas/ids/${jsonId}/validate`, 'application/octet-stream', Buffer.from('{"id":"o1"}'))).json()).toEqual({ valid: true })
      expect((await post(`/schemas/ids/${jsonId}/validate`, 'application/octet-stream', Buffer.from([0xc3, 0x28]))).json()).toMatchObject({ valid: false })
    })
  })

  describe('Protobuf', () => {
    it('reads the canonical JSON mapping of the first message: oneof and maps; unknown fields are errors', async () => {
      const url = '/subjects/shop-proto/versions/latest/validate'
      expect((await postJson(url, { id: 'o1', counts: { a: 2 }, card: '4111' })).json()).toEqual({ valid: true })
      expect((await postJson(url, { id: 'o1', colour: 'red' })).json()).toEqual({ valid: false, errors: [{ path: '/colour', message: expect.any(String) }] })
      expect((await postJson(url, { card: '1', iban: '2' })).json()).toMatchObject({ valid: false })
      expect((await postJson(url, { counts: { a: 'x' } })).json()).toMatchObject({ valid: false })
    })

    it('checks the message ?message= names, nested ones included, and refuses an unknown one with 422', async () => {
      const url = `/schemas/ids/${protoId}/validate?message=shop.v1.Order.Line`
      expect((await postJson(url, { sku: 's' })).json()).toEqual({ valid: true })
      expect((await postJson(url, { id: 'o1' })).json()).toMatchObject({ valid: false })
      const res = await post(`/schemas/ids/${protoId}/validate?message=shop.v1.Nope`, CONFLUENT, '{}')
      expect(res.statusCode).toBe(422)
      expect(res.json()).toMatchObject({ error_code: 42201, message: expect.stringContaining('shop.v1.Nope') })
    })

    it('decodes binaries; truncated ones are valid: false', async () => {
      const Order = shop.lookupType('shop.v1.Order')
      const bytes = Order.encode(Order.fromObject({ id: 'o1', counts: { a: 2 }, iban: 'DE1' })).finish()
      expect((await post(`/schemas/ids/${protoId}/validate`, 'application/octet-stream', Buffer.from(bytes))).json()).toEqual({ valid: true })
      expect((await post(`/schemas/ids/${protoId}/validate`, 'application/octet-stream', Buffer.from(bytes.subarray(0, bytes.length - 2)))).json()).toMatchObject({
        valid: false,
      })
    })
  })

  describe('/messages/validate', () => {
    it('finds the schema by the id in the wire header, for every format', async () => {
      const avro = wire(avroId, avroType.toBuffer({ ...payment, amount: Buffer.from([1]) }))
      expect((await post('/messages/validate', 'application/octet-stream', avro)).json()).toEqual({ valid: true })
      const Line = shop.lookupType('shop.v1.Order.Line')
      // indexes [0, 1]: count 2, then zigzag 0 and 2 (nested type 0 of Order is the map entry)
      const proto = wire(protoId, Line.encode(Line.fromObject({ sku: 's' })).finish(), [4, 0, 2])
      expect((await post('/messages/validate', 'application/octet-stream', proto)).json()).toEqual({ valid: true })
      expect((await post('/messages/validate', 'application/octet-stream', wire(jsonId, Buffer.from('{"id":7}')))).json()).toMatchObject({ valid: false })
    })

    it('answers valid: false for a payload that does not decode, and 422 for a header that cannot be read', async () => {
      expect((await post('/messages/validate', 'application/octet-stream', wire(avroId, Buffer.from([0xff])))).json()).toMatchObject({ valid: false })
      for (const bad of [Buffer.from([0, 0, 0]), Buffer.from([1, 0, 0, 0, 1, 0]), wire(protoId, Buffer.alloc(0), [4, 0])]) {
        const res = await post('/messages/validate', 'application/octet-stream', bad, OPENSCHEMA)
        expect(res.statusCode).toBe(422)
        expect(res.json()).toMatchObject({ errorCode: 42201 })
      }
    })

    it('answers an id not registered under ?subject= as not found', async () => {
      const avro = wire(avroId, avroType.toBuffer({ ...payment, amount: Buffer.from([1]) }))
      expect((await post('/messages/validate?subject=payments-value', 'application/octet-stream', avro)).json()).toEqual({ valid: true })
      const res = await post('/messages/validate?subject=orders-json', 'application/octet-stream', avro, CONFLUENT)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ error_code: 40403 })
    })
  })

  it.each([
    ['confluent', CONFLUENT, { error_code: 40403 }],
    ['openschema', OPENSCHEMA, { errorCode: 40401 }],
  ])('answers an unknown id as schema not found in the %s dialect', async (_name, media, body) => {
    for (const [url, payload] of [
      ['/schemas/ids/9999/validate', Buffer.from('{}')],
      ['/messages/validate', wire(9999, Buffer.alloc(0))],
      ['/messages/validate', wire(0, Buffer.alloc(0))],
      ['/messages/validate', wire(0xffffffff, Buffer.alloc(0))],
    ] as const) {
      const res = await post(url, url.startsWith('/messages') ? 'application/octet-stream' : media, payload, media)
      expect(res.statusCode, url).toBe(404)
      expect(res.json()).toMatchObject(body)
    }
  })
})

describe('/messages/validate with the wire format of @confluentinc/schemaregistry serializers', () => {
  let srv: ClientServer
  beforeAll(async () => {
    srv = await startClientServer({ dialect: 'openschema' })
  })
  afterAll(() => srv?.close())

  const newClient = () => new SchemaRegistryClient({ baseURLs: [srv.url], maxRetries: 0 })
  const validate = async (bytes: Buffer, query = '') => {
    const res = await fetch(`${srv.url}/messages/validate${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes })
    return { status: res.status, body: (await res.json()) as { valid: boolean; errors?: unknown[] } }
  }

  it('validates what AvroSerializer writes, and refuses it truncated', async () => {
    const bytes = await new AvroSerializer(newClient(), SerdeType.VALUE, { autoRegisterSchemas: true }).serialize('wire-avro', { id: 'o-1', amount: 12.5, note: 'n' })
    expect(await validate(bytes, '?subject=wire-avro-value')).toEqual({ status: 200, body: { valid: true } })
    expect((await validate(bytes.subarray(0, bytes.length - 2))).body.valid).toBe(false)
  })

  it('validates what JsonSerializer writes', async () => {
    const bytes = await new JsonSerializer(newClient(), SerdeType.VALUE, { autoRegisterSchemas: true }).serialize('wire-json', { name: 'Ada', age: 36 })
    expect(await validate(bytes)).toEqual({ status: 200, body: { valid: true } })
    // the same id with another payload: the derived schema wants an integer age
    const other = Buffer.concat([bytes.subarray(0, 5), Buffer.from('{"name":"Ada","age":"old"}')])
    expect((await validate(other)).body).toMatchObject({ valid: false, errors: [{ path: '/age' }] })
  })

  it('validates what ProtobufSerializer writes, message indexes included', async () => {
    const orders = registryOf(ordersFile())
    const Order = orders.registry.getMessage('acme.orders.v1.Order') as DescMessage
    const Item = orders.registry.getMessage('acme.orders.v1.Item') as DescMessage
    const ser = new ProtobufSerializer(newClient(), SerdeType.VALUE, { autoRegisterSchemas: true, registry: createMutableRegistry(orders.registry) })
    const order = await ser.serialize('wire-proto', create(Order, { id: 'o-1', cents: 1250n, tags: ['gift'], item: create(Item, { sku: 's', qty: 3 }) }))
    expect(wireId(order)).toBeGreaterThan(0)
    expect(await validate(order)).toEqual({ status: 200, body: { valid: true } })
    const item = await ser.serialize('wire-proto-item', create(Item, { sku: 's', qty: 3 }))
    expect(await validate(item)).toEqual({ status: 200, body: { valid: true } })
    expect((await validate(order.subarray(0, order.length - 1))).body.valid).toBe(false)
  })

  it('validates a Protobuf message whose schema imports another subject (a reference), in binary and in JSON', async () => {
    const billing = registryOf(commonFile(), invoiceFile())
    const Invoice = billing.registry.getMessage('acme.billing.v1.Invoice') as DescMessage
    const Money = billing.registry.getMessage('acme.common.v1.Money') as DescMessage
    const ser = new ProtobufSerializer(newClient(), SerdeType.VALUE, { autoRegisterSchemas: true, registry: createMutableRegistry(billing.registry) })
    const bytes = await ser.serialize('wire-invoice', create(Invoice, { number: 'inv-1', total: create(Money, { currency: 'EUR', units: 42n }) }))
    expect(await validate(bytes, '?subject=wire-invoice-value')).toEqual({ status: 200, body: { valid: true } })
    const post = async (value: unknown) =>
      (
        await fetch(`${srv.url}/subjects/wire-invoice-value/versions/latest/validate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(value),
        })
      ).json()
    expect(await post({ number: 'inv-1', total: { currency: 'EUR', units: '42' } })).toEqual({ valid: true })
    expect(await post({ number: 'inv-1', total: { currency: 'EUR', cents: 1 } })).toMatchObject({ valid: false, errors: [{ path: '/total/cents' }] })
  })
})

describe('payload validation under AUTH_FILE grants', () => {
  let t: TestApp
  let hidden: number
  let shown: number
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:pw`).toString('base64')}`
  const as = (user: string, url: string, type: string, payload: string | Buffer) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': type, accept: CONFLUENT, authorization: basic(user) }, payload })
  const record = (name: string) => JSON.stringify({ type: 'record', name, fields: [{ name: 'a', type: 'int' }] })

  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        `
users: [{ name: admin, password: pw }, { name: scoped, password: pw }]
grants:
  - { principal: admin, role: admin }
  - { principal: scoped, role: reader, subjects: ["other-"] }
`,
        'payload-validation',
      ),
    )
    t = await createTestApp({ auth })
    const register = async (subject: string, schema: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/subjects/${subject}/versions`,
        headers: { 'content-type': CONFLUENT, authorization: basic('admin') },
        payload: JSON.stringify({ schema }),
      })
      return res.json().id as number
    }
    hidden = await register('orders-value', record('Hidden'))
    shown = await register('other-value', record('Shown'))
  })
  afterAll(() => t?.close())

  it('answers an id the caller may not read as an unknown id, on every route', async () => {
    const payload = avsc.Type.forSchema({ type: 'record', name: 'X', fields: [{ name: 'a', type: 'int' }] }).toBuffer({ a: 1 })
    expect((await as('scoped', '/messages/validate', 'application/octet-stream', wire(shown, payload))).json()).toEqual({ valid: true })
    const refused = await as('scoped', '/messages/validate', 'application/octet-stream', wire(hidden, payload))
    expect(refused.statusCode).toBe(404)
    expect(refused.json()).toMatchObject({ error_code: 40403 })
    expect((await as('scoped', `/schemas/ids/${hidden}/validate`, 'application/json', '{"a": 1}')).statusCode).toBe(404)
    expect((await as('scoped', '/subjects/orders-value/versions/1/validate', 'application/json', '{"a": 1}')).statusCode).toBe(403)
    expect((await as('scoped', '/subjects/other-value/versions/1/validate', 'application/json', '{"a": 1}')).json()).toEqual({ valid: true })
  })
})
