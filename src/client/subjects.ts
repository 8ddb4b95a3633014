import type { ChangeEvent, ChangeFilter } from './types.js'

const EVENT_TYPE_PREFIX = 'io.openschema.registry.'

/** `:.:orders` (the default context, qualified) is `orders`, as the registry names it in events. */
export const subjectKey = (subject: string): string => (subject.startsWith(':.:') ? subject.slice(3) : subject)

/** The event's short type: `schema.registered` for `io.openschema.registry.schema.registered`. */
export const shortType = (type: string): string => (type.startsWith(EVENT_TYPE_PREFIX) ? type.slice(EVENT_TYPE_PREFIX.length) : type)

/** The qualified subject an event is about, if any. */
export const eventSubject = (e: ChangeEvent): string | undefined => {
  if (typeof e.subject === 'string') return subjectKey(e.subject)
  const { context, subject } = e.data ?? {}
  if (typeof subject !== 'string') return undefined
  return context && context !== '.' ? `:${context}:${subject}` : subject
}

/** Whether an `onChange` filter takes the event: a predicate's answer, or every field given matching. */
export const matches = (filter: ChangeFilter, e: ChangeEvent): boolean => {
  if (typeof filter === 'function') return filter(e)
  if (filter.types && !filter.types.some((t) => shortType(t) === shortType(e.type))) return false
  if (filter.subject !== undefined && eventSubject(e) !== subjectKey(filter.subject)) return false
  if (filter.subjectPrefix !== undefined && !(e.data?.subject ?? '').startsWith(filter.subjectPrefix)) return false
  if (filter.context !== undefined && (e.data?.context ?? '.') !== filter.context) return false
  return true
}
