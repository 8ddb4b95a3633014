/**
 * The key layout of the versioned files (docs/EXTENSIONS.md §1), shared by the registry that writes
 * them and the copy command that rebuilds a registry from them (`--from-files`).
 */

// The default context's name. Spelled here rather than imported so that the command line, which may
// use the blob stores but not the domain, can read the layout too.
const DEFAULT_CONTEXT = '.'

/** A context other than the default one puts the same tree under `contexts/<name>/`. */
export const contextRoot = (context: string): string => (context === DEFAULT_CONTEXT ? '' : `contexts/${encodeURIComponent(context.replace(/^\./, ''))}/`)

const subjectRoot = (context: string, subject: string): string => `${contextRoot(context)}subjects/${encodeURIComponent(subject)}/`

/** `schemas/<sha256>.<ext>`: the content, once however often it is registered. */
export const contentKey = (context: string, sha256: string, ext: string): string => `${contextRoot(context)}schemas/${sha256}.${ext}`

/** `subjects/<enc subject>/versions/<n>.<suffix>`: the schema text (`<ext>`), `meta.json` or `deleted.json`. */
export const versionKey = (context: string, subject: string, version: number, suffix: string): string => `${subjectRoot(context, subject)}versions/${version}.${suffix}`

/** Where a permanently deleted version's file goes, so its number can be used again. */
export const purgedKey = (context: string, subject: string, version: number, suffix: string, stamp: number): string =>
  `${subjectRoot(context, subject)}purged/${version}-${stamp}.${suffix}`

export const META_SUFFIX = 'meta.json'
export const DELETED_SUFFIX = 'deleted.json'

/** A version file's key taken apart; undefined for any other key (content, purged files, strangers). */
export interface VersionFileKey {
  context: string
  subject: string
  version: number
  /** `meta.json`, `deleted.json`, or the schema file's extension. */
  suffix: string
}

const VERSION_KEY = /^(?:contexts\/([^/]+)\/)?subjects\/([^/]+)\/versions\/([1-9][0-9]*)\.(.+)$/

export const parseVersionKey = (key: string): VersionFileKey | undefined => {
  const m = VERSION_KEY.exec(key)
  if (!m) return undefined
  try {
    return { context: m[1] === undefined ? DEFAULT_CONTEXT : `.${decodeURIComponent(m[1])}`, subject: decodeURIComponent(m[2]), version: Number(m[3]), suffix: m[4] }
  } catch {
    return undefined // a name that is not percent-encoding: not written by the registry
  }
}
