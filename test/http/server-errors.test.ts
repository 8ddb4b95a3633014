import { describe, expect, it } from 'vitest'
import { createTestApp } from '../support/test-app.js'

describe('5xx answers: catalogue codes, no internals', () => {
  it('answers a storage failure with 500/50001 and no driver message', async () => {
    const t = await createTestApp()
    await t.test.store.close()
    const res = await t.cf('GET', '/subjects')
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error_code: 50001, message: 'Error in the backend data store' })
    const os = await t.os('GET', '/subjects')
    expect(os.json()).toEqual({ errorCode: 50001, errorMessage: 'Error in the backend data store' })
    await t.app.close()
    await t.test.dispose().catch(() => undefined)
  })

  it('answers an analysis that runs past its time limit with 500/50002', async () => {
    const t = await createTestApp({ analysis: { offloadWeight: 0, timeoutMs: 10, workers: 1 }, bodyLimit: 2 * 1024 * 1024 })
    // about 860 KB of Avro: parsing it takes well over 10 ms
    const wide = JSON.stringify({ type: 'record', name: 'R', fields: Array.from({ length: 15000 }, (_, i) => ({ name: `f${i}`, type: ['null', 'string'], default: null })) })
    const res = await t.cf('POST', '/subjects/wide/versions', { schema: wide })
    expect(res.statusCode).toBe(500)
    expect(res.json().error_code).toBe(50002)
    expect((await t.cf('GET', '/subjects/wide/versions')).json().error_code).toBe(40401)
    await t.close()
  })
})
