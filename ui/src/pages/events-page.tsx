import { useEffect, useState } from 'preact/hooks'
import { api } from '../api'
import { ErrorNote, Loading } from '../components'
import { hrefOf } from '../router'
import { isNotFound } from '../state'

interface ChangeEvent {
  id: string
  type: string
  time?: string
  subject?: string
  data?: { version?: number; id?: number; schemaType?: string }
}
interface Batch {
  events: ChangeEvent[]
  next: number
}

const SHOWN = 100
const PAGE = 1000
// a long poll's wait: the server answers at once when something changes, else after this long
const WAIT_SECONDS = 25

type State = { kind: 'loading' } | { kind: 'missing' } | { kind: 'error'; error: unknown } | { kind: 'live'; events: ChangeEvent[] }

/**
 * The latest changes, then new ones as they happen: the change stream (`GET /events`, a long poll
 * from the oldest event) is read to its end, the last 100 kept, and polled while the page is open.
 */
const useChanges = (): State => {
  const [state, setState] = useState<State>({ kind: 'loading' })
  useEffect(() => {
    const stop = new AbortController()
    const poll = (after: number, wait: number, limit: number) => api<Batch>('GET', `/events?after=${after}&wait=${wait}&limit=${limit}`, undefined, { signal: stop.signal })
    const run = async () => {
      let kept: ChangeEvent[] = []
      let after = 0
      for (;;) {
        const batch = await poll(after, 0, PAGE)
        kept = [...kept, ...batch.events].slice(-SHOWN)
        after = batch.next
        if (batch.events.length < PAGE) break
      }
      setState({ kind: 'live', events: kept })
      while (!stop.signal.aborted) {
        const batch = await poll(after, WAIT_SECONDS, PAGE)
        after = batch.next
        if (batch.events.length > 0) {
          kept = [...kept, ...batch.events].slice(-SHOWN)
          setState({ kind: 'live', events: kept })
        } else {
          // a server that answers an empty poll at once must not be asked in a tight loop
          await new Promise((resolve) => setTimeout(resolve, 1000))
        }
      }
    }
    run().catch((error: unknown) => {
      if (stop.signal.aborted) return
      setState(isNotFound(error) ? { kind: 'missing' } : { kind: 'error', error })
    })
    return () => stop.abort()
  }, [])
  return state
}

export const EventsPage = () => {
  const state = useChanges()
  return (
    <>
      <h1 tabIndex={-1}>Recent changes</h1>
      {state.kind === 'loading' && <Loading what="changes" />}
      {state.kind === 'missing' && (
        <p class="note" role="status">
          The change stream is not available on this server.
        </p>
      )}
      {state.kind === 'error' && <ErrorNote error={state.error} />}
      {state.kind === 'live' && state.events.length === 0 && <p class="muted">No changes yet. New ones appear here as they happen.</p>}
      {state.kind === 'live' && state.events.length > 0 && (
        <div class="table-wrap">
          <table data-testid="events">
            <caption class="muted">The latest {SHOWN} changes, newest first; new ones appear as they happen.</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Subject</th>
                <th scope="col">Version</th>
                <th scope="col">Schema id</th>
              </tr>
            </thead>
            <tbody>
              {state.events
                .slice()
                .reverse()
                .map((e) => (
                  <tr key={e.id}>
                    <td>{e.time ?? ''}</td>
                    <td>{e.type.replace(/^io\.openschema\.registry\./, '')}</td>
                    <td>{e.subject ? <a href={hrefOf({ page: 'subject', subject: e.subject })}>{e.subject}</a> : ''}</td>
                    <td>{e.data?.version ?? ''}</td>
                    <td>{e.data?.id ?? ''}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
