/**
 * Credentials typed into the sign-in form, kept in sessionStorage only: gone when the tab closes,
 * never written to localStorage or a cookie.
 */
export type Credentials = { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string }

const KEY = 'schema-registry-console.credentials'

export const loadCredentials = (): Credentials | undefined => {
  try {
    const raw = sessionStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as Credentials) : undefined
  } catch {
    return undefined
  }
}

export const saveCredentials = (c: Credentials | undefined): void => {
  if (c) sessionStorage.setItem(KEY, JSON.stringify(c))
  else sessionStorage.removeItem(KEY)
}

/** The Authorization header value; Basic's user and password as UTF-8, as RFC 7617 recommends. */
export const authorizationOf = (c: Credentials): string => {
  if (c.kind === 'bearer') return `Bearer ${c.token}`
  const bytes = new TextEncoder().encode(`${c.user}:${c.password}`)
  return `Basic ${btoa(String.fromCharCode(...bytes))}`
}

export const whoOf = (c: Credentials | undefined): string => (c ? (c.kind === 'basic' ? c.user : 'bearer token') : 'anonymous')
