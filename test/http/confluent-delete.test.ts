import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { avro, orderV1, orderV2 } from '../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const register = (subject: string, schema: string, extra: Record<string, unknown> = {}) => t.registered(subject, schema, extra)

describe('Confluent dialect: soft and permanent deletes', () => {
  it('soft-deletes a subject, hides it from reads and keeps its ids readable', async () => {
    const { id } = await register('soft', orderV1)
    await register('soft', orderV2)
    expect((await t.cf('DELETE', '/subjects/soft')).json()).toEqual([1, 2])
    expect((await t.cf('GET', '/subjects/soft/versions')).json().error_code).toBe(40401)
    expect((await t.cf('GET', '/subjects/soft/versions?deleted=true')).json()).toEqual([1, 2])
    expect((await t.cf('GET', '/subjects')).json()).not.toContain('soft')
    expect((await t.cf('GET', '/subjects?deleted=true')).json()).toContain('soft')
    expect((await t.cf('GET', '/subjects?deletedOnly=true')).json()).toEqual(['soft'])
    const byId = await t.cf('GET', `/schemas/ids/${id}`)
    expect(byId.statusCode).toBe(200)
    expect(byId.json().deleted).toBe(true)
    expect((await t.cf('GET', `/schemas/ids/${id}/subjects`)).json()).toEqual([])
    expect((await t.cf('GET', `/schemas/ids/${id}/subjects?deleted=true`)).json()).toEqual(['soft'])
    expect((await t.cf('GET', '/subjects/soft/versions/1?deleted=true')).json()).toMatchObject({ deleted: true })
  })

  it('answers 40404 for a second soft delete and 40405 for a permanent delete of a live subject', async () => {
    await register('twice-deleted', avro('Twice'))
    const live = await t.cf('DELETE', '/subjects/twice-deleted?permanent=true')
    expect(live.json().error_code).toBe(40405)
    await t.cf('DELETE', '/subjects/twice-deleted')
    expect((await t.cf('DELETE', '/subjects/twice-deleted')).json().error_code).toBe(40404)
    expect((await t.cf('DELETE', '/subjects/twice-deleted?permanent=true')).json()).toEqual([1])
    expect((await t.cf('DELETE', '/subjects/twice-deleted')).json().error_code).toBe(40401)
  })

  it('restarts versions at 1 after a permanent subject delete and removes orphaned ids', async () => {
    const { id } = await register('restart', avro('Restart1'))
    await t.cf('DELETE', '/subjects/restart')
    await t.cf('DELETE', '/subjects/restart?permanent=true')
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json().error_code).toBe(40403)
    expect((await register('restart', avro('Restart2'))).version).toBe(1)
  })

  it('soft-deletes one version with 40406 on repeat and 40407 for permanent first', async () => {
    await register('one-version', orderV1)
    await register('one-version', orderV2)
    expect((await t.cf('DELETE', '/subjects/one-version/versions/1?permanent=true')).json().error_code).toBe(40407)
    expect((await t.cf('DELETE', '/subjects/one-version/versions/1')).json()).toBe(1)
    expect((await t.cf('DELETE', '/subjects/one-version/versions/1')).json().error_code).toBe(40406)
    expect((await t.cf('GET', '/subjects/one-version/versions/1')).json().error_code).toBe(40402)
    expect((await t.cf('GET', '/subjects/one-version/versions')).json()).toEqual([2])
    expect((await t.cf('GET', '/subjects/one-version/versions?deletedAsNegative=true')).json()).toEqual([-1, 2])
    expect((await t.cf('DELETE', '/subjects/one-version/versions/1?permanent=true')).json()).toBe(1)
    expect((await t.cf('GET', '/subjects/one-version/versions?deleted=true')).json()).toEqual([2])
  })

  it('deletes latest as the newest live version', async () => {
    await register('latest-del', orderV1)
    await register('latest-del', orderV2)
    expect((await t.cf('DELETE', '/subjects/latest-del/versions/latest')).json()).toBe(2)
    expect((await t.cf('GET', '/subjects/latest-del/versions/latest')).json().version).toBe(1)
  })

  it('re-registers soft-deleted content as a new version with the same id', async () => {
    await t.cf('PUT', '/config/revive', { compatibility: 'NONE' })
    const first = await register('revive', avro('Revive'))
    await register('revive', orderV1)
    await t.cf('DELETE', '/subjects/revive/versions/1')
    const again = (await t.cf('POST', '/subjects/revive/versions', { schema: avro('Revive') })).json()
    expect(again).toMatchObject({ id: first.id, version: 3 })
    // the older soft-deleted registration of that id is gone
    expect((await t.cf('GET', '/subjects/revive/versions?deleted=true')).json()).toEqual([2, 3])
  })

  it('validates the version before looking anything up (42202)', async () => {
    for (const v of ['0', '-2', 'abc', '1.5', String(2 ** 31)]) {
      const res = await t.cf('GET', `/subjects/no-such/versions/${v}`)
      expect(res.statusCode, v).toBe(422)
      expect(res.json().error_code, v).toBe(42202)
    }
    expect((await t.cf('GET', '/subjects/no-such/versions/1')).json().error_code).toBe(40401)
  })
})
