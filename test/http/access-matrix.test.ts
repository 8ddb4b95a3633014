import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import type { DeclaredRoute } from '../../src/http/access.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// docs/EXTENSIONS.md §3.2: every route the app has, for every role, in every dialect it answers, is
// allowed or refused as its declaration says. The matrix is built from the routes the app registered,
// so a new route is in it the moment it exists. The expectation is written here from the role table,
// not from the code under test.

const MEDIA = { confluent: 'application/vnd.schemaregistry.v1+json', openschema: 'application/vnd.openschema.v1+json' } as const
type Dialect = keyof typeof MEDIA
const basic = (user: string) => `Basic ${Buffer.from(`${user}:${user}-pw`).toString('base64')}`

const AUTH = `
users:
  - { name: admin, password: admin-pw }
  - { name: writer, password: writer-pw }
  - { name: reader, password: reader-pw }
  - { name: scoped, password: scoped-pw }
grants:
  - { principal: admin, role: admin }
  - { principal: writer, role: writer }
  - { principal: reader, role: reader }
  - { principal: scoped, role: admin, subjects: ["other-"] }
`
type Who = 'anonymous' | 'reader' | 'writer' | 'admin' | 'scoped'
const RANK = { reader: 1, writer: 2, admin: 3 } as const
const NEEDS = { read: 1, write: 2, admin: 3 } as const

/** What the role table says a principal gets: allowed, 401, 403, or 404 (an id it may not see). */
const expected = (who: Who, route: DeclaredRoute): 'allowed' | 401 | 403 | 404 => {
  const a = route.access
  if (a.action === 'public') return 'allowed'
  if (who === 'anonymous') return 401
  if (who !== 'scoped') return RANK[who] >= NEEDS[a.action] ? 'allowed' : 403
  // scoped: admin on subjects starting with other-; the matrix's subject is orders-value
  if (a.on === 'any') return 'allowed'
  if (a.on === 'id' || a.on === 'guid') return 404
  return 403
}

describe('the access matrix: role × route × dialect', () => {
  let t: TestApp
  let id: number
  let guid: string
  beforeAll(async () => {
    t = await createTestApp({ auth: createAuthenticator(parseAuthFile(AUTH, 'matrix')) })
    const res = await t.app.inject({
      method: 'POST',
      url: '/subjects/orders-value/versions',
      headers: { 'content-type': MEDIA.confluent, authorization: basic('admin') },
      payload: JSON.stringify({ schema: JSON.stringify({ type: 'record', name: 'O', fields: [{ name: 'a', type: 'int' }] }) }),
    })
    expect(res.statusCode).toBe(200)
    ;({ id, guid } = res.json())
  })
  afterAll(async () => {
    await t?.close()
  })

  it('covers every route the app registered, and each declares its access', () => {
    const routes = t.app.routeAccess
    expect(routes.length).toBeGreaterThan(40)
    for (const r of routes) expect(r.access, `${r.method} ${r.url}`).toBeDefined()
    // the same (method, url) registered by two dialects carries a constraint on each
    const shared = routes.filter((r) => !r.dialect()).map((r) => `${r.method} ${r.url}`)
    expect(new Set(shared).size).toBe(shared.length)
  })

  it('allows and refuses every route as the role table says', async () => {
    const routes = t.app.routeAccess.filter((r) => !r.url.startsWith('/docs') && r.method !== 'HEAD' && !r.url.includes('*'))
    const failures: string[] = []
    let n = 0
    for (const route of routes) {
      const dialects: Dialect[] = route.dialect() ? [route.dialect() as Dialect] : ['confluent', 'openschema']
      for (const dialect of dialects) {
        for (const who of ['anonymous', 'reader', 'writer', 'admin', 'scoped'] as Who[]) {
          const want = expected(who, route)
          // a request that would change data runs only when refused: allowed writes are shown by the other tests
          const mutates =
            route.method !== 'GET' &&
            !(
              route.method === 'POST' &&
              (route.url.startsWith('/compatibility') ||
                route.url.endsWith('/validate') ||
                route.url.endsWith('/status') ||
                (dialect === 'confluent' && route.url === '/subjects/:subject'))
            )
          if (mutates && want === 'allowed') continue
          const url = route.url
            .replace(':subject', 'orders-value')
            .replace(':version', '1')
            .replace(':id', String(id))
            .replace(':guid', guid)
            .replace(':context', '.team')
            .replace(':namespace', 'ns')
            .replace(':name', 'n')
          const res = await t.app.inject({
            method: route.method as 'GET',
            url,
            headers: { 'content-type': MEDIA[dialect], accept: MEDIA[dialect], ...(who === 'anonymous' ? {} : { authorization: basic(who) }) },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
          })
          n++
          const got = res.statusCode
          const ok = want === 'allowed' ? got !== 401 && got !== 403 : got === want
          if (!ok) failures.push(`${who} ${route.method} ${url} (${dialect}): want ${want}, got ${got} ${res.body.slice(0, 120)}`)
          if (got === 401 && !res.headers['www-authenticate']) failures.push(`${who} ${route.method} ${url}: 401 without WWW-Authenticate`)
        }
      }
    }
    expect(failures).toEqual([])
    expect(n).toBeGreaterThan(300)
  })
})
