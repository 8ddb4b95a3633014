/**
 * The client's one way to the registry: the Confluent dialect (its media type on every request, so
 * the registry answers in it whatever its API_DIALECT; ids are numbers; any Confluent-compatible
 * registry understands the same requests), credentials, and one error type.
 */

/** Confluent's media type: picks the Confluent dialect (docs/API.md §1 rule 2). */
export const CONFLUENT_MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json'

/** The subset of `fetch` the client uses; pass your own to add an agent, a proxy or tracing. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** A request the registry refused, or that never reached it. */
export class RegistryClientError extends Error {
  override readonly name = 'RegistryClientError'
  /** The HTTP status; 0 when no answer came (network error, closed client). */
  readonly status: number
  /** The registry's error code (`40401`, `42201`, ...), when its body had one. */
  readonly errorCode?: number

  constructor(message: string, status: number, errorCode?: number, options?: { cause?: unknown }) {
    super(message, options)
    this.status = status
    this.errorCode = errorCode
  }
}

export interface Credentials {
  username?: string
  password?: string
  token?: string
}

/** `Authorization` for the credentials given: a bearer token wins over a user name and password. */
export const authorizationHeader = (c: Credentials): Record<string, string> => {
  if (c.token !== undefined) return { authorization: `Bearer ${c.token}` }
  if (c.username !== undefined) return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}` }
  return {}
}

/** A path segment: subject names may hold `/`, `:` and anything else. */
export const segment = (s: string): string => encodeURIComponent(s)

export interface Transport {
  /** JSON in, JSON out; throws RegistryClientError on any status but 2xx. */
  json<T>(method: string, path: string, body?: unknown): Promise<T>
  /** A raw body (payload validation takes bytes or JSON of any kind). */
  send<T>(method: string, path: string, body: RequestInit['body'], contentType: string): Promise<T>
  /** The base URL without a trailing slash, and the headers every request carries (for the change stream). */
  readonly baseUrl: string
  readonly headers: Readonly<Record<string, string>>
  readonly fetch: FetchLike
}

const errorOf = async (res: Response, method: string, path: string): Promise<RegistryClientError> => {
  const text = await res.text().catch(() => '')
  let code: number | undefined
  let message = text
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown; errorCode?: unknown; errorMessage?: unknown }
    // Confluent's keys, or OpenSchema's when a proxy or path prefix picked that dialect
    const c = body.error_code ?? body.errorCode
    const m = body.message ?? body.errorMessage
    if (typeof c === 'number') code = c
    if (typeof m === 'string') message = m
  } catch {
    // not JSON (a proxy's page): the text is the message
  }
  return new RegistryClientError(`${method} ${path} answered ${res.status}: ${message || res.statusText}`, res.status, code)
}

export const createTransport = (opts: { url: string; credentials: Credentials; fetch?: FetchLike }): Transport => {
  const baseUrl = opts.url.replace(/\/+$/, '')
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init))
  const headers = { accept: CONFLUENT_MEDIA_TYPE, ...authorizationHeader(opts.credentials) }

  const request = async <T>(method: string, path: string, body: RequestInit['body'] | undefined, contentType: string | undefined): Promise<T> => {
    let res: Response
    try {
      res = await doFetch(baseUrl + path, { method, headers: contentType ? { ...headers, 'content-type': contentType } : headers, body })
    } catch (e) {
      throw new RegistryClientError(`${method} ${path} failed: ${e instanceof Error ? e.message : String(e)}`, 0, undefined, { cause: e })
    }
    if (!res.ok) throw await errorOf(res, method, path)
    return (await res.json()) as T
  }

  return {
    baseUrl,
    headers,
    fetch: doFetch,
    json: (method, path, body) => request(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : CONFLUENT_MEDIA_TYPE),
    send: (method, path, body, contentType) => request(method, path, body, contentType),
  }
}
