import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ApiError } from './api'
import { hrefOf, parseHash, type Route } from './router'
import { loadCredentials, saveCredentials, whoOf, type Credentials } from './session'
import { SessionContext, type Session } from './state'
import { AuditPage } from './pages/audit-page'
import { EventsPage } from './pages/events-page'
import { DiffPage } from './pages/diff-page'
import { DraftPage } from './pages/draft-page'
import { SettingsPage } from './pages/settings-page'
import { SignInPage } from './pages/sign-in-page'
import { SubjectPage } from './pages/subject-page'
import { SubjectsPage } from './pages/subjects-page'

const NAV: { label: string; route: Route; pages: Route['page'][] }[] = [
  { label: 'Subjects', route: { page: 'subjects' }, pages: ['subjects', 'subject', 'diff', 'draft'] },
  { label: 'Settings', route: { page: 'settings' }, pages: ['settings'] },
  { label: 'Changes', route: { page: 'events' }, pages: ['events'] },
  { label: 'Audit', route: { page: 'audit' }, pages: ['audit'] },
]

const Page = ({ route }: { route: Route }) => {
  switch (route.page) {
    case 'subjects':
      return <SubjectsPage context={route.context} q={route.q} pageNo={route.pageNo} />
    case 'subject':
      return <SubjectPage subject={route.subject} version={route.version} />
    case 'diff':
      return <DiffPage subject={route.subject} a={route.a} b={route.b} />
    case 'draft':
      return <DraftPage subject={route.subject} />
    case 'settings':
      return <SettingsPage />
    case 'events':
      return <EventsPage />
    case 'audit':
      return <AuditPage after={route.after} />
    case 'sign-in':
      return <SignInPage next={route.next} />
  }
}

export const App = () => {
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash))
  const [credentials, setCredentials] = useState<Credentials | undefined>(loadCredentials)
  // refusals belong to the credentials that got them: signing in or out forgets them
  const [refusals, setRefusals] = useState<Record<string, string>>({})
  const main = useRef<HTMLElement>(null)

  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash))
    addEventListener('hashchange', onHash)
    return () => removeEventListener('hashchange', onHash)
  }, [])
  // a new page moves the focus to its heading, so keyboard and screen reader users start there
  const pageKey = route.page === 'subjects' ? 'subjects' : JSON.stringify({ ...route, q: undefined })
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: false })
  }, [pageKey])

  const session = useMemo<Session>(
    () => ({
      route,
      go: (r, opts) => {
        const href = hrefOf(r)
        if (opts?.replace) {
          history.replaceState(null, '', href)
          setRoute(parseHash(href))
        } else location.hash = href
      },
      credentials,
      signIn: (c) => {
        saveCredentials(c)
        setCredentials(c)
        setRefusals({})
      },
      refusal: (key) => refusals[key] ?? (refusals['*'] && !credentials ? refusals['*'] : undefined),
      noteRefusal: (key, e) => {
        if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) return false
        // without credentials a 401 says writes need signing in, whatever the subject
        const k = e.status === 401 && !credentials ? '*' : key
        const reason = e.status === 401 ? 'Sign in with credentials that may do this.' : `${whoOf(credentials)} may not do this here: ${e.message}`
        setRefusals((r) => (r[k] === reason ? r : { ...r, [k]: reason }))
        return true
      },
    }),
    [route, credentials, refusals],
  )

  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.querySelector<HTMLElement>('h1')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={hrefOf({ page: 'subjects' })}>
          Schema registry
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.label}>
                <a href={hrefOf(n.route)} aria-current={n.pages.includes(route.page) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {credentials ? (
            <>
              <span>Signed in as {whoOf(credentials)}</span>
              <button type="button" onClick={() => session.signIn(undefined)}>
                Sign out
              </button>
            </>
          ) : (
            <a href={hrefOf({ page: 'sign-in', next: hrefOf(route) })}>Sign in</a>
          )}
        </div>
      </header>
      <main id="main" ref={main}>
        <Page route={route} />
      </main>
    </SessionContext.Provider>
  )
}
