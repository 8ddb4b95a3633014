import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { composeServer, openStore } from '../../src/composition.js'
import { checkContract } from '../support/contract-check.js'
import { openTestStore, primaryEngine } from '../support/stores.js'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §8: staging checked at the subject's level, promoted all or nothing in reference
// order, never seen by reads, durable and shared by instances.

const record = (name: string, fields: object[], namespace = 'com.acme') => JSON.stringify({ type: 'record', name, namespace, fields })
const id = { name: 'id', type: 'string' }
const optional = (name: string) => ({ name, type: ['null', 'string'], default: null })
const required = (name: string) => ({ name, type: 'string' })

const address = (...extra: object[]) => record('Address', [{ name: 'street', type: 'string' }, ...extra])
const customer = JSON.stringify({
  type: 'record',
  name: 'Customer',
  namespace: 'com.acme',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'home', type: 'com.acme.Address' },
  ],
})
const addressRef = { name: 'com.acme.Address', subject: 'address-value', version: -1 }

const money = 'syntax = "proto3";\npackage shop.common;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n'
const moneyV2 = 'syntax = "proto3";\npackage shop.common;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n  int32 nanos = 3;\n}\n'
const order = 'syntax = "proto3";\npackage shop;\n\nimport "common/money.proto";\n\nmessage Order {\n  string id = 1;\n  shop.common.Money total = 2;\n}\n'

const errorOf = (res: { json(): Record<string, unknown> }, dialect: 'cf' | 'os') => {
  const body = res.json()
  return dialect === 'cf' ? { code: body.error_code, message: String(body.message) } : { code: body.errorCode, message: String(body.errorMessage) }
}

describe('staging and promotion', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })
  const stage = (subject: string, body: object, query = '') => t.cf('POST', `/staging/subjects/${subject}/versions${query}`, body)
  const versions = async (subject: string) => {
    const res = await t.cf('GET', `/subjects/${subject}/versions`)
    return res.statusCode === 200 ? (res.json() as number[]) : res.statusCode
  }

  it('stages Avro schemas that reference each other with -1 and promotes them dependencies first', async () => {
    // the referenced subject has no live version yet: -1 can only mean its staged schema
    expect((await stage('customer-value', { schema: customer, references: [addressRef] })).statusCode).toBe(422)
    const staged = await stage('address-value', { schema: address() })
    expect(staged.statusCode).toBe(200)
    expect(staged.json()).toEqual({ subject: 'address-value', compatible: true })
    expect((await stage('customer-value', { schema: customer, references: [addressRef] })).json()).toEqual({ subject: 'customer-value', compatible: true })

    const listed = (await t.cf('GET', '/staging')).json()
    expect(listed.map((s: { subject: string }) => s.subject)).toEqual(['address-value', 'customer-value'])
    expect(listed[1]).toMatchObject({ schemaType: 'AVRO', references: [addressRef] })

    const promoted = await t.cf('POST', '/staging/promote')
    expect(promoted.statusCode).toBe(200)
    const [a, c] = promoted.json()
    expect(promoted.json()).toEqual([
      { subject: 'address-value', id: a.id, version: 1 },
      { subject: 'customer-value', id: c.id, version: 1 },
    ])
    // the staged -1 became the version the dependency just got
    expect((await t.cf('GET', '/subjects/customer-value/versions/1')).json().references).toEqual([{ ...addressRef, version: 1 }])
    expect((await t.cf('GET', '/staging')).json()).toEqual([])
  })

  it('resolves -1 to the staged version of a subject that has live ones, and checks against it', async () => {
    // address-value 2 adds a field customer-value's next schema needs; staged together, promoted together
    expect((await stage('address-value', { schema: address(required('city')) })).statusCode).toBe(409)
    expect((await stage('address-value', { schema: address(optional('city')) })).statusCode).toBe(200)
    const customer2 = JSON.stringify({ ...JSON.parse(customer), fields: [...JSON.parse(customer).fields, optional('email')] })
    expect((await stage('customer-value', { schema: customer2, references: [addressRef] })).statusCode).toBe(200)
    // nothing registered yet
    expect(await versions('address-value')).toEqual([1])
    const promoted = (await t.cf('POST', '/staging/promote')).json()
    expect(promoted.map((p: { subject: string; version: number }) => [p.subject, p.version])).toEqual([
      ['address-value', 2],
      ['customer-value', 2],
    ])
    expect((await t.cf('GET', '/subjects/customer-value/versions/2')).json().references).toEqual([{ ...addressRef, version: 2 }])
  })

  it('stages Protobuf files that import each other and promotes them in import order (OpenSchema too)', async () => {
    // subject names sort the importer first: only the reference order puts the import before it
    const moneyRef = { name: 'common/money.proto', subject: 'z-money', version: -1 }
    expect((await t.os('POST', '/staging/subjects/z-money/versions', { schemaType: 'PROTOBUF', schema: money })).json()).toEqual({ subject: 'z-money', compatible: true })
    expect((await t.os('POST', '/staging/subjects/a-order/versions', { schemaType: 'PROTOBUF', schema: order, references: [moneyRef] })).statusCode).toBe(200)
    const promoted = await t.os('POST', '/staging/promote')
    expect(promoted.statusCode).toBe(200)
    expect(promoted.json().map((p: { subject: string; id: unknown; version: number }) => [p.subject, typeof p.id, p.version])).toEqual([
      ['z-money', 'string', 1],
      ['a-order', 'string', 1],
    ])
    expect((await t.cf('GET', '/subjects/a-order/versions/1')).json()).toMatchObject({ schemaType: 'PROTOBUF', references: [{ ...moneyRef, version: 1 }] })
    // a second round: the import changes, the importer is staged against the staged import
    expect((await t.cf('POST', '/staging/subjects/z-money/versions', { schemaType: 'PROTOBUF', schema: moneyV2 })).statusCode).toBe(200)
    expect((await t.cf('POST', '/staging/subjects/a-order/versions', { schemaType: 'PROTOBUF', schema: order, references: [moneyRef] })).statusCode).toBe(200)
    const again = (await t.cf('POST', '/staging/promote')).json()
    expect(again.map((p: { subject: string; version: number }) => [p.subject, p.version])).toEqual([
      ['z-money', 2],
      ['a-order', 2],
    ])
  })

  it('never shows staged schemas to reads and lookups', async () => {
    const schema = record('Hidden', [id])
    await stage('hidden-value', { schema })
    await stage('address-value', { schema: address(optional('city'), optional('zip')) })
    expect((await t.cf('GET', '/subjects')).json()).not.toContain('hidden-value')
    expect(await versions('hidden-value')).toBe(404)
    expect((await t.cf('POST', '/subjects/hidden-value', { schema })).statusCode).toBe(404)
    expect((await t.cf('GET', '/subjects/address-value/versions/latest')).json().version).toBe(2)
    expect((await t.cf('POST', '/subjects/address-value', { schema: address(optional('city'), optional('zip')) })).statusCode).toBe(404)
    const all = (await t.cf('GET', '/schemas')).json() as { schema: string }[]
    expect(all.some((s) => s.schema.includes('Hidden') || s.schema.includes('zip'))).toBe(false)
    await t.cf('DELETE', '/staging')
  })

  it('fails a promotion half-way as a whole: nothing registered, the staging kept (both dialects)', async () => {
    await t.registered('half-a', record('A', [id]))
    await t.registered('half-b', record('B', [id, required('note')]))
    expect((await stage('half-a', { schema: record('A', [id, optional('x')]) })).statusCode).toBe(200)
    expect((await stage('half-b', { schema: record('B', [id, required('note'), optional('y')]) })).statusCode).toBe(200)
    // registered directly after staging: the staged half-b now needs a field the latest lacks
    await t.registered('half-b', record('B', [id]))
    for (const [dialect, send] of [
      ['cf', t.cf],
      ['os', t.os],
    ] as const) {
      const res = await send('POST', '/staging/promote')
      expect(res.statusCode).toBe(409)
      const err = errorOf(res, dialect)
      expect(err.code).toBe(40901)
      expect(err.message).toContain('half-b')
    }
    expect(await versions('half-a')).toEqual([1])
    expect(await versions('half-b')).toEqual([1, 2])
    expect((await t.cf('GET', '/staging')).json().map((s: { subject: string }) => s.subject)).toEqual(['half-a', 'half-b'])
    // a failure that is not an incompatibility is named as the promotion's
    await t.cf('DELETE', '/staging/subjects/half-b')
    await t.cf('PUT', '/mode/half-a', { mode: 'READONLY' })
    for (const [dialect, send] of [
      ['cf', t.cf],
      ['os', t.os],
    ] as const) {
      const res = await send('POST', '/staging/promote')
      expect(res.statusCode).toBe(409)
      expect(errorOf(res, dialect)).toEqual({ code: 40901, message: expect.stringMatching(/^Promotion failed at staged subject 'half-a'.*read-only/) })
    }
    await t.cf('DELETE', '/mode/half-a')
    expect((await t.cf('POST', '/staging/promote')).json()).toMatchObject([{ subject: 'half-a', version: 2 }])
  })

  it('stages what the level rejects only with force, keeps the force for promotion, and discards one or all', async () => {
    await t.registered('forced-value', record('F', [id]))
    const breaking = record('F', [id, required('must')])
    const refused = await stage('forced-value', { schema: breaking })
    expect(refused.statusCode).toBe(409)
    expect(errorOf(refused, 'cf').code).toBe(40901)
    const forced = await stage('forced-value', { schema: breaking }, '?force=true')
    expect(forced.json()).toMatchObject({ subject: 'forced-value', compatible: true, warnings: [expect.objectContaining({ direction: 'backward' })] })
    await stage('other-value', { schema: record('O', [id]) })
    expect((await t.cf('DELETE', '/staging/subjects/other-value')).statusCode).toBe(204)
    expect((await t.cf('DELETE', '/staging/subjects/other-value')).statusCode).toBe(204)
    expect((await t.cf('GET', '/staging')).json().map((s: { subject: string }) => s.subject)).toEqual(['forced-value'])
    expect((await t.cf('POST', '/staging/promote')).json()).toMatchObject([{ subject: 'forced-value', version: 2 }])
    await stage('x-value', { schema: record('X', [id]) })
    await stage('y-value', { schema: record('Y', [id]) })
    expect((await t.os('DELETE', '/staging')).statusCode).toBe(204)
    expect((await t.os('GET', '/staging')).json()).toEqual([])
    expect((await t.os('POST', '/staging/promote')).json()).toEqual([])
  })

  it('keeps one staging per context, named by the context prefix or a qualified subject', async () => {
    expect((await stage(':.team:ctx-value', { schema: record('C', [id]) })).json()).toEqual({ subject: ':.team:ctx-value', compatible: true })
    expect((await t.cf('GET', '/staging')).json()).toEqual([])
    expect((await t.cf('GET', '/contexts/.team/staging')).json()).toMatchObject([{ subject: ':.team:ctx-value' }])
    expect((await t.cf('POST', '/staging/promote')).json()).toEqual([])
    expect((await t.cf('POST', '/contexts/.team/staging/promote')).json()).toMatchObject([{ subject: ':.team:ctx-value', version: 1 }])
    expect((await t.cf('GET', '/subjects/:.team:ctx-value/versions')).json()).toEqual([1])
  })

  it('appends one staging.promote event with what was promoted, in the promotion transaction', async () => {
    await stage('evt-a', { schema: record('EA', [id]) })
    await stage('evt-b', { schema: record('EB', [id]) })
    const promoted = (await t.cf('POST', '/staging/promote')).json()
    const events = await t.test.store.recentEvents(5)
    const promote = events.find((e) => e.action === 'staging.promote')
    expect(promote?.detail).toEqual({ promoted })
    // each registration has its own event, before the promotion's
    expect(events.slice(1, 3).map((e) => [e.action, e.subject])).toEqual([
      ['schema.register', 'evt-b'],
      ['schema.register', 'evt-a'],
    ])
    expect(events[0]!.action).toBe('staging.promote')
    const audit = (await t.cf('GET', '/audit?event_type=staging_promote')).json().events
    expect(audit.at(-1)).toMatchObject({ outcome: 'success', target_type: 'context', target_id: '.' })
  })

  it('serializes a promotion with direct registrations of the same subjects: versions stay 1..n', async () => {
    const subjects = ['race-a', 'race-b', 'race-c']
    for (const s of subjects) await t.registered(s, record('R', [id]))
    for (const s of subjects) await stage(s, { schema: record('R', [id, optional('staged')]) })
    const direct = subjects.flatMap((s) => [1, 2, 3].map((i) => t.cf('POST', `/subjects/${s}/versions`, { schema: record('R', [id, optional(`direct${i}`)]) })))
    const [promoted, ...registered] = await Promise.all([t.cf('POST', '/staging/promote'), ...direct])
    expect(promoted.statusCode).toBe(200)
    for (const r of registered) expect(r.statusCode).toBe(200)
    for (const s of subjects) {
      const list = await versions(s)
      expect(list).toEqual([1, 2, 3, 4, 5])
    }
  })
})

describe('staging with authentication on', () => {
  let t: TestApp
  const basic = (u: string) => `Basic ${Buffer.from(`${u}:pw`).toString('base64')}`
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        [
          'users: [{ name: admin, password: pw }, { name: writer, password: pw }, { name: reader, password: pw }, { name: team, password: pw }]',
          'grants:',
          '  - { principal: admin, role: admin }',
          '  - { principal: writer, role: writer }',
          '  - { principal: reader, role: reader }',
          '  - { principal: team, role: writer, subjects: ["team-"] }',
        ].join('\n'),
        'staging',
      ),
    )
    t = await createTestApp({ auth })
  })
  afterAll(async () => {
    await t?.close()
  })
  const send = (user: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url,
      headers: { 'content-type': CONFLUENT, accept: CONFLUENT, authorization: basic(user), ...headers },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    })

  it('lets writers stage and promote, not readers; force is an admin action', async () => {
    expect((await send('reader', 'POST', '/staging/subjects/w-value/versions', { schema: record('W', [id]) })).statusCode).toBe(403)
    expect((await send('writer', 'POST', '/staging/subjects/w-value/versions', { schema: record('W', [id]) })).statusCode).toBe(200)
    expect((await send('reader', 'GET', '/staging')).json()).toMatchObject([{ subject: 'w-value' }])
    expect((await send('reader', 'POST', '/staging/promote')).statusCode).toBe(403)
    expect((await send('writer', 'POST', '/staging/promote')).json()).toMatchObject([{ subject: 'w-value', version: 1 }])
    const breaking = { schema: record('W', [id, required('must')]) }
    expect((await send('writer', 'POST', '/staging/subjects/w-value/versions?force=true', breaking)).statusCode).toBe(403)
    expect((await send('admin', 'POST', '/staging/subjects/w-value/versions?force=true', breaking)).statusCode).toBe(200)
    // a forced staging is promoted by a writer: the admin's force was given when staging
    expect((await send('writer', 'POST', '/staging/promote')).json()).toMatchObject([{ subject: 'w-value', version: 2 }])
  })

  it('promotes or discards everything only for a caller who may write every staged subject', async () => {
    expect((await send('team', 'POST', '/staging/subjects/team-a/versions', { schema: record('T', [id]) })).statusCode).toBe(200)
    expect((await send('team', 'POST', '/staging/subjects/other/versions', { schema: record('T', [id]) })).statusCode).toBe(403)
    expect((await send('writer', 'POST', '/staging/subjects/other/versions', { schema: record('T', [id]) })).statusCode).toBe(200)
    // team may read only its own: the list shows no more
    expect((await send('team', 'GET', '/staging')).json().map((s: { subject: string }) => s.subject)).toEqual(['team-a'])
    for (const [method, url] of [
      ['POST', '/staging/promote'],
      ['DELETE', '/staging'],
    ] as const) {
      const res = await send('team', method, url)
      expect(res.statusCode).toBe(403)
      expect(res.json().message).not.toContain('other')
    }
    expect((await send('admin', 'GET', '/staging')).json().map((s: { subject: string }) => s.subject)).toEqual(['other', 'team-a'])
    const audit = (await send('admin', 'GET', '/audit?event_type=staging_promote&outcome=denied')).json().events
    expect(audit.length).toBeGreaterThan(0)
    expect((await send('writer', 'DELETE', '/staging')).statusCode).toBe(204)
  })

  it('needs the claim token of a claimed subject to stage it, and to promote or discard it', async () => {
    const { token } = (await send('writer', 'POST', '/subjects/owned-value/owner')).json()
    const body = { schema: record('Owned', [id]) }
    expect((await send('admin', 'POST', '/staging/subjects/owned-value/versions', body)).statusCode).toBe(403)
    expect((await send('writer', 'POST', '/staging/subjects/owned-value/versions', body, { 'x-subject-token': token })).statusCode).toBe(200)
    expect((await send('writer', 'POST', '/staging/subjects/free-value/versions', body)).statusCode).toBe(200)
    expect((await send('writer', 'DELETE', '/staging/subjects/owned-value')).statusCode).toBe(403)
    expect((await send('admin', 'POST', '/staging/promote')).statusCode).toBe(403)
    expect((await send('writer', 'POST', '/staging/promote', undefined, { 'x-subject-token': 'wrong' })).statusCode).toBe(403)
    const promoted = await send('writer', 'POST', '/staging/promote', undefined, { 'x-subject-token': `other-token, ${token}` })
    expect(promoted.json().map((p: { subject: string }) => p.subject)).toEqual(['free-value', 'owned-value'])
  })
})

describe('staging is durable', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })
  const req = (app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { 'content-type': CONFLUENT, accept: CONFLUENT }, ...(payload ? { payload: JSON.stringify(payload) } : {}) })

  it('survives a restart on the same data', async () => {
    const engine = primaryEngine()
    const dataDir = engine === 'pglite' ? await mkdtemp(path.join(tmpdir(), 'staging-')) : undefined
    if (dataDir) dirs.push(dataDir)
    const first = await openTestStore(engine, { dataDir })
    const a = checkContract((await composeServer({ store: first.store })).app)
    expect((await req(a, 'POST', '/staging/subjects/durable-value/versions', { schema: record('D', [id]) })).statusCode).toBe(200)
    await a.close()
    await first.store.close()

    const store = await openStore(dataDir ? { dataDir } : { databaseUrl: first.databaseUrl })
    const b = checkContract((await composeServer({ store })).app)
    expect((await req(b, 'GET', '/staging')).json()).toMatchObject([{ subject: 'durable-value', schemaType: 'AVRO' }])
    expect((await req(b, 'POST', '/staging/promote')).json()).toMatchObject([{ subject: 'durable-value', version: 1 }])
    await b.close()
    await store.close()
    if (!dataDir) await first.dispose()
  })

  it.skipIf(!process.env.TEST_DATABASE_URL)('is shared by two instances on one PostgreSQL', async () => {
    const shared = await openTestStore('postgres')
    const peer = await openStore({ databaseUrl: shared.databaseUrl })
    const a = checkContract((await composeServer({ store: shared.store })).app)
    const b = checkContract((await composeServer({ store: peer })).app)
    try {
      expect((await req(a, 'POST', '/staging/subjects/shared-value/versions', { schema: record('S', [id]) })).statusCode).toBe(200)
      // no cache between: the other instance sees it at once
      expect((await req(b, 'GET', '/staging')).json()).toMatchObject([{ subject: 'shared-value' }])
      expect((await req(b, 'POST', '/staging/promote')).json()).toMatchObject([{ subject: 'shared-value', version: 1 }])
      expect((await req(a, 'GET', '/staging')).json()).toEqual([])
      expect((await req(a, 'GET', '/subjects/shared-value/versions')).json()).toEqual([1])
    } finally {
      await a.close()
      await b.close()
      await peer.close()
      await shared.dispose()
    }
  })
})
