import { createContext } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import { ApiError } from './api'
import type { Route } from './router'
import type { Credentials } from './session'

/**
 * What every page shares: the page shown, who is signed in, and what the API has refused this session.
 * The console does not probe permissions (a refused probe would land in the audit log as a denied
 * request): an action the API refused is shown disabled from then on, with the reason, instead of
 * failing again. A 401 without credentials means writes need signing in: every write waits for it.
 */
export interface Session {
  route: Route
  go(route: Route, opts?: { replace?: boolean }): void
  credentials?: Credentials
  signIn(c: Credentials | undefined): void
  /** Why `key` (`register:<subject>`, `settings:<subject or global>`) may not be done, if the API said so. */
  refusal(key: string): string | undefined
  /** Notes a refused write or admin read; answers true when the error was a refusal. */
  noteRefusal(key: string, e: unknown): boolean
}

export const SessionContext = createContext<Session>(undefined as unknown as Session)
export const useSession = () => useContext(SessionContext)

export interface Loaded<T> {
  data?: T
  error?: unknown
  loading: boolean
  reload(): void
}

/** Loads once per `deps` change; a later answer never overwrites a newer one. */
export const useLoad = <T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> => {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    )
    return () => {
      live = false
    }
  }, [...deps, tick])
  return { ...state, reload: () => setTick((t) => t + 1) }
}

export const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404
