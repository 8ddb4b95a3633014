import { CopyFailure } from './model.js'

export const CONFLUENT_MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json'

export interface Credentials {
  user?: string
  password?: string
  token?: string
}

/** A request that has not answered after this long fails the copy (a host that never answers must not hang it). */
export const DEFAULT_TIMEOUT_MS = 30_000

export interface Answer {
  status: number
  body: unknown
}

/** A Confluent REST client over `fetch`: the base URL may carry user info, flags win over it. */
export class RegistryClient {
  readonly base: string
  private readonly auth: string | undefined

  constructor(
    url: string,
    creds: Credentials = {},
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    const u = new URL(url)
    const user = creds.user ?? (u.username ? decodeURIComponent(u.username) : undefined)
    const password = creds.password ?? (u.password ? decodeURIComponent(u.password) : undefined)
    u.username = ''
    u.password = ''
    this.base = u.toString().replace(/\/+$/, '')
    if (creds.token) this.auth = `Bearer ${creds.token}`
    else if (user !== undefined) this.auth = `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`
  }

  /** The URL without credentials, for messages and manifests. */
  get display(): string {
    return this.base
  }

  async request(method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { accept: CONFLUENT_MEDIA_TYPE }
    if (body !== undefined) headers['content-type'] = CONFLUENT_MEDIA_TYPE
    if (this.auth) headers.authorization = this.auth
    let res: Response
    try {
      res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) })
    } catch (e) {
      throw this.failure(method, path, e)
    }
    let text: string
    try {
      text = await res.text()
    } catch (e) {
      throw this.failure(method, path, e)
    }
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // a non-JSON body stays text
    }
    if (res.status === 401 || res.status === 403) {
      throw new CopyFailure(`${method} ${this.base}${path}: ${res.status} ${describe(parsed)} (check the credentials)`)
    }
    return { status: res.status, body: parsed }
  }

  private failure(method: string, path: string, e: unknown): CopyFailure {
    const err = e as Error
    if (err.name === 'TimeoutError') return new CopyFailure(`${method} ${this.base}${path}: no answer within ${this.timeoutMs / 1000} s`)
    return new CopyFailure(`${method} ${this.base}${path}: ${err.cause instanceof Error ? err.cause.message : err.message}`)
  }

  /** A request that must answer 2xx; `okStatuses` adds statuses answered as null. */
  async must(method: string, path: string, body?: unknown, absent: number[] = []): Promise<unknown> {
    const a = await this.request(method, path, body)
    if (a.status >= 200 && a.status < 300) return a.body
    if (absent.includes(a.status)) return null
    throw new CopyFailure(`${method} ${this.base}${path}: ${a.status} ${describe(a.body)}`)
  }
}

export const describe = (body: unknown): string => {
  if (body && typeof body === 'object' && 'message' in body) {
    const b = body as { error_code?: number; message?: unknown }
    return `${b.error_code ?? ''} ${String(b.message)}`.trim()
  }
  return typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)
}

export const errorCode = (body: unknown): number | undefined =>
  body && typeof body === 'object' && 'error_code' in body ? Number((body as { error_code: unknown }).error_code) : undefined

export const enc = (subject: string): string => encodeURIComponent(subject)
