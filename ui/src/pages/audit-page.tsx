import { api, refused } from '../api'
import { ErrorNote, Loading } from '../components'
import { hrefOf } from '../router'
import { useLoad, useSession } from '../state'

interface AuditEvent {
  seq: number
  timestamp: string
  event_type: string
  outcome: string
  actor_id: string | null
  subject: string | null
  target_id: string | null
  version: number | null
  status_code: number
  reason: string | null
}

const subjectLink = (s: string | null | undefined) => (s ? <a href={hrefOf({ page: 'subject', subject: s })}>{s}</a> : '')

/** Who did what (`GET /audit`, admins), oldest first in pages of 100 as the API pages it. */
export const AuditPage = ({ after }: { after?: string }) => {
  const session = useSession()
  const audit = useLoad(() => api<{ events: AuditEvent[]; next: number | null }>('GET', `/audit?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`), [after])
  const denied = refused(audit.error)
  return (
    <>
      <h1 tabIndex={-1}>Audit log</h1>
      {audit.loading && <Loading what="the audit log" />}
      {denied && (
        <p class="note" role="status">
          The audit log is for admins. {session.credentials ? 'Your credentials are not an admin’s.' : ''}{' '}
          {!session.credentials && <a href={hrefOf({ page: 'sign-in', next: hrefOf({ page: 'audit' }) })}>Sign in as an admin</a>}
        </p>
      )}
      {audit.error !== undefined && !denied && <ErrorNote error={audit.error} />}
      {audit.data && (
        <>
          <div class="table-wrap">
            <table data-testid="audit">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Version</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.events.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>{e.timestamp}</td>
                    <td>{e.actor_id ?? '(none)'}</td>
                    <td>{e.event_type}</td>
                    <td title={e.reason ?? undefined}>
                      {e.outcome} ({e.status_code})
                    </td>
                    <td>{subjectLink(e.target_id ?? e.subject)}</td>
                    <td>{e.version ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {audit.data.next !== null && (
            <p>
              <a href={hrefOf({ page: 'audit', after: String(audit.data.next) })}>Next page</a>
            </p>
          )}
        </>
      )}
    </>
  )
}
