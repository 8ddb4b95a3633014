// Relative references need an absolute base to resolve against; schemas without `$id` get this one,
// and it is stripped again so that such schemas keep the names they use (`address.json`).
const PLACEHOLDER_BASE = 'https://json-schema.invalid/'

/** Resolves `ref` against `base` the way `$ref` resolution does (RFC 3986); never throws. */
export const resolveUri = (base: string | undefined, ref: string): string => {
  try {
    const absolute = new URL(ref, new URL(base ?? '', PLACEHOLDER_BASE)).href
    return absolute.startsWith(PLACEHOLDER_BASE) ? absolute.slice(PLACEHOLDER_BASE.length) : absolute
  } catch {
    return ref
  }
}

/** Splits `a.json#/definitions/x` into the document part and the fragment (without `#`). */
export const splitFragment = (uri: string): { document: string; fragment: string } => {
  const hash = uri.indexOf('#')
  return hash < 0 ? { document: uri, fragment: '' } : { document: uri.slice(0, hash), fragment: uri.slice(hash + 1) }
}

/** Decodes one JSON pointer (RFC 6901) written in a URI fragment into its tokens. */
export const pointerTokens = (fragment: string): string[] | undefined => {
  if (fragment === '') return []
  if (!fragment.startsWith('/')) return undefined
  try {
    return fragment
      .slice(1)
      .split('/')
      .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
  } catch {
    return undefined
  }
}
