import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §3.2: nothing outside a caller's grants shows, in lists, reads by id or guid,
// referencedby, or error messages.

const CONFLUENT = 'application/vnd.schemaregistry.v1+json'
const OPENSCHEMA = 'application/vnd.openschema.v1+json'
const basic = (user: string) => `Basic ${Buffer.from(`${user}:pw`).toString('base64')}`
const rec = (name: string, fields: object[] = [{ name: 'a', type: 'int' }]) => JSON.stringify({ type: 'record', name, namespace: 'v', fields })

describe('what a scoped reader sees', () => {
  let t: TestApp
  const ids: Record<string, number> = {}
  const guids: Record<string, string> = {}
  const as = (user: string, method: 'GET' | 'POST', url: string, body?: unknown, type = CONFLUENT) =>
    t.app.inject({
      method,
      url,
      headers: { 'content-type': type, accept: type, authorization: basic(user) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        `
users: [{ name: admin, password: pw }, { name: scoped, password: pw }, { name: team, password: pw }]
grants:
  - { principal: admin, role: admin }
  - { principal: scoped, role: reader, subjects: ["other-"] }
  - { principal: team, role: reader, context: ".team" }
`,
        'visibility',
      ),
    )
    t = await createTestApp({ auth })
    const register = async (subject: string, schema: string, extra: object = {}) => {
      const res = await as('admin', 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema, ...extra })
      expect(res.statusCode, res.body).toBe(200)
      ids[subject] = res.json().id
      guids[subject] = res.json().guid
    }
    await register('orders-z', rec('Z')) // registered first: the earliest registration of Z is hidden from scoped
    await register('other-z', rec('Z'))
    await register('other-x', rec('X'))
    await register('orders-y', rec('Y'))
    await register('orders-ref', rec('Ref', [{ name: 'x', type: 'v.X' }]), { references: [{ name: 'v.X', subject: 'other-x', version: 1 }] })
    await register(':.team:other-t', rec('T'))
  })
  afterAll(async () => {
    await t?.close()
  })

  it('lists only the subjects and schemas it may read', async () => {
    expect((await as('scoped', 'GET', '/subjects')).json()).toEqual([':.team:other-t', 'other-x', 'other-z'])
    expect((await as('scoped', 'GET', '/schemas')).json().map((s: { subject: string }) => s.subject)).toEqual(['other-x', 'other-z', ':.team:other-t'])
    expect((await as('team', 'GET', '/subjects')).json()).toEqual([':.team:other-t'])
    expect((await as('team', 'GET', '/contexts')).json()).toEqual(['.team'])
    expect((await as('admin', 'GET', '/contexts')).json()).toEqual(['.', '.team'])
  })

  it('answers an id under no readable subject exactly as an unknown id, in both dialects', async () => {
    for (const type of [CONFLUENT, OPENSCHEMA]) {
      const hidden = await as('scoped', 'GET', `/schemas/ids/${ids['orders-y']}`, undefined, type)
      const unknown = await as('scoped', 'GET', '/schemas/ids/999', undefined, type)
      expect(hidden.statusCode).toBe(404)
      const anonymized = (body: string, id: string) => body.replace(new RegExp(`\\b${id}\\b`, 'g'), 'N')
      expect(anonymized(hidden.body, String(ids['orders-y']))).toBe(anonymized(unknown.body, '999'))
      expect((await as('scoped', 'GET', `/schemas/ids/${ids['orders-y']}/schema`, undefined, type)).statusCode).toBe(404)
      expect((await as('scoped', 'GET', `/schemas/ids/${ids['orders-y']}/subjects`, undefined, type)).statusCode).toBe(404)
      expect((await as('admin', 'GET', `/schemas/ids/${ids['orders-y']}`, undefined, type)).statusCode).toBe(200)
    }
    expect((await as('scoped', 'GET', `/schemas/guids/${guids['orders-y']}`)).statusCode).toBe(404)
  })

  it('shows a shared id only under the subjects it may read', async () => {
    const z = ids['other-z']
    expect(z).toBe(ids['orders-z'])
    expect((await as('scoped', 'GET', `/schemas/ids/${z}/subjects`)).json()).toEqual(['other-z'])
    expect((await as('scoped', 'GET', `/schemas/ids/${z}/versions`)).json()).toEqual([{ subject: 'other-z', version: 1 }])
    expect((await as('admin', 'GET', `/schemas/ids/${z}/subjects`)).json()).toEqual(['orders-z', 'other-z'])
    // OpenSchema shows the earliest registration: the earliest readable one
    expect((await as('scoped', 'GET', `/schemas/ids/${z}`, undefined, OPENSCHEMA)).json()).toMatchObject({ subject: 'other-z' })
    expect((await as('admin', 'GET', `/schemas/ids/${z}`, undefined, OPENSCHEMA)).json()).toMatchObject({ subject: 'orders-z' })
    expect((await as('scoped', 'GET', `/schemas/guids/${guids['other-z']}/ids`)).statusCode).toBe(200)
  })

  it('hides referrers it may not read', async () => {
    expect((await as('scoped', 'GET', '/subjects/other-x/versions/1/referencedby')).json()).toEqual([])
    expect((await as('admin', 'GET', '/subjects/other-x/versions/1/referencedby')).json()).toEqual([ids['orders-ref']])
  })

  it('refuses a subject it may not read the same way whether it exists or not', async () => {
    const existing = await as('scoped', 'GET', '/subjects/orders-y/versions')
    const missing = await as('scoped', 'GET', '/subjects/orders-nothing/versions')
    expect(existing.statusCode).toBe(403)
    expect(existing.body).toBe(missing.body)
    expect(existing.body).not.toContain('orders-y')
  })
})
