import { describe, expect, it } from 'vitest'
import { composeServer, safeLogger } from '../../src/composition.js'
import { openTestStore, primaryEngine } from '../support/stores.js'

// The default level (info) logs no line per request: on the read path a log line costs more than the
// read. At debug, one line per request says method, URL, status and time, and nothing secret.
const appLogging = async (level: string) => {
  const lines: string[] = []
  const test = await openTestStore(primaryEngine())
  const { app } = await composeServer({
    store: test.store,
    dialect: 'confluent',
    logger: { ...safeLogger(level), stream: { write: (line: string) => void lines.push(line) } } as never,
  })
  return {
    app,
    lines,
    close: async () => {
      await app.close()
      await test.dispose()
    },
  }
}

const CF = 'application/vnd.schemaregistry.v1+json'
const requests = async (app: Awaited<ReturnType<typeof appLogging>>['app']) => {
  const schema = JSON.stringify({ type: 'record', name: 'Logged', fields: [{ name: 'secret_field_name', type: 'string' }] })
  const reg = await app.inject({ method: 'POST', url: '/subjects/logged/versions', headers: { 'content-type': CF, authorization: 'Bearer tok-secret-1' }, payload: { schema } })
  expect(reg.statusCode).toBe(200)
  expect((await app.inject({ method: 'GET', url: `/schemas/ids/${reg.json().id}`, headers: { accept: CF } })).statusCode).toBe(200)
  expect((await app.inject({ method: 'GET', url: '/subjects/missing/versions', headers: { accept: CF } })).statusCode).toBe(404)
}

describe('request log', () => {
  it('writes no line per request at the default level', async () => {
    const t = await appLogging('info')
    const before = t.lines.length
    await requests(t.app)
    expect(t.lines.slice(before).filter((l) => l.includes('request'))).toEqual([])
    await t.close()
  })

  it('writes one line per request at debug, with method, URL, status and time, and no credential or body', async () => {
    const t = await appLogging('debug')
    const before = t.lines.length
    await requests(t.app)
    const logged = t.lines
      .slice(before)
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'request completed')
    expect(logged.map((l) => [l.req.method, l.req.url, l.res.statusCode])).toEqual([
      ['POST', '/subjects/logged/versions', 200],
      ['GET', expect.stringMatching(/^\/schemas\/ids\/\d+$/), 200],
      ['GET', '/subjects/missing/versions', 404],
    ])
    for (const l of logged) expect(typeof l.responseTime).toBe('number')
    const text = t.lines.join('\n')
    for (const secret of ['tok-secret-1', 'secret_field_name']) expect(text).not.toContain(secret)
    await t.close()
  })
})
