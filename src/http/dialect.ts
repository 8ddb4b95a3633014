import type { IncomingMessage } from 'node:http'
import type { DialectModule } from './dialects/index.js'

/** What the URL rewrite and routing learned; kept on the raw request, so it is resolved once. */
export interface RoutingHints {
  /** From a dialect's path prefix. */
  dialect?: DialectModule
  /** From a `/contexts/{ctx}/...` prefix: the context the rest of the request is in. */
  context?: string
  /** The dialect the request is answered in, once resolved. */
  resolved?: DialectModule
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

const names = (header: string | string[] | undefined, type: string) => (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase().includes(type)

/**
 * How requests find their dialect among `dialects` (docs/API.md §1): a dialect's path prefix, then
 * the dialects' media types in Content-Type or Accept in the order of the list, then `fallback`.
 */
export const createDialectResolution = (dialects: readonly DialectModule[], fallback: DialectModule) => ({
  /**
   * Rewrites a URL before routing: a dialect's prefix is removed, and a `/contexts/{ctx}/...` prefix
   * followed by more path becomes a hint.
   */
  rewriteUrl(raw: IncomingMessage): string {
    let url = raw.url ?? '/'
    const hints = hintsOf(raw)
    for (const dialect of dialects) {
      const rest = stripPrefix(url, dialect.pathPrefix)
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
  },

  /** The request's dialect, resolved once (routing needs it first) and remembered on the request. */
  resolve(raw: IncomingMessage): DialectModule {
    const hints = hintsOf(raw)
    if (hints.resolved) return hints.resolved
    const { 'content-type': contentType, accept } = raw.headers
    const byMediaType = dialects.find((d) => d.selectingMediaTypes.some((t) => names(contentType, t) || names(accept, t)))
    hints.resolved = hints.dialect ?? byMediaType ?? fallback
    return hints.resolved
  },
})

export type DialectResolution = ReturnType<typeof createDialectResolution>
