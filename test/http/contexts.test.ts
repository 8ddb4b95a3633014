import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { avro } from '../support/schemas.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('contexts', () => {
  it('isolates subject names and ids per context', async () => {
    const plain = (await t.cf('POST', '/subjects/orders/versions', { schema: avro('Ctx') })).json()
    const qualified = (await t.cf('POST', '/subjects/:.team-a:orders/versions', { schema: avro('Ctx') })).json()
    expect(qualified.version).toBe(1)
    expect(qualified.id).not.toBe(undefined)
    const subjects = (await t.cf('GET', '/subjects')).json()
    expect(subjects).toEqual(expect.arrayContaining(['orders', ':.team-a:orders']))
    expect((await t.cf('GET', `/schemas/ids/${qualified.id}?subject=:.team-a:orders`)).statusCode).toBe(200)
    expect((await t.cf('GET', '/contexts')).json()).toEqual(['.', '.team-a'])
    expect(plain.id).toBeDefined()
  })

  it('rewrites /contexts/{ctx}/... into that context', async () => {
    const res = await t.cf('POST', '/contexts/.team-b/subjects/payments/versions', { schema: avro('Pay') })
    expect(res.statusCode).toBe(200)
    expect((await t.cf('GET', '/subjects/:.team-b:payments/versions')).json()).toEqual([1])
    expect((await t.cf('GET', '/contexts/.team-b/subjects')).json()).toEqual([':.team-b:payments'])
    expect((await t.cf('GET', '/contexts/.team-b/subjects?subjectPrefix=pay')).json()).toEqual([':.team-b:payments'])
    expect((await t.cf('GET', '/subjects?subjectPrefix=:.team-b:pay')).json()).toEqual([':.team-b:payments'])
    expect((await t.cf('GET', '/subjects?subjectPrefix=pay')).json()).toEqual([])
    expect((await t.cf('GET', `/contexts/.team-b/schemas/ids/${res.json().id}`)).statusCode).toBe(200)
  })

  it('keeps configs per context without falling back to the default context', async () => {
    await t.cf('PUT', '/config', { compatibility: 'NONE' })
    expect((await t.cf('GET', '/contexts/.team-c/config')).json()).toEqual({ compatibilityLevel: 'BACKWARD' })
    await t.cf('PUT', '/config/:.team-c:', { compatibility: 'FULL' })
    expect((await t.cf('GET', '/config/:.team-c:x?defaultToGlobal=true')).json()).toEqual({ compatibilityLevel: 'FULL' })
    await t.cf('PUT', '/config/:.__GLOBAL:', { compatibility: 'FORWARD' })
    expect((await t.cf('GET', '/config/:.team-d:x?defaultToGlobal=true')).json()).toEqual({ compatibilityLevel: 'FORWARD' })
    await t.cf('DELETE', '/config')
  })

  it('deletes an empty context with 204 and refuses one with subjects (42211)', async () => {
    await t.cf('POST', '/subjects/:.doomed:s/versions', { schema: avro('Doomed') })
    expect((await t.cf('DELETE', '/contexts/.doomed')).json().error_code).toBe(42211)
    await t.cf('DELETE', '/subjects/:.doomed:s')
    expect((await t.cf('DELETE', '/contexts/.doomed')).json().error_code).toBe(42211)
    await t.cf('DELETE', '/subjects/:.doomed:s?permanent=true')
    const ok = await t.cf('DELETE', '/contexts/.doomed')
    expect(ok.statusCode).toBe(204)
    expect(ok.body).toBe('')
  })
})
