import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'
import { OPENAPI_PATH } from '../../src/composition.js'

/** One response as the server sent it: what the contract is checked against. */
export interface ObservedResponse {
  method: string
  /** The matched route in Fastify's syntax (`/subjects/:subject`); undefined when nothing matched. */
  route: string | undefined
  status: number
  contentType: string | undefined
  body: string
}

interface MediaObject {
  schema?: object
}
interface ResponseObject {
  $ref?: string
  content?: Record<string, MediaObject>
}
type Operation = { responses?: Record<string, ResponseObject> }
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>
  components: { responses?: Record<string, ResponseObject>; schemas?: Record<string, object> }
}

export interface OpenApiValidator {
  /** The contract's complaints about one response; empty when it conforms. */
  check(res: ObservedResponse): string[]
}

// Refs inside the document point at `#/components/...`; compiled one schema at a time, they must
// name the document, which ajv holds under this id.
const DOC_ID = 'openapi.yaml'

const retarget = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(retarget)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : retarget(v)]))
}

const newAjv = (doc: OpenApiDoc) => {
  // strict: false lets OpenAPI's own keywords (example, discriminator, xml...) pass as annotations;
  // Ajv 8 implements `nullable` itself.
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  // OpenAPI's numeric formats are ranges ajv-formats does not know; checking them is the point
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 })
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) })
  ajv.addSchema({ components: retarget(doc.components) }, DOC_ID)
  return ajv
}

/** `/subjects/:subject` → `/subjects/{subject}`, the document's syntax. */
export const toOpenApiPath = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

/** The documented response for a status: the exact code, then `4XX`-style ranges, then `default`. */
const pickResponse = (responses: Record<string, ResponseObject>, status: number): ResponseObject | undefined =>
  responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses[`${String(status)[0]}xx`] ?? responses.default

const mediaType = (header: string | undefined) => header?.split(';')[0]!.trim().toLowerCase() ?? ''

const describeErrors = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`).join('; ')

export const createOpenApiValidator = (doc: OpenApiDoc): OpenApiValidator => {
  const ajv = newAjv(doc)
  const compiled = new Map<object, ValidateFunction>()
  const validatorFor = (schema: object) => {
    let fn = compiled.get(schema)
    if (!fn) compiled.set(schema, (fn = ajv.compile(retarget(schema) as object)))
    return fn
  }
  const resolve = (r: ResponseObject): ResponseObject => {
    if (!r.$ref) return r
    const name = r.$ref.replace('#/components/responses/', '')
    const found = doc.components.responses?.[name]
    if (!found) throw new Error(`openapi.yaml: unresolved response ${r.$ref}`)
    return resolve(found)
  }
  // What the not-found handler answers (unknown route 404, known path with another method 405), and
  // the rate limiter, which counts requests to unknown routes too (429).
  const notFound: ResponseObject = { $ref: '#/components/responses/NotFound' }
  const unmatched: Record<string, ResponseObject> = { 404: notFound, 405: notFound, 429: { $ref: '#/components/responses/RateLimited' } }

  const operationOf = (res: ObservedResponse): Record<string, ResponseObject> | string => {
    if (res.route === undefined) return unmatched
    const path = toOpenApiPath(res.route)
    // HEAD is Fastify's automatic twin of GET: same statuses, no body
    const method = res.method === 'HEAD' ? 'get' : res.method.toLowerCase()
    const op = doc.paths[path]?.[method]
    if (!op) return `no operation ${method.toUpperCase()} ${path} in openapi.yaml`
    return op.responses ?? {}
  }

  const checkBody = (schema: object | undefined, body: string): string | undefined => {
    if (!schema) return undefined
    const validate = validatorFor(schema)
    let parsed: unknown
    let parseError: string | undefined
    try {
      parsed = JSON.parse(body)
    } catch (e) {
      parseError = (e as Error).message
    }
    if (parseError === undefined && validate(parsed)) return undefined
    const asJson = parseError === undefined ? describeErrors(validate) : `not JSON (${parseError})`
    // Raw schema text (documented as `type: string`) is the body itself, not a JSON string
    if (validate(body)) return undefined
    return asJson
  }

  return {
    check(res) {
      const responses = operationOf(res)
      if (typeof responses === 'string') return [responses]
      const documented = pickResponse(responses, res.status)
      if (!documented) return [`status ${res.status} is not documented (documented: ${Object.keys(responses).join(', ')})`]
      const response = resolve(documented)
      if (!response.content || Object.keys(response.content).length === 0) {
        return res.body.length === 0 ? [] : [`status ${res.status} is documented without a body, but one was sent: ${res.body.slice(0, 200)}`]
      }
      const type = mediaType(res.contentType)
      const media = response.content[type]
      if (!media) return [`content type '${res.contentType ?? ''}' is not one of ${Object.keys(response.content).join(', ')}`]
      if (res.method === 'HEAD') return []
      const problem = checkBody(media.schema, res.body)
      return problem ? [`body does not match the schema of ${res.status} ${type}: ${problem}; body: ${res.body.slice(0, 300)}`] : []
    },
  }
}

let shared: OpenApiValidator | undefined

/** The validator for the project's `openapi.yaml`, parsed and compiled once per test process. */
export const openApiValidator = (): OpenApiValidator => (shared ??= createOpenApiValidator(parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDoc))
