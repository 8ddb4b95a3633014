import { authorizationOf, loadCredentials, type Credentials } from './session'

/**
 * The console speaks the public REST API only, in the Confluent dialect (its media type on every
 * request): the most complete of the two (docs/API.md).
 */
const MEDIA = 'application/vnd.schemaregistry.v1+json'

/** The registry's root: where `/ui` is served from, so a console behind a path prefix still finds the API. */
const apiRoot = (): string => location.pathname.replace(/\/ui(\/.*)?$/, '')

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message)
  }
}

export interface SchemaVersion {
  subject: string
  version: number
  id: number
  schema: string
  schemaType?: string
  references?: { name: string; subject: string; version: number }[]
  guid?: string
}

export interface Compatibility {
  is_compatible: boolean
  messages?: string[]
}

export const encodeSubject = (s: string) => encodeURIComponent(s)

/** One request (with the session's credentials unless others are given); a non-2xx answer throws an ApiError with the body's code and message. */
export const api = async <T>(method: string, path: string, body?: unknown, opts: { credentials?: Credentials; signal?: AbortSignal } = {}): Promise<T> => {
  const credentials = 'credentials' in opts ? opts.credentials : loadCredentials()
  const headers: Record<string, string> = { accept: MEDIA }
  if (body !== undefined) headers['content-type'] = MEDIA
  if (credentials) headers.authorization = authorizationOf(credentials)
  // credentials: 'omit' keeps the browser's own Basic prompt away on a 401: the sign-in form asks instead
  const res = await fetch(apiRoot() + path, {
    method,
    headers,
    credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: opts.signal,
  })
  const text = await res.text()
  let parsed: unknown = undefined
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as { error_code?: number; message?: string }
    throw new ApiError(res.status, err.error_code, err.message ?? `${res.status} ${res.statusText}`)
  }
  return parsed as T
}

/** Whether an error is a refusal (401: credentials needed; 403: not allowed). */
export const refused = (e: unknown): e is ApiError => e instanceof ApiError && (e.status === 401 || e.status === 403)
