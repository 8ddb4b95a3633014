import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { CONFLUENT, createTestApp, OPENSCHEMA, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §7: POST /subjects/{s}/status checks what a service was built with against the
// subject's live latest version; `producer` warns where the live schema cannot read the caller's
// data, `consumer` where the caller cannot read the live schema's data.

type Warning = { kind: string; path: string; message: string; direction: 'producer' | 'consumer' }
type Role = 'producer' | 'consumer' | 'both'
type Lock = { definitions: { protopath: string; def: { enums: { enum_fields: unknown[] }[]; messages: { fields: Record<string, unknown>[] }[] } }[] }

// hand-written from protolock's documented format (nilslice/protolock parse.go); its orders.proto is LIVE_PROTO
const LOCK: Lock = JSON.parse(readFileSync(new URL('../fixtures/status/proto.lock', import.meta.url), 'utf8'))
const lockWith = (change: (l: Lock) => void) => {
  const copy = structuredClone(LOCK)
  change(copy)
  return { protolock: copy }
}

const LIVE_PROTO = `syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
enum Currency {
  reserved 3;
  reserved "GBP";
  CURRENCY_UNSPECIFIED = 0;
  EUR = 1;
  USD = 2;
}
message Order {
  reserved 8, 11 to 12;
  reserved "legacy_total";
  string id = 1;
  int64 amount = 2;
  Currency currency = 3;
  repeated Line lines = 4;
  Status status = 5;
  optional string note = 6 [deprecated = true];
  map<string, string> labels = 7;
  oneof payment {
    string card = 9;
    string iban = 10;
  }
  message Line {
    reserved 3;
    string sku = 1;
    int32 quantity = 2;
  }
  enum Status {
    option allow_alias = true;
    STATUS_UNSPECIFIED = 0;
    OPEN = 1;
    PAID = 2;
    SETTLED = 2;
  }
}
message OrderPlaced {
  Order order = 1;
  google.protobuf.Timestamp at = 2;
}
`

const avro = (...fields: object[]) => JSON.stringify({ type: 'record', name: 'Order', fields })
const json = (schema: object) => JSON.stringify({ type: 'object', ...schema })

/** Per format: the live schema and callers where exactly one side, both sides or none break. */
const CASES = {
  AVRO: {
    live: avro({ name: 'id', type: 'string' }, { name: 'note', type: 'string' }),
    // the caller reads a field without default the live data lacks; the live schema ignores it
    consumerBreaks: avro({ name: 'id', type: 'string' }, { name: 'note', type: 'string' }, { name: 'amount', type: 'long' }),
    // the live schema needs `note` (no default) that the caller's data lacks; the caller reads the live data
    producerBreaks: avro({ name: 'id', type: 'string' }),
    bothBreak: avro({ name: 'id', type: 'int' }, { name: 'note', type: 'string' }),
    compatible: avro({ name: 'id', type: 'string' }, { name: 'note', type: 'string' }, { name: 'tag', type: ['null', 'string'], default: null }),
  },
  JSON: {
    live: json({ properties: { id: { type: 'string', maxLength: 8 } }, required: ['id'] }),
    // the caller reads ids of at most 4 characters; the live schema's data has up to 8
    consumerBreaks: json({ properties: { id: { type: 'string', maxLength: 4 } }, required: ['id'] }),
    // the caller writes ids of up to 16 characters; the live schema reads at most 8
    producerBreaks: json({ properties: { id: { type: 'string', maxLength: 16 } }, required: ['id'] }),
    bothBreak: json({ properties: { id: { type: 'integer' } }, required: ['id'] }),
    compatible: json({ properties: { id: { type: 'string', maxLength: 8 } }, required: ['id'], title: 'the same' }),
  },
  PROTOBUF: {
    live: LIVE_PROTO,
    // the caller lacks a message the live schema writes
    consumerBreaks: LIVE_PROTO.replace(/message OrderPlaced \{[^}]*\}\n/, ''),
    // the caller adds a member to a oneof the live schema cannot place
    producerBreaks: LIVE_PROTO.replace('string iban = 10;', 'string iban = 10;\n    bool cash = 13;'),
    bothBreak: LIVE_PROTO.replace('int64 amount = 2;', 'string amount = 2;'),
    compatible: LIVE_PROTO.replace('int32 quantity = 2;', 'int32 quantity = 2;\n    string unit = 4;'),
  },
} as const

/** The error code and message, in either dialect's keys. */
const errorOf = (res: { json(): Record<string, unknown> }) => {
  const body = res.json()
  return { code: body.error_code ?? body.errorCode, message: String(body.message ?? body.errorMessage) }
}

const directions = (warnings: Warning[]) => [...new Set(warnings.map((w) => w.direction))].sort()

describe.each([
  ['confluent', CONFLUENT],
  ['openschema', OPENSCHEMA],
] as const)('status checks (%s)', (dialect, media) => {
  let t: TestApp
  const post = (url: string, body: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': media, accept: media }, payload: typeof body === 'string' ? body : JSON.stringify(body) })
  const status = async (subject: string, body: unknown, role?: Role) => {
    const res = await post(`/subjects/${subject}/status${role ? `?role=${role}` : ''}`, body)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { subject: string; version: number; id: number | string; compatible: boolean; warnings: Warning[] }
  }
  beforeAll(async () => {
    t = await createTestApp()
    for (const [type, c] of Object.entries(CASES)) await t.registered(`live-${type}`, c.live, { schemaType: type })
  })
  afterAll(async () => {
    await t?.close()
  })

  for (const [type, c] of Object.entries(CASES)) {
    it(`${type}: each role warns only about its own side`, async () => {
      const expected: Record<'consumerBreaks' | 'producerBreaks' | 'bothBreak' | 'compatible', string[]> = {
        consumerBreaks: ['consumer'],
        producerBreaks: ['producer'],
        bothBreak: ['consumer', 'producer'],
        compatible: [],
      }
      for (const [name, sides] of Object.entries(expected)) {
        const body = { schema: c[name as keyof typeof expected], schemaType: type }
        const both = await status(`live-${type}`, body)
        expect(directions(both.warnings), `${name} role=both`).toEqual(sides)
        expect(both.compatible).toBe(sides.length === 0)
        for (const role of ['producer', 'consumer'] as const) {
          const one = await status(`live-${type}`, body, role)
          const want = sides.filter((s) => s === role)
          expect(directions(one.warnings), `${name} role=${role}`).toEqual(want)
          expect(one.compatible, `${name} role=${role}`).toBe(want.length === 0)
        }
      }
    })
  }

  it('answers the live version, its id in the dialect, and warnings with kind, path and a sentence', async () => {
    const versions = (await t.cf('GET', '/subjects/live-AVRO/versions/latest')).json()
    const res = await status('live-AVRO', { schema: CASES.AVRO.consumerBreaks })
    expect(res).toMatchObject({ subject: 'live-AVRO', version: 1, id: dialect === 'confluent' ? versions.id : String(versions.id), compatible: false })
    expect(res.warnings).toEqual([{ kind: 'READER_FIELD_MISSING_DEFAULT_VALUE', path: '/fields/2', message: expect.stringContaining("'amount'"), direction: 'consumer' }])
    expect(res.warnings[0]!.message).toMatch(/caller's schema .* live schema/)
  })

  it('checks against the latest live version only, whatever the level', async () => {
    await t.cf('PUT', '/config/latest-only', { compatibility: 'NONE' })
    await t.registered('latest-only', avro({ name: 'id', type: 'string' }))
    await t.registered('latest-only', avro({ name: 'id', type: 'long' }))
    const res = await status('latest-only', { schema: avro({ name: 'id', type: 'long' }) })
    expect(res).toMatchObject({ version: 2, compatible: true })
  })

  it('reads a proto.lock: the definition with the live messages, nested messages, maps, oneofs, enums and reserved names', async () => {
    const same = await status('live-PROTOBUF', { protolock: LOCK })
    expect(same).toMatchObject({ compatible: true, warnings: [] })
    // Order.amount (field 2) int64 -> string: neither side reads the other's value
    const retyped = await status(
      'live-PROTOBUF',
      lockWith((l) => {
        l.definitions[1]!.def.messages[0]!.fields[1]!.type = 'string'
      }),
    )
    expect(directions(retyped.warnings)).toEqual(['consumer', 'producer'])
    expect(retyped.warnings.every((w) => w.kind === 'FIELD_SCALAR_KIND_CHANGED' && w.path === '#/Order/2')).toBe(true)
    // a new member of the `payment` oneof: the live schema cannot place it, the caller reads the live data
    const oneof = lockWith((l) => {
      l.definitions[1]!.def.messages[0]!.fields.push({ id: 13, name: 'cash', type: 'bool', oneof_parent: 'payment' })
    })
    expect((await status('live-PROTOBUF', oneof, 'producer')).warnings).toEqual([expect.objectContaining({ kind: 'ONEOF_FIELD_REMOVED', direction: 'producer' })])
    expect(await status('live-PROTOBUF', oneof, 'consumer')).toMatchObject({ compatible: true })
    // without OrderPlaced the caller cannot read what the live schema writes with it
    const dropped = lockWith((l) => {
      l.definitions[1]!.def.messages.splice(1, 1)
    })
    expect((await status('live-PROTOBUF', dropped)).warnings).toEqual([expect.objectContaining({ kind: 'MESSAGE_REMOVED', path: '#/OrderPlaced', direction: 'consumer' })])
  })

  it("takes the only definition of a lock, or the one declaring the live schema's messages", async () => {
    const only = { protolock: { definitions: [LOCK.definitions[0]] } }
    await t.registered('customers', 'syntax = "proto3";\npackage shop.v1;\nmessage Customer {\n  string id = 1;\n  string email = 2;\n}\n', { schemaType: 'PROTOBUF' })
    expect(await status('customers', only)).toMatchObject({ compatible: true })
    // the two-file lock: the customers definition is picked by its message name
    expect(await status('customers', { protolock: LOCK })).toMatchObject({ compatible: true })
  })

  it("resolves the imports of a lock with the references beside it, else with the live version's", async () => {
    const money = 'syntax = "proto3";\npackage shop.v1;\nmessage Money {\n  int64 units = 1;\n  string currency = 2;\n}\n'
    await t.registered('money', money, { schemaType: 'PROTOBUF' })
    const references = [{ name: 'shop/money.proto', subject: 'money', version: 1 }]
    const live = 'syntax = "proto3";\npackage shop.v1;\nimport "shop/money.proto";\nmessage Invoice {\n  string id = 1;\n  Money total = 2;\n}\n'
    await t.registered('invoices', live, { schemaType: 'PROTOBUF', references })
    const invoice = (totalType: string) => ({
      definitions: [
        {
          protopath: 'shop:/:invoices.proto',
          def: {
            messages: [
              {
                name: 'Invoice',
                fields: [
                  { id: 1, name: 'id', type: 'string' },
                  { id: 2, name: 'total', type: totalType },
                ],
              },
            ],
            imports: [{ path: 'shop/money.proto' }],
            package: { name: 'shop.v1' },
          },
        },
      ],
    })
    expect(await status('invoices', { protolock: invoice('Money') })).toMatchObject({ compatible: true })
    expect(await status('invoices', { protolock: invoice('Money'), references })).toMatchObject({ compatible: true })
    // references that do not hold the imported file leave the type unknown: an invalid schema
    const elsewhere = await post('/subjects/invoices/status', { protolock: invoice('Money'), references: [] })
    expect([elsewhere.statusCode, errorOf(elsewhere).code]).toEqual([422, 42201])
    const retyped = await status('invoices', { protolock: invoice('string') })
    expect(directions(retyped.warnings)).toEqual(['consumer', 'producer'])
  })

  it('warns about a type mismatch on every side asked', async () => {
    const orders = { protolock: { definitions: [LOCK.definitions[1]] } }
    const res = await status('live-AVRO', orders)
    expect(directions(res.warnings)).toEqual(['consumer', 'producer'])
    expect((await status('live-AVRO', orders, 'producer')).warnings).toEqual([expect.objectContaining({ kind: 'SCHEMA_TYPE_MISMATCH', direction: 'producer' })])
  })

  it('answers subject not found for an unknown subject and one without a live version', async () => {
    const code = dialect === 'confluent' ? 40401 : 40402
    const missing = await post('/subjects/nowhere/status', { schema: CASES.AVRO.live })
    expect([missing.statusCode, errorOf(missing).code]).toEqual([404, code])
    await t.registered('emptied', CASES.AVRO.live)
    expect((await t.cf('DELETE', '/subjects/emptied')).statusCode).toBe(200)
    const emptied = await post('/subjects/emptied/status', { schema: CASES.AVRO.live })
    expect([emptied.statusCode, errorOf(emptied).code]).toEqual([404, code])
  })

  it('refuses an invalid schema, a bad body, a bad role and a malformed or unrelated proto.lock', async () => {
    const invalid = await post('/subjects/live-AVRO/status', { schema: '{"type": "record"' })
    expect([invalid.statusCode, errorOf(invalid).code]).toEqual([422, 42201])
    expect((await post('/subjects/live-AVRO/status', '[1, 2]')).statusCode).toBe(422)
    expect((await post('/subjects/live-AVRO/status', '{"schema": ')).statusCode).toBe(400)
    expect((await post('/subjects/live-AVRO/status?role=owner', { schema: CASES.AVRO.live })).statusCode).toBe(404)
    const bad = [
      { protolock: 'definitions' },
      { protolock: { definitions: [] } },
      lockWith((l) => {
        delete l.definitions[1]!.def.messages[0]!.fields[0]!.type
      }),
      lockWith((l) => {
        l.definitions[1]!.def.messages[0]!.fields[0]!.name = 'id = 1; }'
      }),
      lockWith((l) => {
        l.definitions[1]!.def.messages[0]!.fields[0]!.type = 'NoSuchType'
      }),
    ]
    for (const body of bad) {
      const res = await post('/subjects/live-PROTOBUF/status', body)
      expect([res.statusCode, errorOf(res).code], JSON.stringify(body).slice(0, 120)).toEqual([422, 42201])
      expect(errorOf(res).message).toMatch(/proto\.?lock|Protobuf|NoSuchType/i)
    }
    const other = { protopath: 'misc:/:other.proto', def: { messages: [{ name: 'Other', fields: [{ id: 1, name: 'x', type: 'string' }] }] } }
    const unrelated = await post('/subjects/live-PROTOBUF/status', { protolock: { definitions: [LOCK.definitions[0], other] } })
    expect(unrelated.statusCode).toBe(422)
    expect(errorOf(unrelated).message).toMatch(/none of its 2 definitions declares a message of the live schema \(Order, OrderPlaced\)/)
  })

  it('writes nothing', async () => {
    const before = (await t.cf('GET', '/subjects/live-AVRO/versions')).json()
    await status('live-AVRO', { schema: CASES.AVRO.compatible })
    expect((await t.cf('GET', '/subjects/live-AVRO/versions')).json()).toEqual(before)
    expect((await t.cf('GET', '/subjects')).json()).not.toContain('nowhere')
  })
})

describe('status checks with authentication on', () => {
  let t: TestApp
  const basic = (u: string) => `Basic ${Buffer.from(`${u}:pw`).toString('base64')}`
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        'users: [{ name: admin, password: pw }, { name: reader, password: pw }, { name: other, password: pw }]\n' +
          'grants: [{ principal: admin, role: admin }, { principal: reader, role: reader, subjects: ["orders-"] }, { principal: other, role: reader, subjects: ["payments-"] }]\n',
        'status',
      ),
    )
    t = await createTestApp({ auth })
  })
  afterAll(async () => {
    await t?.close()
  })
  const post = (user: string | undefined, url: string, body: unknown) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': CONFLUENT, ...(user ? { authorization: basic(user) } : {}) }, payload: JSON.stringify(body) })

  it('is a read: a reader of the subject may call it, others may not', async () => {
    expect((await post('admin', '/subjects/orders-value/versions', { schema: CASES.AVRO.live })).statusCode).toBe(200)
    const ok = await post('reader', '/subjects/orders-value/status?role=consumer', { schema: CASES.AVRO.consumerBreaks })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ compatible: false, warnings: [expect.objectContaining({ direction: 'consumer' })] })
    expect((await post('other', '/subjects/orders-value/status', { schema: CASES.AVRO.live })).statusCode).toBe(403)
    expect((await post(undefined, '/subjects/orders-value/status', { schema: CASES.AVRO.live })).statusCode).toBe(401)
  })
})
