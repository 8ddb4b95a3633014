import { useMemo, useState } from 'preact/hooks'
import { api } from '../api'
import { ErrorNote, Loading } from '../components'
import { hrefOf } from '../router'
import { useLoad, useSession } from '../state'

const PAGE_SIZE = 50
const ALL = ''

/** Subject names of a context: the default context's are the unqualified ones of the full list. */
const loadSubjects = async (context: string): Promise<string[]> => {
  if (context === ALL) return api<string[]>('GET', '/subjects')
  if (context === '.') return (await api<string[]>('GET', '/subjects')).filter((s) => !s.startsWith(':.'))
  return api<string[]>('GET', `/contexts/${encodeURIComponent(context)}/subjects`)
}

/**
 * Contexts and subjects. The names are fetched once per context (10,000 names are a few hundred KB)
 * and filtered here, so typing filters at once on any part of a name; only one page is rendered.
 */
export const SubjectsPage = ({ context = ALL, q = '', pageNo = 1 }: { context?: string; q?: string; pageNo?: number }) => {
  const { go } = useSession()
  const contexts = useLoad(() => api<string[]>('GET', '/contexts'), [])
  const subjects = useLoad(() => loadSubjects(context), [context])
  const [newName, setNewName] = useState('')
  const matching = useMemo(() => {
    const needle = q.trim().toLowerCase()
    const all = subjects.data ?? []
    return needle ? all.filter((s) => s.toLowerCase().includes(needle)) : all
  }, [subjects.data, q])
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE))
  const page = Math.min(pageNo, pages)
  const shown = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
  const to = (p: { context?: string; q?: string; pageNo?: number }, replace = false) => go({ page: 'subjects', context, q, pageNo: 1, ...p }, { replace })

  return (
    <>
      <h1 tabIndex={-1}>Subjects</h1>
      <div class="toolbar">
        <label>
          Context
          <select value={context} onChange={(e) => to({ context: e.currentTarget.value })}>
            <option value={ALL}>All contexts</option>
            {(contexts.data ?? ['.']).map((c) => (
              <option key={c} value={c}>
                {c === '.' ? '. (default)' : c}
              </option>
            ))}
          </select>
        </label>
        <label>
          Filter subjects
          <input type="search" value={q} placeholder="part of a name" onInput={(e) => to({ q: e.currentTarget.value }, true)} />
        </label>
      </div>
      {subjects.error !== undefined && <ErrorNote error={subjects.error} />}
      {subjects.loading && !subjects.data && <Loading what="subjects" />}
      {subjects.data && (
        <>
          <p class="muted" role="status" data-testid="subject-count">
            {q ? `${matching.length} of ${subjects.data.length} subjects match` : `${subjects.data.length} subjects`}
          </p>
          <ul class="subject-list">
            {shown.map((s) => (
              <li key={s}>
                <a href={hrefOf({ page: 'subject', subject: s })}>{s}</a>
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <nav class="pager" aria-label="Pages of subjects">
              <button type="button" disabled={page <= 1} onClick={() => to({ pageNo: page - 1 })}>
                Previous
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button type="button" disabled={page >= pages} onClick={() => to({ pageNo: page + 1 })}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault()
          if (newName.trim()) go({ page: 'draft', subject: newName.trim() })
        }}
      >
        <label>
          New subject
          <input value={newName} placeholder="orders-value" onInput={(e) => setNewName(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={!newName.trim()}>
          Write its first schema
        </button>
      </form>
    </>
  )
}
