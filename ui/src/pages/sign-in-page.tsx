import { useState } from 'preact/hooks'
import { api, ApiError } from '../api'
import type { Credentials } from '../session'
import { useSession } from '../state'

/** Checks credentials with a harmless read before keeping them: a typo is told at once, not at the next write. */
const check = async (c: Credentials): Promise<string | undefined> => {
  try {
    await api('GET', '/subjects?limit=1', undefined, { credentials: c })
  } catch (e) {
    // 403 (valid, but may not list subjects) still signs in: other pages may be allowed
    if (e instanceof ApiError && e.status === 401) return 'These credentials were not accepted.'
    if (!(e instanceof ApiError && e.status === 403)) throw e
  }
  return undefined
}

/** Basic (user and password) or a bearer token, kept for this browser tab only. */
export const SignInPage = ({ next }: { next?: string }) => {
  const session = useSession()
  const [kind, setKind] = useState<'basic' | 'bearer'>('basic')
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [token, setToken] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    const c: Credentials = kind === 'basic' ? { kind, user, password } : { kind, token: token.trim() }
    setBusy(true)
    try {
      const wrong = await check(c)
      setProblem(wrong)
      if (wrong) return
      session.signIn(c)
      location.hash = next && next.startsWith('#/') && !next.startsWith('#/sign-in') ? next : '#/'
    } catch (err) {
      setProblem(err instanceof ApiError || err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <h1 tabIndex={-1}>Sign in</h1>
      {session.credentials && (
        <p class="note" role="status">
          Signed in as {session.credentials.kind === 'basic' ? session.credentials.user : 'a bearer token'}.{' '}
          <button type="button" onClick={() => session.signIn(undefined)}>
            Sign out
          </button>
        </p>
      )}
      <form class="sign-in" onSubmit={submit}>
        <fieldset>
          <legend>Credentials</legend>
          <label class="inline">
            <input type="radio" name="kind" checked={kind === 'basic'} onChange={() => setKind('basic')} /> User and password
          </label>
          <label class="inline">
            <input type="radio" name="kind" checked={kind === 'bearer'} onChange={() => setKind('bearer')} /> Bearer token
          </label>
        </fieldset>
        {kind === 'basic' ? (
          <>
            <label>
              User
              <input name="user" autocomplete="username" value={user} required onInput={(e) => setUser(e.currentTarget.value)} />
            </label>
            <label>
              Password
              <input name="password" type="password" autocomplete="current-password" value={password} required onInput={(e) => setPassword(e.currentTarget.value)} />
            </label>
          </>
        ) : (
          <label>
            Token
            <textarea name="token" rows={4} value={token} required onInput={(e) => setToken(e.currentTarget.value)} />
          </label>
        )}
        {problem && (
          <p class="note error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
        <p class="muted">Kept in this tab's session storage only, and sent to this registry alone.</p>
      </form>
    </>
  )
}
