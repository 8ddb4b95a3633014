/**
 * The console's pages and their URLs. The page lives in the URL's hash (`/ui#/subject/orders-value?v=3`)
 * so that any link can be shared and the server needs to know nothing about the console's pages.
 * Pure: no DOM, so the unit tests run it in Node.
 */
export type Route =
  | { page: 'subjects'; context?: string; q?: string; pageNo?: number }
  | { page: 'subject'; subject: string; version?: string }
  | { page: 'diff'; subject: string; a?: string; b?: string }
  | { page: 'draft'; subject: string }
  | { page: 'settings' }
  | { page: 'events' }
  | { page: 'audit'; after?: string }
  | { page: 'sign-in'; next?: string }

const enc = encodeURIComponent

const query = (params: Record<string, string | number | undefined>): string => {
  const s = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v))
  const text = s.toString()
  return text ? `?${text}` : ''
}

/** The hash (with its `#`) that names a page. */
export const hrefOf = (r: Route): string => {
  switch (r.page) {
    case 'subjects':
      return `#/${query({ context: r.context, q: r.q, page: r.pageNo && r.pageNo > 1 ? r.pageNo : undefined })}`
    case 'subject':
      return `#/subject/${enc(r.subject)}${query({ v: r.version })}`
    case 'diff':
      return `#/subject/${enc(r.subject)}/diff${query({ a: r.a, b: r.b })}`
    case 'draft':
      return `#/subject/${enc(r.subject)}/draft`
    case 'audit':
      return `#/audit${query({ after: r.after })}`
    case 'sign-in':
      return `#/sign-in${query({ next: r.next })}`
    default:
      return `#/${r.page}`
  }
}

/** The page a hash names; anything unknown is the subjects list. */
export const parseHash = (hash: string): Route => {
  const raw = hash.replace(/^#\/?/, '')
  const [path = '', search = ''] = raw.split('?', 2) as [string, string?]
  const q = new URLSearchParams(search)
  const get = (k: string) => q.get(k) ?? undefined
  const parts = path.split('/').filter((p) => p !== '')
  if (parts[0] === 'subject' && parts[1] !== undefined) {
    let subject: string
    try {
      subject = decodeURIComponent(parts[1])
    } catch {
      return { page: 'subjects' }
    }
    if (parts[2] === 'diff') return { page: 'diff', subject, a: get('a'), b: get('b') }
    if (parts[2] === 'draft') return { page: 'draft', subject }
    return { page: 'subject', subject, version: get('v') }
  }
  if (parts[0] === 'settings' || parts[0] === 'events') return { page: parts[0] }
  if (parts[0] === 'audit') return { page: 'audit', after: get('after') }
  if (parts[0] === 'sign-in') return { page: 'sign-in', next: get('next') }
  const pageNo = Number(get('page') ?? '1')
  return { page: 'subjects', context: get('context'), q: get('q'), pageNo: Number.isInteger(pageNo) && pageNo > 0 ? pageNo : 1 }
}
