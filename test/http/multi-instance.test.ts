import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { MIGRATIONS_DIR, openStore } from '../../src/composition.js'
import { twoInstancesOnPostgres } from '../support/two-instances.js'
import { CONFLUENT } from '../support/test-app.js'
import { avro, orderV1, orderV2 } from '../support/schemas.js'

const onPostgres = Boolean(process.env.TEST_DATABASE_URL)

const eventually = async (fn: () => Promise<boolean>, ms = 2000) => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await fn()) return true
    await new Promise((r) => setTimeout(r, 25))
  }
  return false
}

// Two instances on one PostgreSQL database: each serves reads from memory, and a write on one must
// be visible on the other within a second (LISTEN/NOTIFY).
describe.skipIf(!onPostgres)('two instances on one PostgreSQL database', () => {
  const two = twoInstancesOnPostgres()

  const req = (app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { 'content-type': CONFLUENT, accept: CONFLUENT }, ...(payload ? { payload: payload as object } : {}) })

  it('migrates safely when several instances start at once on a fresh database schema', async () => {
    const base = process.env.TEST_DATABASE_URL!
    const pgmod = await import('pg')
    const admin = new pgmod.default.Client({ connectionString: base })
    await admin.connect()
    const schema = `t_race_${Date.now()}`
    await admin.query(`CREATE SCHEMA ${schema}`)
    const url = new URL(base)
    url.searchParams.set('options', `-c search_path=${schema}`)
    const stores = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl: url.toString(), poolSize: 2 })))
    const { rows } = await admin.query(`select count(*)::int as n from ${schema}.kysely_migration`)
    // each migration applied exactly once
    expect(rows[0].n).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length)
    for (const s of stores) await s.close()
    await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  })

  it('shows a new version registered on one instance as latest on the other within a second', async () => {
    await req(two.a, 'POST', '/subjects/shared/versions', { schema: orderV1 })
    expect((await req(two.b, 'GET', '/subjects/shared/versions/latest')).json().version).toBe(1)
    await req(two.a, 'POST', '/subjects/shared/versions', { schema: orderV2 })
    expect(await eventually(async () => (await req(two.b, 'GET', '/subjects/shared/versions/latest')).json().version === 2, 1000)).toBe(true)
  })

  it('shows a config change and a delete made on one instance on the other', async () => {
    await req(two.b, 'GET', '/config/shared?defaultToGlobal=true')
    await req(two.a, 'PUT', '/config/shared', { compatibility: 'NONE' })
    expect(await eventually(async () => (await req(two.b, 'GET', '/config/shared')).json().compatibilityLevel === 'NONE')).toBe(true)
    const { id } = (await req(two.a, 'POST', '/subjects/gone/versions', { schema: avro('Gone') })).json()
    expect((await req(two.b, 'GET', `/schemas/ids/${id}`)).statusCode).toBe(200)
    await req(two.a, 'DELETE', '/subjects/gone')
    await req(two.a, 'DELETE', '/subjects/gone?permanent=true')
    expect(await eventually(async () => (await req(two.b, 'GET', `/schemas/ids/${id}`)).statusCode === 404)).toBe(true)
  })

  it('stops answering a re-registration from memory once another instance deleted what it answered', async () => {
    const body = { schema: avro('MemoAcross') }
    expect((await req(two.a, 'POST', '/subjects/memo-across/versions', body)).json().version).toBe(1)
    // twice on b: the second answer comes from b's memory
    expect((await req(two.b, 'POST', '/subjects/memo-across/versions', body)).json().version).toBe(1)
    expect((await req(two.b, 'POST', '/subjects/memo-across/versions', body)).json().version).toBe(1)
    expect((await req(two.a, 'DELETE', '/subjects/memo-across/versions/1')).statusCode).toBe(200)
    expect(await eventually(async () => (await req(two.b, 'POST', '/subjects/memo-across/versions', body)).json().version === 2)).toBe(true)
    expect((await req(two.a, 'GET', '/subjects/memo-across/versions')).json()).toEqual([2])
  })
})
