import type { IncomingMessage } from 'node:http'

export type Dialect = 'openschema' | 'confluent'

export const MEDIA_TYPES: Record<Dialect, string> = {
  confluent: 'application/vnd.schemaregistry.v1+json',
  openschema: 'application/vnd.openschema.v1+json',
}

const PREFIXES: [string, Dialect][] = [
  ['/apis/ccompat/v7', 'confluent'],
  ['/apis/openschema/v1', 'openschema'],
]

/** What the URL rewrite learned before routing; kept on the raw request for the onRequest hook. */
export interface RoutingHints {
  dialect?: Dialect
  /** From a `/contexts/{ctx}/...` prefix: the context the rest of the request is in. */
  context?: string
}

export const hintsOf = (raw: IncomingMessage): RoutingHints => ((raw as unknown as { registryHints?: RoutingHints }).registryHints ??= {})

const stripPrefix = (url: string, prefix: string): string | undefined => {
  if (url === prefix) return '/'
  if (url.startsWith(prefix) && (url[prefix.length] === '/' || url[prefix.length] === '?')) {
    const rest = url.slice(prefix.length)
    return rest.startsWith('?') ? `/${rest}` : rest
  }
  return undefined
}

/**
 * Rewrites a URL before routing (docs/API.md §1 rule 1 and the `/contexts/{ctx}/...` prefix): the dialect
 * prefixes are removed, and a context prefix followed by more path becomes a hint.
 */
export const rewriteUrl = (raw: IncomingMessage): string => {
  let url = raw.url ?? '/'
  const hints = hintsOf(raw)
  for (const [prefix, dialect] of PREFIXES) {
    const rest = stripPrefix(url, prefix)
    if (rest !== undefined) {
      hints.dialect = dialect
      url = rest
      break
    }
  }
  const ctx = /^\/contexts\/([^/?]+)(\/[^?]+.*)$/.exec(url)
  if (ctx) {
    try {
      hints.context = decodeURIComponent(ctx[1]!)
      url = ctx[2]!
    } catch {
      // bad percent-encoding: leave the URL alone and let routing answer it
    }
  }
  return url
}

const names = (header: string | string[] | undefined, type: string) =>
  (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase().includes(type)

/** docs/API.md §1: prefix, then Confluent media types, then OpenSchema's, then the server default. */
export const detectDialect = (raw: IncomingMessage, fallback: Dialect): Dialect => {
  const hinted = hintsOf(raw).dialect
  if (hinted) return hinted
  const { 'content-type': contentType, accept } = raw.headers
  for (const t of ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json']) {
    if (names(contentType, t) || names(accept, t)) return 'confluent'
  }
  if (names(contentType, 'application/vnd.openschema.v1+json') || names(accept, 'application/vnd.openschema.v1+json')) return 'openschema'
  return fallback
}

/** OpenSchema answers `application/json` to a client whose Accept names only that. */
export const responseMediaType = (dialect: Dialect, accept: string | undefined): string => {
  if (dialect === 'openschema' && accept) {
    const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase())
    if (types.length > 0 && types.every((t) => t === 'application/json')) return 'application/json'
  }
  return MEDIA_TYPES[dialect]
}
