import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §6: `?force=true` registers what the level rejects and answers what the check found.

const CONFLUENT = 'application/vnd.schemaregistry.v1+json'
const OPENSCHEMA = 'application/vnd.openschema.v1+json'
const v1 = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] })
// a new field without a default: data written with v1 cannot be read (BACKWARD rejects it)
const breaking = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'long' },
  ],
})
const compatible = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
})

describe('forced commits', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('registers a schema the level rejects, in both dialects, and says what the check found', async () => {
    for (const [subject, type] of [
      ['forced-cf', CONFLUENT],
      ['forced-os', OPENSCHEMA],
    ] as const) {
      const send = (url: string, schema: string) =>
        t.app.inject({ method: 'POST', url, headers: { 'content-type': type, accept: type }, payload: JSON.stringify(type === CONFLUENT ? { schema } : { schema }) })
      expect((await send(`/subjects/${subject}/versions`, v1)).statusCode).toBe(200)
      expect((await send(`/subjects/${subject}/versions`, breaking)).statusCode).toBe(409)
      const forced = await send(`/subjects/${subject}/versions?force=true`, breaking)
      expect(forced.statusCode).toBe(200)
      const { warnings } = forced.json()
      expect(warnings.length).toBeGreaterThan(0)
      expect(warnings[0]).toMatchObject({ kind: expect.any(String), path: expect.stringContaining('/fields'), direction: 'backward' })
      expect(warnings[0].message).toMatch(/amount/)
      expect(warnings[0].message).not.toMatch(/\{reader\}|\{writer\}/)
      expect((await t.cf('GET', `/subjects/${subject}/versions`)).json()).toEqual([1, 2])
    }
  })

  it('answers an empty list when nothing was wrong, also for content already registered', async () => {
    await t.cf('POST', '/subjects/forced-ok/versions', { schema: v1 })
    const ok = await t.cf('POST', '/subjects/forced-ok/versions?force=true', { schema: compatible })
    expect(ok.json()).toMatchObject({ version: 2, warnings: [] })
    const again = await t.cf('POST', '/subjects/forced-ok/versions?force=true', { schema: compatible })
    expect(again.json()).toMatchObject({ version: 2, warnings: [] })
    // without force the answer is as always, without warnings
    expect((await t.cf('POST', '/subjects/forced-ok/versions', { schema: compatible })).json().warnings).toBeUndefined()
  })

  it('records the forced registration in the audit log with reason forced', async () => {
    const events = (await t.cf('GET', '/audit?subject=forced-cf&event_type=schema_register&outcome=success')).json().events
    expect(events.map((e: { version: number; reason: string | null }) => [e.version, e.reason])).toEqual([
      [1, null],
      [2, 'forced'],
    ])
  })
})

describe('forced commits with authentication on', () => {
  let t: TestApp
  const basic = (u: string) => `Basic ${Buffer.from(`${u}:pw`).toString('base64')}`
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        'users: [{ name: admin, password: pw }, { name: writer, password: pw }]\ngrants: [{ principal: admin, role: admin }, { principal: writer, role: writer }]\n',
        'force',
      ),
    )
    t = await createTestApp({ auth })
  })
  afterAll(async () => {
    await t?.close()
  })
  const post = (user: string, url: string, schema: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': CONFLUENT, authorization: basic(user), ...headers }, payload: JSON.stringify({ schema }) })

  it('is an admin action; a writer may register normally but not force', async () => {
    expect((await post('writer', '/subjects/orders-value/versions', v1)).statusCode).toBe(200)
    const refused = await post('writer', '/subjects/orders-value/versions?force=true', breaking)
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ error_code: 40301 })
    expect((await post('admin', '/subjects/orders-value/versions?force=true', breaking)).statusCode).toBe(200)
  })

  it('on a claimed subject needs the claim token, admins included', async () => {
    expect((await post('admin', '/subjects/claimed-value/versions', v1)).statusCode).toBe(200)
    const claim = await t.app.inject({ method: 'POST', url: '/subjects/claimed-value/owner', headers: { accept: CONFLUENT, authorization: basic('admin') } })
    const { token } = claim.json()
    expect((await post('admin', '/subjects/claimed-value/versions?force=true', breaking)).statusCode).toBe(403)
    expect((await post('admin', '/subjects/claimed-value/versions?force=true', breaking, { 'x-subject-token': token })).statusCode).toBe(200)
  })
})
