import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { composeServer } from '../../src/composition.js'
import { checkContract, takeViolations, validatedCount } from './contract-check.js'
import { createOpenApiValidator, openApiValidator, type ObservedResponse } from './openapi-validator.js'
import { openTestStore, primaryEngine, type TestStore } from './stores.js'
import { CONFLUENT, OPENSCHEMA } from './test-app.js'

// The check that every other test relies on must itself be able to fail.

const version = { subject: 's', id: 1, version: 1, guid: '2b0b9a1c-6a43-4a5e-9a38-0d6f1f7c0f11', schemaType: 'AVRO', schema: '"string"', ts: 1, deleted: false }
const observed = (over: Partial<ObservedResponse>): ObservedResponse => ({
  method: 'GET',
  route: '/subjects/:subject/versions/:version',
  status: 200,
  contentType: CONFLUENT,
  body: JSON.stringify(version),
  ...over,
})
const check = (over: Partial<ObservedResponse>) => openApiValidator().check(observed(over))

describe('the openapi.yaml response validator', () => {
  it('accepts a response that matches its operation, status, media type and schema', () => {
    expect(check({})).toEqual([])
    expect(check({ contentType: `${CONFLUENT}; charset=utf-8` })).toEqual([])
  })

  it('rejects a field of the wrong type and names the field', () => {
    const [problem, ...rest] = check({ body: JSON.stringify({ ...version, version: 'one' }) })
    expect(rest).toEqual([])
    expect(problem).toMatch(/\/version must be integer/)
  })

  it('rejects a body without a required field', () => {
    const { ts: _ts, ...withoutTs } = version
    expect(check({ body: JSON.stringify(withoutTs) }).join()).toMatch(/must have required property 'ts'/)
  })

  it('rejects a status the operation does not document', () => {
    expect(check({ status: 409 }).join()).toMatch(/status 409 is not documented/)
  })

  it('rejects a content type the response does not declare', () => {
    expect(check({ contentType: 'text/html' }).join()).toMatch(/content type 'text\/html' is not one of/)
    expect(check({ contentType: undefined }).join()).toMatch(/content type '' is not one of/)
  })

  it('rejects a body that is not JSON where JSON is documented', () => {
    expect(check({ body: 'not json' }).join()).toMatch(/not JSON/)
  })

  it('accepts raw schema text where the document says the body is the text itself', () => {
    const res = { route: '/schemas/ids/:id/schema', body: 'syntax = "proto3";\nmessage A {}\n' }
    expect(check(res)).toEqual([])
  })

  it('holds each media type to the shape of its dialect', () => {
    const route = '/subjects/:subject/versions/:version/schema'
    expect(check({ route, body: '{"type":"record","name":"A","fields":[]}' })).toEqual([])
    expect(check({ route, contentType: OPENSCHEMA, body: '{"type":"record","name":"A","fields":[]}' }).join()).toMatch(/must have required property 'subject'/)
    expect(check({ route: '/config/:subject', contentType: OPENSCHEMA, body: '{"compatibility":"FULL","normalize":true}' }).join()).toMatch(/must NOT have additional properties/)
  })

  it('holds ids to the type of the dialect in Confluent shapes both dialects serve', () => {
    expect(check({ body: JSON.stringify({ ...version, id: '1' }) }).join()).toMatch(/\/id must be integer/)
    expect(check({ contentType: OPENSCHEMA, body: JSON.stringify({ ...version, id: '1' }) })).toEqual([])
    expect(check({ contentType: OPENSCHEMA, body: JSON.stringify(version) }).join()).toMatch(/\/id must be string/)
  })

  it('holds OpenSchema Subject objects to every key and the time form of the spec', () => {
    const subject = {
      subject: 's',
      tenant: null,
      namespace: null,
      app: null,
      description: null,
      status: null,
      compatibility: 'BACKWARD',
      coordinate: null,
      format: 'NONE',
      createdTime: '2021-09-14T02:26:09.018',
      lastModifiedTime: null,
    }
    const get = (body: unknown) => check({ method: 'GET', route: '/subjects/:subject', contentType: OPENSCHEMA, body: JSON.stringify(body) }).join()
    expect(get(subject)).toBe('')
    expect(get({ ...subject, createdTime: '2021-09-14T02:26:09Z' })).toMatch(/\/createdTime must match pattern/)
    expect(get({ ...subject, extra: 1 })).toMatch(/must NOT have additional properties/)
    const { coordinate: _c, ...withoutCoordinate } = subject
    expect(get(withoutCoordinate)).toMatch(/must have required property 'coordinate'/)
  })

  it('rejects an error body of the other dialect or type, and holds unmatched routes to the error schema', () => {
    expect(check({ status: 404, body: JSON.stringify({ error_code: 40402, message: 'x' }) })).toEqual([])
    expect(check({ status: 404, body: JSON.stringify({ error_code: '40402', message: 'x' }) }).join()).toMatch(/\/error_code must be integer/)
    expect(check({ status: 404, body: JSON.stringify({ errorCode: 40402, errorMessage: 'x' }) }).join()).toMatch(/must have required property 'error_code'/)
    expect(check({ route: undefined, status: 404, contentType: OPENSCHEMA, body: JSON.stringify({ errorCode: 404, errorMessage: 'x' }) })).toEqual([])
    expect(check({ route: undefined, status: 404, contentType: OPENSCHEMA, body: JSON.stringify({ errorCode: 404 }) }).join()).toMatch(/body does not match/)
    expect(check({ route: undefined, status: 200, body: '{}' }).join()).toMatch(/status 200 is not documented/)
  })

  it('rejects a route the document does not have, and a body where none is documented', () => {
    expect(check({ route: '/nowhere/:x' }).join()).toMatch(/no operation GET \/nowhere\/\{x\}/)
    expect(check({ method: 'DELETE', route: '/contexts/:context', status: 204, body: '' })).toEqual([])
    expect(check({ method: 'DELETE', route: '/contexts/:context', status: 204, body: '{}' }).join()).toMatch(/documented without a body/)
  })

  it('honours nullable and falls back to 4XX-style and default responses', () => {
    const v = createOpenApiValidator({
      paths: {
        '/x': {
          get: {
            responses: {
              '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/X' } } } },
              '4XX': { content: { 'application/json': { schema: { type: 'object', required: ['e'] } } } },
              default: { content: { 'application/json': { schema: { type: 'object', required: ['d'] } } } },
            },
          },
        },
      },
      components: { schemas: { X: { type: 'object', properties: { a: { type: 'string', nullable: true }, b: { type: 'string' } } } } },
    })
    const x = (status: number, body: unknown) => v.check({ method: 'GET', route: '/x', status, contentType: 'application/json', body: JSON.stringify(body) })
    expect(x(200, { a: null, b: 'b' })).toEqual([])
    expect(x(200, { b: null }).join()).toMatch(/\/b must be string/)
    expect(x(418, { e: 1 })).toEqual([])
    expect(x(418, { d: 1 }).join()).toMatch(/must have required property 'e'/)
    expect(x(503, { d: 1 })).toEqual([])
    expect(x(503, { e: 1 }).join()).toMatch(/must have required property 'd'/)
  })
})

describe('the contract hook on an app', () => {
  let test: TestStore
  let app: FastifyInstance
  beforeAll(async () => {
    test = await openTestStore(primaryEngine())
    ;({ app } = await composeServer({ store: test.store }))
    checkContract(app)
    // a route the document does not describe, answering a body no operation has
    // every route declares its access (docs/EXTENSIONS.md §3); this stray one is public
    app.get('/drifted', { config: { access: { action: 'public' } } }, async () => ({ surprise: true }))
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await test?.dispose()
  })

  it('records a drifted response as a violation naming method, route and status', async () => {
    const before = validatedCount()
    const res = await app.inject({ method: 'GET', url: '/drifted' })
    expect(res.statusCode).toBe(200)
    expect(validatedCount()).toBe(before + 1)
    expect(takeViolations()).toEqual([expect.stringMatching(/^GET \/drifted 200: no operation GET \/drifted in openapi\.yaml/)])
  })

  it('records nothing for responses that conform, in either dialect', async () => {
    const before = validatedCount()
    await app.inject({ method: 'GET', url: '/subjects', headers: { accept: CONFLUENT } })
    await app.inject({ method: 'GET', url: '/apis/openschema/v1/subjects/missing/versions' })
    await app.inject({ method: 'GET', url: '/no/such/route' })
    expect(validatedCount()).toBe(before + 3)
    expect(takeViolations()).toEqual([])
  })
})
