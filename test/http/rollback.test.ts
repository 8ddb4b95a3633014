import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §8: a rollback registers an earlier version's content as the new latest version,
// checked as if new with the current latest as the earlier schema.

const record = (...fields: object[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'com.acme', fields })
const id = { name: 'id', type: 'string' }
const note = { name: 'note', type: ['null', 'string'], default: null }
const amount = { name: 'amount', type: 'long' }

const proto = (extra = '') => `syntax = "proto3";\npackage shop;\n\nmessage Order {\n  string id = 1;\n}\n${extra}`
const refund = 'message Refund {\n  string order_id = 1;\n}\n'
const withField = 'syntax = "proto3";\npackage shop;\n\nmessage Order {\n  string id = 1;\n  int64 cents = 2;\n}\n'

describe('rollback', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })
  const rollback = (subject: string, version: number | string, query = '', send = t.cf) => send('POST', `/subjects/${subject}/versions/${version}/rollback${query}`)
  const versions = async (subject: string) => (await t.cf('GET', `/subjects/${subject}/versions`)).json()

  it('registers an earlier Avro version again as the latest, with the id its content has', async () => {
    const v1 = await t.registered('avro-ok', record(id))
    await t.registered('avro-ok', record(id, note))
    const res = await rollback('avro-ok', 1)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: v1.id, version: 3 })
    expect(await versions('avro-ok')).toEqual([1, 2, 3])
    expect((await t.cf('GET', '/subjects/avro-ok/versions/latest')).json()).toMatchObject({
      id: v1.id,
      version: 3,
      schema: (await t.cf('GET', '/subjects/avro-ok/versions/1')).json().schema,
    })
    // OpenSchema answers its own register body
    await t.registered('avro-ok', record(id, note))
    expect((await rollback('avro-ok', 3, '', t.os)).json()).toEqual({ id: String(v1.id) })
  })

  it('answers the latest version and writes nothing when the content already is the latest', async () => {
    await t.registered('noop', record(id))
    const v2 = await t.registered('noop', record(id, note))
    for (const v of [2, 'latest', -1]) expect((await rollback('noop', v)).json()).toMatchObject({ id: v2.id, version: 2 })
    expect(await versions('noop')).toEqual([1, 2])
    const events = await t.test.store.recentEvents(3)
    expect(events.filter((e) => e.subject === 'noop' && e.action === 'subject.rollback')).toEqual([])
  })

  it('rejects a rollback that drops a field added since where the level needs it (FORWARD), in both dialects', async () => {
    await t.cf('PUT', '/config/avro-fwd', { compatibility: 'FORWARD' })
    await t.registered('avro-fwd', record(id))
    // FORWARD: readers of v2 need `amount`; data written with v1 again would lack it
    await t.registered('avro-fwd', record(id, amount))
    const cf = await rollback('avro-fwd', 1)
    expect(cf.statusCode).toBe(409)
    expect(cf.json()).toMatchObject({ error_code: 40901, message: expect.stringContaining('avro-fwd') })
    const os = await rollback('avro-fwd', 1, '', t.os)
    expect(os.statusCode).toBe(409)
    expect(os.json()).toMatchObject({ errorCode: 40901 })
    expect(await versions('avro-fwd')).toEqual([1, 2])
  })

  it('rejects under BACKWARD a rollback that brings back a field removed since without a default', async () => {
    await t.registered('avro-back', record(id, { name: 'legacy', type: 'string' }))
    await t.registered('avro-back', record(id))
    expect((await rollback('avro-back', 1)).statusCode).toBe(409)
    expect(await versions('avro-back')).toEqual([1, 2])
  })

  it('goes through with force and says what the check found, audited as forced', async () => {
    const res = await rollback('avro-fwd', 1, '?force=true')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: 3, warnings: [expect.objectContaining({ direction: 'forward', message: expect.stringContaining('amount') })] })
    const audit = (await t.cf('GET', '/audit?subject=avro-fwd&outcome=success')).json().events
    expect(audit.slice(-2).map((e: { event_type: string; reason: string | null; version: number }) => [e.event_type, e.version, e.reason])).toEqual([
      ['schema_register', 3, 'forced'],
      ['rollback', 3, null],
    ])
    const rejected = (await t.cf('GET', '/audit?subject=avro-fwd&event_type=rollback&outcome=rejected')).json().events
    expect(rejected.length).toBe(2)
  })

  it('stages the rollback with stage=true: nothing registered until promoted', async () => {
    const v1 = await t.registered('staged-rb', record(id))
    await t.registered('staged-rb', record(id, note))
    const res = await rollback('staged-rb', 1, '?stage=true')
    expect(res.json()).toEqual({ subject: 'staged-rb', compatible: true })
    expect(await versions('staged-rb')).toEqual([1, 2])
    expect((await t.cf('GET', '/staging')).json()).toMatchObject([{ subject: 'staged-rb' }])
    expect((await t.cf('POST', '/staging/promote')).json()).toEqual([{ subject: 'staged-rb', id: v1.id, version: 3 }])
    // a staged rollback is checked like a direct one
    await t.cf('PUT', '/config/staged-rb', { compatibility: 'FORWARD' })
    await t.registered('staged-rb', record(id, note, amount))
    expect((await rollback('staged-rb', 1, '?stage=true')).statusCode).toBe(409)
    expect((await rollback('staged-rb', 1, '?stage=true&force=true')).json()).toMatchObject({ subject: 'staged-rb', compatible: true, warnings: [expect.anything()] })
    await t.cf('DELETE', '/staging')
  })

  it('rolls back Protobuf: a removed field is fine under BACKWARD, a removed message is not', async () => {
    const p = { schemaType: 'PROTOBUF' }
    const v1 = await t.registered('proto-rb', proto(), p)
    await t.registered('proto-rb', withField, p)
    expect((await rollback('proto-rb', 1)).json()).toMatchObject({ id: v1.id, version: 3 })
    // a message added since: rolling back removes it, which BACKWARD refuses
    await t.registered('proto-rb', proto(refund), p)
    const refused = await rollback('proto-rb', 3, '', t.os)
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ errorCode: 40901 })
    expect((await rollback('proto-rb', 3, '?force=true')).json()).toMatchObject({ id: v1.id, version: 5, warnings: [expect.anything()] })
    expect(await versions('proto-rb')).toEqual([1, 2, 3, 4, 5])
  })

  it('answers a missing subject or version as not found in each dialect', async () => {
    expect((await rollback('nobody', 1)).json()).toMatchObject({ error_code: 40401 })
    expect((await rollback('nobody', 1, '', t.os)).json()).toMatchObject({ errorCode: 40402 })
    expect((await rollback('noop', 9)).json()).toMatchObject({ error_code: 40402 })
    expect((await rollback('noop', 9, '', t.os)).json()).toMatchObject({ errorCode: 40403 })
    expect((await rollback('noop', 'x')).json()).toMatchObject({ error_code: 42202 })
  })
})

describe('rollback with authentication on', () => {
  let t: TestApp
  const basic = (u: string) => `Basic ${Buffer.from(`${u}:pw`).toString('base64')}`
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        'users: [{ name: admin, password: pw }, { name: writer, password: pw }, { name: reader, password: pw }]\ngrants: [{ principal: admin, role: admin }, { principal: writer, role: writer }, { principal: reader, role: reader }]\n',
        'rollback',
      ),
    )
    t = await createTestApp({ auth })
  })
  afterAll(async () => {
    await t?.close()
  })
  const post = (user: string, url: string, body?: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': CONFLUENT, accept: CONFLUENT, authorization: basic(user), ...headers },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    })

  it('is a write; force is an admin action; a claimed subject needs its token', async () => {
    await post('writer', '/subjects/auth-rb/versions', { schema: record(id) })
    await post('writer', '/subjects/auth-rb/versions', { schema: record(id, note) })
    expect((await post('reader', '/subjects/auth-rb/versions/1/rollback')).statusCode).toBe(403)
    expect((await post('writer', '/subjects/auth-rb/versions/1/rollback?force=true')).statusCode).toBe(403)
    expect((await post('writer', '/subjects/auth-rb/versions/1/rollback')).json()).toMatchObject({ version: 3 })
    const { token } = (await post('writer', '/subjects/auth-rb/owner')).json()
    expect((await post('admin', '/subjects/auth-rb/versions/2/rollback')).statusCode).toBe(403)
    expect((await post('admin', '/subjects/auth-rb/versions/2/rollback?stage=true')).statusCode).toBe(403)
    expect((await post('writer', '/subjects/auth-rb/versions/2/rollback', undefined, { 'x-subject-token': token })).json()).toMatchObject({ version: 4 })
  })
})
