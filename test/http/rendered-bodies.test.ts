import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONFLUENT, createTestApp, OPENSCHEMA, type TestApp } from '../support/test-app.js'

// Reads by id answer a kept JSON text while the content they show is the same (src/http/rendered-bodies.ts):
// these tests show the kept text is the built one, and that every change it shows is answered at once.
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const schema = (name: string, doc = '') => JSON.stringify({ type: 'record', name, doc, fields: [{ name: 'f', type: 'string' }] })
const renderedBytes = async () => Number(/^schema_registry_cache_bytes\{cache="rendered"\} (\d+)/m.exec((await t.cf('GET', '/metrics')).body)?.[1])

describe('pre-rendered reads by id', () => {
  it('answers the same bytes, in the dialect’s media type, as a read built afresh; and reports what it keeps', async () => {
    const { id } = await t.registered('rendered-a', schema('A'))
    const first = await t.cf('GET', `/schemas/ids/${id}`)
    const again = await t.cf('GET', `/schemas/ids/${id}`)
    expect(first.headers['content-type']).toBe(CONFLUENT)
    expect(again.headers['content-type']).toBe(CONFLUENT)
    expect(again.body).toBe(first.body)
    // a query parameter takes the path that builds the body each time
    expect(first.json()).toEqual((await t.cf('GET', `/schemas/ids/${id}?referenceFormat=default`)).json())
    expect(first.json()).toMatchObject({ schema: schema('A'), deleted: false })
    const os = await t.os('GET', `/schemas/ids/${id}`)
    expect(os.headers['content-type']).toBe(OPENSCHEMA)
    expect(os.json()).toMatchObject({ id: String(id), subject: 'rendered-a', version: 1, schemaDefinition: JSON.parse(schema('A')) })
    expect(await renderedBytes()).toBeGreaterThan(first.body.length)
  })

  it('shows a delete of every registration (Confluent’s deleted flag) and a new registration at once', async () => {
    const { id } = await t.registered('rendered-b', schema('B'))
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json().deleted).toBe(false)
    expect((await t.cf('DELETE', '/subjects/rendered-b/versions/1')).statusCode).toBe(200)
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json().deleted).toBe(true)
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json().deleted).toBe(true)
    await t.registered('rendered-b2', schema('B'))
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json().deleted).toBe(false)
  })

  it('shows the earliest live registration (OpenSchema) as it changes', async () => {
    const { id } = await t.registered('rendered-c1', schema('C'))
    await t.registered('rendered-c2', schema('C'))
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ subject: 'rendered-c1', version: 1 })
    expect((await t.cf('DELETE', '/subjects/rendered-c1/versions/1')).statusCode).toBe(200)
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ subject: 'rendered-c2', version: 1 })
  })

  it('answers new content bound to an id again (a permanent delete, then IMPORT) with that content', async () => {
    const { id } = await t.registered('rendered-d', schema('D'))
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json().schema).toBe(schema('D'))
    expect((await t.cf('DELETE', '/subjects/rendered-d')).statusCode).toBe(200)
    expect((await t.cf('DELETE', '/subjects/rendered-d?permanent=true')).statusCode).toBe(200)
    expect((await t.cf('PUT', '/mode/rendered-e', { mode: 'IMPORT' })).statusCode).toBe(200)
    const imported = await t.cf('POST', '/subjects/rendered-e/versions', { schema: schema('E'), id, version: 1 })
    expect(imported.statusCode).toBe(200)
    expect((await t.cf('GET', `/schemas/ids/${id}`)).json().schema).toBe(schema('E'))
    expect((await t.os('GET', `/schemas/ids/${id}`)).json()).toMatchObject({ subject: 'rendered-e', schemaDefinition: JSON.parse(schema('E')) })
  })
})
