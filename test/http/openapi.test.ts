import { readFileSync } from 'node:fs'
import type { FastifyInstance, HTTPMethods } from 'fastify'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { composeServer, OPENAPI_PATH, openStore } from '../../src/composition.js'
import { DIALECT_NAMES } from '../../src/http/dialects/index.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { checkContract } from '../support/contract-check.js'

// Every route the app registers, as Fastify's onRoute hook reports it. The hook must be on the
// instance before any route is added, and composeServer adds them while it builds the app, so the
// factory is wrapped to install the hook on every instance it creates (plugins inherit it).
const registered = vi.hoisted(() => [] as { method: string; url: string }[])
vi.mock('fastify', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fastify')>()
  const original = actual.default as unknown as (...args: unknown[]) => FastifyInstance
  const create = ((...args: unknown[]) => {
    const app = original(...args)
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) registered.push({ method: String(method).toUpperCase(), url: route.url })
    })
    return app
  }) as typeof actual.default
  return { ...actual, default: create, fastify: create }
})

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const
const TAGS = new Set(['schemas', 'subjects', 'compatibility', 'config', 'mode', 'contexts', 'metadata', 'operations', 'audit', 'events'])
/** Not-ready is a health body, not an error body (docs/EXTENSIONS.md §4): the one non-error 4xx/5xx response. */
const HEALTH_BODIES = new Set(['GET /health/ready 503'])

interface Parameter {
  name?: string
  in?: string
  required?: boolean
  $ref?: string
}
interface Operation {
  operationId?: string
  tags?: string[]
  parameters?: Parameter[]
  responses?: Record<string, { $ref?: string; description?: string }>
}
type PathItem = Partial<Record<(typeof METHODS)[number], Operation>> & { parameters?: Parameter[] }
interface OpenApi {
  openapi: string
  info: { title: string; version: string; description?: string }
  paths: Record<string, PathItem>
  components: { schemas: Record<string, unknown>; parameters: Record<string, Parameter>; responses: Record<string, unknown> }
}

const doc = parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApi

/** `/subjects/{subject}` → `/subjects/:subject` (Fastify's syntax). */
const toFastify = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1')
const key = (method: string, url: string) => `${method.toUpperCase()} ${url}`

const operations = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, item, op: item[m]! })))

/** Routes the docs plugins add (Swagger UI and the spec itself) and the web console's files are not part of the API. */
const isDocsRoute = (url: string) => url === '/docs' || url.startsWith('/docs/') || url === '/ui' || url.startsWith('/ui/')

const resolveParameter = (p: Parameter): Parameter => {
  if (!p.$ref) return p
  const name = p.$ref.replace('#/components/parameters/', '')
  const resolved = doc.components.parameters[name]
  if (!resolved) throw new Error(`unresolved parameter ${p.$ref}`)
  return resolved
}

let store: RegistryStore
let app: FastifyInstance

beforeAll(async () => {
  store = await openStore({})
  ;({ app } = await composeServer({ store }))
  checkContract(app)
  await app.ready()
})

afterAll(async () => {
  await app?.close()
  await store?.close()
})

describe('openapi.yaml', () => {
  it('is an OpenAPI 3.0.3 document with the shared components', () => {
    expect(doc.openapi).toBe('3.0.3')
    expect(doc.info.title).toBeTruthy()
    expect(doc.info.description).toContain('/apis/ccompat/v7')
    expect(doc.info.description).toContain('/apis/openschema/v1')
    expect(doc.info.description).toContain('/contexts/{context}')
    for (const name of [
      'ConfluentError',
      'OpenSchemaError',
      'ConfluentSchema',
      'ConfluentVersion',
      'RegisterRequest',
      'OpenSchemaRegisterRequest',
      'OpenSchemaSchemaObject',
      'OpenSchemaSubject',
      'Config',
      'Mode',
      'Reference',
      'CompatibilityResult',
    ]) {
      expect(doc.components.schemas, name).toHaveProperty(name)
    }
    // no prefixed path items: prefixes route to the same operations
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/apis/') || p.startsWith('/contexts/{context}/'))).toEqual([])
  })

  it('describes exactly the routes the app registers', () => {
    const fromApp = new Set(registered.filter((r) => r.method !== 'HEAD' && !isDocsRoute(r.url)).map((r) => key(r.method, r.url)))
    const fromDoc = new Set(operations.map(({ path, method }) => key(method, toFastify(path))))
    expect(fromApp.size).toBeGreaterThan(0)
    const undocumented = [...fromApp].filter((k) => !fromDoc.has(k)).sort()
    const unrouted = [...fromDoc].filter((k) => !fromApp.has(k)).sort()
    expect(
      { undocumented, unrouted },
      `routes missing from openapi.yaml: ${undocumented.join(', ') || 'none'}; documented but not routed: ${unrouted.join(', ') || 'none'}`,
    ).toEqual({
      undocumented: [],
      unrouted: [],
    })
  })

  it('documents only paths the router really has (hasRoute)', () => {
    // a route a dialect registers for itself exists under that dialect's constraint
    const routed = (method: string, url: string) =>
      app.hasRoute({ method: method as HTTPMethods, url }) || DIALECT_NAMES.some((dialect) => app.hasRoute({ method: method as HTTPMethods, url, constraints: { dialect } }))
    const missing = operations.filter(({ path, method }) => !routed(method.toUpperCase(), toFastify(path))).map(({ path, method }) => key(method, path))
    expect(missing, `documented but unknown to the router: ${missing.join(', ')}`).toEqual([])
    // and the hook saw real routes
    const phantom = registered.filter((r) => !routed(r.method, r.url)).map((r) => key(r.method, r.url))
    expect(phantom).toEqual([])
  })

  it('gives every operation an operationId, a known tag and at least one 4xx response', () => {
    const ids = operations.map(({ op }) => op.operationId)
    const problems: string[] = []
    for (const { path, method, op } of operations) {
      const where = key(method, path)
      if (!op.operationId) problems.push(`${where}: no operationId`)
      if (!op.tags?.length || !op.tags.every((t) => TAGS.has(t))) problems.push(`${where}: tags ${JSON.stringify(op.tags)}`)
      const statuses = Object.keys(op.responses ?? {})
      if (!statuses.some((s) => /^2\d\d$/.test(s))) problems.push(`${where}: no 2xx response`)
      if (!statuses.some((s) => /^4\d\d$/.test(s))) problems.push(`${where}: no 4xx response`)
      for (const s of statuses.filter((s) => /^[45]/.test(s) && !HEALTH_BODIES.has(`${where} ${s}`))) {
        const r = op.responses![s]!
        const name = r.$ref?.replace('#/components/responses/', '')
        if (!name || !doc.components.responses[name]) problems.push(`${where}: ${s} is not a $ref to an error response component`)
      }
    }
    expect(problems).toEqual([])
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length)
  })

  it('declares every path parameter of every path, and no others', () => {
    const problems: string[] = []
    for (const { path, method, item, op } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).sort()
      const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolveParameter).filter((p) => p.in === 'path')
      const names = [...new Set(declared.map((p) => p.name!))].sort()
      if (JSON.stringify(names) !== JSON.stringify(inPath)) problems.push(`${key(method, path)}: path has ${inPath.join(',')}, declared ${names.join(',')}`)
      for (const p of declared) if (p.required !== true) problems.push(`${key(method, path)}: path parameter ${p.name} not required`)
    }
    expect(problems).toEqual([])
  })

  it('describes the error body of each dialect under its media type in the error responses', () => {
    const error = doc.components.schemas.Error as { oneOf?: { $ref: string }[] }
    expect(error.oneOf?.map((s) => s.$ref).sort()).toEqual(['#/components/schemas/ConfluentError', '#/components/schemas/OpenSchemaError'])
    // a response's media type names its dialect, so each carries that dialect's error body
    const bodyOf: Record<string, string> = {
      'application/vnd.schemaregistry.v1+json': '#/components/schemas/ConfluentError',
      'application/vnd.openschema.v1+json': '#/components/schemas/OpenSchemaError',
      'application/json': '#/components/schemas/OpenSchemaError',
    }
    for (const [name, response] of Object.entries(doc.components.responses)) {
      const content = (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content ?? {}
      expect(Object.keys(content).sort(), name).toEqual(Object.keys(bodyOf).sort())
      for (const [type, media] of Object.entries(content)) expect(media.schema?.$ref, `${name} ${type}`).toBe(bodyOf[type])
    }
  })

  it('is what /docs/json serves', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const served = res.json() as OpenApi
    expect(Object.keys(served.paths).sort()).toEqual(Object.keys(doc.paths).sort())
  })

  // the contract is parsed on the first /docs request, not at start-up (src/http/docs.ts): whichever
  // route asks first, and however many at once, each gets all of it
  it('is served whole, as JSON and as YAML, to concurrent first requests', async () => {
    const fresh = await composeServer({ store })
    try {
      const [json, yaml, ui] = await Promise.all(['/docs/json', '/docs/yaml', '/docs/'].map((url) => fresh.app.inject({ method: 'GET', url })))
      expect(json!.json()).toEqual(doc)
      expect(parse(yaml!.body)).toEqual(doc)
      expect(ui!.statusCode).toBe(200)
    } finally {
      await fresh.app.close()
    }
  })
})
