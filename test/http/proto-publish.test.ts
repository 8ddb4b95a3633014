import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §9: POST /subjects/{s}/versions with {"schemaType": "PROTOBUF", "files", "root"}
// registers every imported file under the subject named by its path, wires the references, and the
// root under {s}, in one transaction.

const C = `syntax = "proto3";
package shop;
message Money { string currency = 1; int64 units = 2; }
`
const B = `syntax = "proto3";
package shop;
import "shop/money.proto";
message Price { shop.Money amount = 1; }
`
const A = `syntax = "proto3";
package shop;
import "shop/price.proto";
import "google/protobuf/timestamp.proto";
message Order { string id = 1; shop.Price price = 2; google.protobuf.Timestamp at = 3; }
`
const nested = { 'orders/order.proto': A, 'shop/price.proto': B, 'shop/money.proto': C }

const enc = encodeURIComponent
/** The error code in either dialect's error body. */
const codeOf = (body: { error_code?: number; errorCode?: number }) => body.error_code ?? body.errorCode
type Answer = { id: number | string; version: number; files: { path: string; subject: string; id: number | string; version: number }[] }

describe('publishing a set of .proto files', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const publish = (subject: string, files: Record<string, string>, root: string, extra: Record<string, unknown> = {}) =>
    t.cf('POST', `/subjects/${enc(subject)}/versions`, { schemaType: 'PROTOBUF', files, root, ...extra })
  const subjects = async (): Promise<string[]> => (await t.cf('GET', '/subjects')).json()
  const versions = async (subject: string) => (await t.cf('GET', `/subjects/${enc(subject)}/versions`)).json()

  it('registers nested imports dependencies first, each under its path, the root under {s}', async () => {
    const res = await publish('orders-value', nested, 'orders/order.proto')
    expect(res.statusCode).toBe(200)
    const body: Answer = res.json()
    expect(body.files.map((f) => [f.path, f.subject, f.version])).toEqual([
      ['shop/money.proto', 'shop/money.proto', 1],
      ['shop/price.proto', 'shop/price.proto', 1],
      ['orders/order.proto', 'orders-value', 1],
    ])
    expect(body.version).toBe(1)
    expect(body.files.at(-1)!.id).toBe(body.id)
    expect(new Set(body.files.map((f) => f.id)).size).toBe(3)
    expect((await subjects()).sort()).toEqual(['orders-value', 'shop/money.proto', 'shop/price.proto'])
  })

  it('wires the references by import path, readable by subject version and by id', async () => {
    const price = (await t.cf('GET', `/subjects/${enc('shop/price.proto')}/versions/1`)).json()
    expect(price.references).toEqual([{ name: 'shop/money.proto', subject: 'shop/money.proto', version: 1 }])
    expect(price.schema).toContain('message Price')
    const money = (await t.cf('GET', `/subjects/${enc('shop/money.proto')}/versions/1`)).json()
    expect(money.references ?? []).toEqual([])
    const root = (await t.cf('GET', '/subjects/orders-value/versions/1')).json()
    // the well-known import needs no file and no reference
    expect(root.references).toEqual([{ name: 'shop/price.proto', subject: 'shop/price.proto', version: 1 }])
    const byId = (await t.cf('GET', `/schemas/ids/${root.id}`)).json()
    expect(byId.references).toEqual(root.references)
    expect(byId.schema).toContain('google.protobuf.Timestamp')
    // the OpenSchema dialect reads the same registrations
    const os = await t.os('GET', `/subjects/${enc('shop/money.proto')}/versions/1`)
    expect(os.statusCode).toBe(200)
    expect(os.json()).toMatchObject({ id: String(money.id), version: 1 })
  })

  it('is idempotent: the same set again registers nothing and answers the same ids and versions', async () => {
    const first = (await t.cf('GET', '/subjects/orders-value/versions/1')).json()
    const again = await publish('orders-value', nested, 'orders/order.proto')
    expect(again.statusCode).toBe(200)
    const body: Answer = again.json()
    expect(body.id).toBe(first.id)
    expect(body.files.map((f) => f.version)).toEqual([1, 1, 1])
    for (const s of ['orders-value', 'shop/money.proto', 'shop/price.proto']) expect(await versions(s)).toEqual([1])
  })

  it('reuses an imported file already live under its subject when another root imports it', async () => {
    const other = `syntax = "proto3";\npackage billing;\nimport "shop/money.proto";\nmessage Invoice { shop.Money total = 1; }\n`
    const res = await publish('invoices-value', { 'billing/invoice.proto': other, 'shop/money.proto': C }, 'billing/invoice.proto')
    expect(res.statusCode).toBe(200)
    const body: Answer = res.json()
    const money = (await t.cf('GET', `/subjects/${enc('shop/money.proto')}/versions/1`)).json()
    expect(body.files[0]).toEqual({ path: 'shop/money.proto', subject: 'shop/money.proto', id: money.id, version: 1 })
    expect(await versions('shop/money.proto')).toEqual([1])
  })

  it('registers a shared import once (a diamond)', async () => {
    const common = `syntax = "proto3";\npackage d;\nmessage Id { string value = 1; }\n`
    const left = `syntax = "proto3";\npackage d;\nimport "d/common.proto";\nmessage Left { d.Id id = 1; }\n`
    const right = `syntax = "proto3";\npackage d;\nimport "d/common.proto";\nmessage Right { d.Id id = 1; }\n`
    const top = `syntax = "proto3";\npackage d;\nimport "d/left.proto";\nimport "d/right.proto";\nmessage Top { d.Left l = 1; d.Right r = 2; }\n`
    const res = await publish('diamond-value', { 'd/top.proto': top, 'd/left.proto': left, 'd/right.proto': right, 'd/common.proto': common }, 'd/top.proto')
    expect(res.statusCode).toBe(200)
    const body: Answer = res.json()
    expect(body.files.map((f) => f.path)).toEqual(['d/common.proto', 'd/left.proto', 'd/right.proto', 'd/top.proto'])
    for (const s of ['d/left.proto', 'd/right.proto']) {
      expect((await t.cf('GET', `/subjects/${enc(s)}/versions/1`)).json().references).toEqual([{ name: 'd/common.proto', subject: 'd/common.proto', version: 1 }])
    }
    expect((await t.cf('GET', '/subjects/diamond-value/versions/1')).json().references).toEqual([
      { name: 'd/left.proto', subject: 'd/left.proto', version: 1 },
      { name: 'd/right.proto', subject: 'd/right.proto', version: 1 },
    ])
  })

  it('gives only the root a new version when only the root changed', async () => {
    const changed = A.replace('google.protobuf.Timestamp at = 3;', 'google.protobuf.Timestamp at = 3; string note = 4;')
    const res = await publish('orders-value', { ...nested, 'orders/order.proto': changed }, 'orders/order.proto')
    expect(res.statusCode).toBe(200)
    expect((res.json() as Answer).files.map((f) => [f.subject, f.version])).toEqual([
      ['shop/money.proto', 1],
      ['shop/price.proto', 1],
      ['orders-value', 2],
    ])
    expect(await versions('orders-value')).toEqual([1, 2])
    expect(await versions('shop/price.proto')).toEqual([1])
  })

  it('registers nothing when an imported file changes incompatibly under BACKWARD, naming its subject', async () => {
    const before = await subjects()
    // money.proto changes compatibly and is registered first; then price.proto changes a field's type
    // (data written with its version 1 cannot be read), so the whole set fails
    const money = C.replace('int64 units = 2;', 'int64 units = 2; string note = 3;')
    const breaking = B.replace('shop.Money amount = 1;', 'string amount = 1;')
    const root = A.replace('google.protobuf.Timestamp at = 3;', 'google.protobuf.Timestamp at = 3; string channel = 5;')
    const res = await publish('orders-value', { 'orders/order.proto': root, 'shop/price.proto': breaking, 'shop/money.proto': money }, 'orders/order.proto')
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ error_code: 40901 })
    expect(res.json().message).toContain('shop/price.proto')
    expect(await versions('shop/money.proto')).toEqual([1])
    expect(await versions('shop/price.proto')).toEqual([1])
    expect(await versions('orders-value')).toEqual([1, 2])
    expect(await subjects()).toEqual(before)
  })

  it('registers nothing when one file is broken, and says which', async () => {
    const before = await subjects()
    const res = await publish(
      'broken-value',
      { 'x/root.proto': A.replace('shop/price.proto', 'x/dep.proto'), 'x/dep.proto': 'syntax = "proto3";\nmessage Price { int32 = 1; }\n' },
      'x/root.proto',
    )
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ error_code: 42201 })
    expect(res.json().message).toContain('x/dep.proto')
    // a file that parses but does not resolve fails inside the transaction: its dependency is not kept
    const unresolved = `syntax = "proto3";\npackage y;\nimport "y/dep.proto";\nmessage Root { y.Missing m = 1; }\n`
    const dep = `syntax = "proto3";\npackage y;\nmessage Dep { string v = 1; }\n`
    const res2 = await publish('broken-value', { 'y/root.proto': unresolved, 'y/dep.proto': dep }, 'y/root.proto')
    expect(res2.statusCode).toBe(422)
    expect(res2.json().message).toContain('y/root.proto')
    expect(await subjects()).toEqual(before)
  })

  it('refuses an import that is neither a given file nor well-known, naming it', async () => {
    const res = await publish('missing-value', { 'm/root.proto': B.replace('shop/money.proto', 'm/nowhere.proto') }, 'm/root.proto')
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ error_code: 42201 })
    expect(res.json().message).toContain('m/nowhere.proto')
    expect(await subjects()).not.toContain('missing-value')
  })

  it('refuses an import cycle', async () => {
    const one = `syntax = "proto3";\npackage c;\nimport "c/two.proto";\nmessage One { string v = 1; }\n`
    const two = `syntax = "proto3";\npackage c;\nimport "c/one.proto";\nmessage Two { string v = 1; }\n`
    const res = await publish('cycle-value', { 'c/one.proto': one, 'c/two.proto': two }, 'c/one.proto')
    expect(res.statusCode).toBe(422)
    expect(res.json().message).toMatch(/cycle.*c\/one\.proto -> c\/two\.proto -> c\/one\.proto/)
    expect(await subjects()).not.toContain('c/two.proto')
  })

  it('refuses bodies that are not a set: schema beside files, a root that is not a file, texts that are not strings, unreached files', async () => {
    const cases: [Record<string, unknown>, number][] = [
      [{ schemaType: 'PROTOBUF', schema: C, files: { 'a.proto': C }, root: 'a.proto' }, 42201],
      [{ schemaType: 'PROTOBUF', files: { 'a.proto': C }, root: 'b.proto' }, 42201],
      [{ schemaType: 'PROTOBUF', files: { 'a.proto': 1 }, root: 'a.proto' }, 422],
      [{ schemaType: 'PROTOBUF', files: { 'a.proto': C, 'lonely.proto': C }, root: 'a.proto' }, 42201],
      [{ schemaType: 'AVRO', files: { 'a.avsc': '"string"' }, root: 'a.avsc' }, 42201],
    ]
    for (const [body, code] of cases) {
      for (const send of [t.cf, t.os]) {
        const res = await send('POST', '/subjects/bad-body/versions', body)
        expect(res.statusCode, JSON.stringify(body)).toBe(422)
        expect(codeOf(res.json()), JSON.stringify(body)).toBe(code)
      }
    }
    expect(await subjects()).not.toContain('bad-body')
    // {s} may not also be the subject of an imported file
    const dup = await publish('dup.proto', { 'root.proto': B.replace('shop/money.proto', 'dup.proto'), 'dup.proto': C }, 'root.proto')
    expect(dup.statusCode).toBe(422)
    expect(dup.json().message).toContain('would hold two files')
  })

  it('answers in the OpenSchema dialect with string ids, the root version and the files', async () => {
    const res = await t.os('POST', '/subjects/os-orders/versions', { schemaType: 'protobuf', files: nested, root: 'orders/order.proto' })
    expect(res.statusCode).toBe(200)
    const body: Answer = res.json()
    const root = (await t.cf('GET', '/subjects/os-orders/versions/1')).json()
    expect(body).toMatchObject({ id: String(root.id), version: 1 })
    // the imported files were published before, under the same content: reused
    const money = (await t.cf('GET', `/subjects/${enc('shop/money.proto')}/versions/1`)).json()
    expect(body.files[0]).toEqual({ path: 'shop/money.proto', subject: 'shop/money.proto', id: String(money.id), version: 1 })
    expect(body.files.at(-1)).toEqual({ path: 'orders/order.proto', subject: 'os-orders', id: String(root.id), version: 1 })
    // errors come in OpenSchema's body
    const bad = await t.os('POST', '/subjects/os-orders/versions', { schemaType: 'PROTOBUF', files: { 'a.proto': C }, root: 'b.proto' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toMatchObject({ errorCode: 42201, errorMessage: expect.stringContaining('b.proto') })
  })

  it('registers the files in the context of {s}', async () => {
    const res = await t.cf('POST', '/contexts/.team/subjects/ctx-orders/versions', { schemaType: 'PROTOBUF', files: nested, root: 'orders/order.proto' })
    expect(res.statusCode).toBe(200)
    expect((res.json() as Answer).files.map((f) => f.subject)).toEqual([':.team:shop/money.proto', ':.team:shop/price.proto', ':.team:ctx-orders'])
    const price = (await t.cf('GET', `/contexts/.team/subjects/${enc('shop/price.proto')}/versions/1`)).json()
    expect(price.references).toEqual([{ name: 'shop/money.proto', subject: 'shop/money.proto', version: 1 }])
  })

  it('runs two publishes that share files in opposite import orders side by side, without a deadlock', async () => {
    const x = `syntax = "proto3";\npackage cc;\nmessage X { string v = 1; }\n`
    const y = `syntax = "proto3";\npackage cc;\nmessage Y { string v = 1; }\n`
    const root = (first: string, second: string, name: string) =>
      `syntax = "proto3";\npackage cc;\nimport "cc/${first}.proto";\nimport "cc/${second}.proto";\nmessage ${name} { string v = 1; }\n`
    const files = { 'cc/x.proto': x, 'cc/y.proto': y }
    const [one, two] = await Promise.all([
      publish('cc-one', { ...files, 'cc/root.proto': root('x', 'y', 'One') }, 'cc/root.proto'),
      publish('cc-two', { ...files, 'cc/root.proto': root('y', 'x', 'Two') }, 'cc/root.proto'),
    ])
    expect([one.statusCode, two.statusCode]).toEqual([200, 200])
    // the shared files are registered once, and both roots reference the same versions
    expect(await versions('cc/x.proto')).toEqual([1])
    expect(await versions('cc/y.proto')).toEqual([1])
    const ids = (res: typeof one) => Object.fromEntries((res.json() as Answer).files.map((f) => [f.path, f.id]))
    expect(ids(one)['cc/x.proto']).toBe(ids(two)['cc/x.proto'])
  })

  it('with force, registers what the levels reject and says per file what the checks found', async () => {
    const breaking = C.replace('int64 units = 2;', 'string units = 2;')
    const res = await publish('orders-value', { ...nested, 'shop/money.proto': breaking }, 'orders/order.proto', {})
    expect(res.statusCode).toBe(409)
    const forced = await t.cf('POST', '/subjects/orders-value/versions?force=true', {
      schemaType: 'PROTOBUF',
      files: { ...nested, 'shop/money.proto': breaking },
      root: 'orders/order.proto',
    })
    expect(forced.statusCode).toBe(200)
    const files = forced.json().files as { subject: string; version: number; warnings: { kind: string }[] }[]
    expect(files.map((f) => [f.subject, f.version])).toEqual([
      ['shop/money.proto', 2],
      ['shop/price.proto', 2],
      ['orders-value', 3],
    ])
    expect(files[0]!.warnings.map((w) => w.kind)).toEqual(['FIELD_SCALAR_KIND_CHANGED'])
    // the importing files are checked with their imports, so they report the change they carry
    for (const f of files) expect(f.warnings).toEqual(expect.any(Array))
  })
})

describe('publishing a set of .proto files with authentication on', () => {
  let t: TestApp
  const basic = (u: string) => `Basic ${Buffer.from(`${u}:pw`).toString('base64')}`
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        [
          'users: [{ name: admin, password: pw }, { name: orders, password: pw }, { name: wide, password: pw }]',
          'grants:',
          '  - { principal: admin, role: admin }',
          '  - { principal: orders, role: writer, subjects: ["orders-"] }',
          '  - { principal: wide, role: writer, subjects: ["orders-", "shop/"] }',
          '',
        ].join('\n'),
        'publish',
      ),
    )
    t = await createTestApp({ auth })
  })
  afterAll(async () => {
    await t?.close()
  })
  const post = (user: string, subject: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/subjects/${subject}/versions`,
      headers: { 'content-type': CONFLUENT, authorization: basic(user), ...headers },
      payload: JSON.stringify({ schemaType: 'PROTOBUF', files: nested, root: 'orders/order.proto' }),
    })
  const listed = async () => (await t.app.inject({ method: 'GET', url: '/subjects', headers: { accept: CONFLUENT, authorization: basic('admin') } })).json()

  it('needs a write on every file subject, not only on {s}', async () => {
    const refused = await post('orders', 'orders-value')
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ error_code: 40301 })
    expect(refused.json().message).toContain('shop/')
    expect(await listed()).toEqual([])
    // audited as a refused registration
    const audit = await t.app.inject({ method: 'GET', url: '/audit?outcome=denied&event_type=schema_register', headers: { accept: CONFLUENT, authorization: basic('admin') } })
    expect(audit.json().events.map((e: { actor_id: string; status_code: number }) => [e.actor_id, e.status_code])).toEqual([['orders', 403]])
    expect((await post('wide', 'orders-value')).statusCode).toBe(200)
  })

  it('needs the token of every claimed subject; several tokens go comma-separated', async () => {
    const claim = async (subject: string) =>
      (await t.app.inject({ method: 'POST', url: `/subjects/${enc(subject)}/owner`, headers: { accept: CONFLUENT, authorization: basic('admin') } })).json().token as string
    const rootToken = await claim('orders-claimed')
    const fileToken = await claim('shop/money.proto')
    expect((await post('wide', 'orders-claimed', { 'x-subject-token': rootToken })).statusCode).toBe(403)
    expect((await post('wide', 'orders-claimed', { 'x-subject-token': fileToken })).statusCode).toBe(403)
    expect(await listed()).not.toContain('orders-claimed')
    const ok = await post('wide', 'orders-claimed', { 'x-subject-token': `${rootToken}, ${fileToken}` })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().files.at(-1)).toMatchObject({ subject: 'orders-claimed', version: 1 })
  })
})
