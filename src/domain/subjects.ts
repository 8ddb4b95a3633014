import { RegistryError } from '../errors/registry-error.js'

/** The default context: what requests without a context see. */
export const DEFAULT_CONTEXT = '.'
/** The scope above every context (`:.__GLOBAL:`). */
export const GLOBAL_CONTEXT = '.__GLOBAL'
export const MAX_SUBJECT_LENGTH = 1024

const RESERVED_NAMES = new Set(['__GLOBAL', '__EMPTY'])
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/

/** A subject (or, with an empty name, a context scope) inside a context. */
export interface SubjectRef {
  context: string
  name: string
}

/** `team-a` and `.team-a` name the same context; `.` is the default one. */
export const normalizeContext = (raw: string): string => {
  const trimmed = raw.trim()
  if (trimmed === '' || trimmed === '.' || trimmed === ':.:') return DEFAULT_CONTEXT
  const bare = trimmed.startsWith(':') && trimmed.endsWith(':') ? trimmed.slice(1, -1) : trimmed
  return bare.startsWith('.') ? bare : `.${bare}`
}

/**
 * Splits a possibly qualified subject (`:.team-a:orders`) into context and name. An unqualified name
 * lives in `defaultContext` (the request's context, `.` unless a `/contexts/{ctx}` prefix was used).
 */
export const parseSubject = (raw: string, defaultContext: string = DEFAULT_CONTEXT): SubjectRef => {
  if (raw.startsWith(':.')) {
    const end = raw.indexOf(':', 2)
    if (end > 0) return { context: normalizeContext(raw.slice(1, end)), name: raw.slice(end + 1) }
  }
  return { context: defaultContext, name: raw }
}

/** The name clients see: unqualified in the default context, `:.ctx:name` elsewhere. */
export const qualifySubject = (ref: SubjectRef): string => (ref.context === DEFAULT_CONTEXT ? ref.name : `:${ref.context}:${ref.name}`)

/** The key of a config or mode scope; always qualified so the default context is unambiguous. */
export const scopeKey = (ref: SubjectRef): string => `:${ref.context}:${ref.name}`
export const contextScope = (context: string): SubjectRef => ({ context, name: '' })
export const GLOBAL_SCOPE: SubjectRef = { context: GLOBAL_CONTEXT, name: '' }

export const isValidSubjectName = (name: string): boolean => name.length > 0 && name.length <= MAX_SUBJECT_LENGTH && !CONTROL_CHARS.test(name) && !RESERVED_NAMES.has(name)

/** Parses and validates a subject that must name a subject (not a context scope). */
export const requireSubject = (raw: string, defaultContext: string): SubjectRef => {
  const ref = parseSubject(raw, defaultContext)
  if (!isValidSubjectName(ref.name) || ref.context === GLOBAL_CONTEXT) {
    throw new RegistryError('INVALID_SUBJECT', { subject: raw })
  }
  return ref
}

/**
 * Parses the subject of a config or mode route, which may also name a context scope (`:.ctx:`) or the
 * all-contexts scope (`:.__GLOBAL:`).
 */
export const requireScope = (raw: string, defaultContext: string): SubjectRef => {
  const ref = parseSubject(raw, defaultContext)
  if (ref.name === '' && raw.startsWith(':.')) return ref
  return requireSubject(raw, defaultContext)
}
