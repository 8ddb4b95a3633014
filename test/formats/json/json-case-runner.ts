import { jsonFormat } from '../../../src/formats/json/index.js'
import type { CheckOptions, Incompatibility, ParsedSchema } from '../../../src/formats/format-plugin.js'

/** A case in the conformance file format (test/fixtures/conformance/README.md), plus an optional policy. */
export interface CompatibilityCase {
  id: string
  level: string
  history: string[]
  new: string
  compatible: boolean
  why?: string
  policy?: CheckOptions['policy']
}

const readable = (reader: ParsedSchema, writer: ParsedSchema, options: CheckOptions): Incompatibility[] => jsonFormat.checkReadable({ reader, writer, options })

/** Applies a level the way the registry does, over the plugin's one primitive. */
export const verdict = (c: CompatibilityCase): { compatible: boolean; incompatibilities: Incompatibility[] } => {
  const options: CheckOptions = { policy: c.policy ?? 'STRICT' }
  const candidate = jsonFormat.parse(c.new, [], { strict: true })
  const history = c.history.map((text) => jsonFormat.parse(text, [], { strict: false }))
  if (c.level === 'NONE') return { compatible: true, incompatibilities: [] }
  const transitive = c.level.endsWith('_TRANSITIVE')
  const direction = c.level.replace('_TRANSITIVE', '')
  const against = transitive ? [...history].reverse() : history.slice(-1)
  for (const old of against) {
    const found = [...(direction !== 'FORWARD' ? readable(candidate, old, options) : []), ...(direction !== 'BACKWARD' ? readable(old, candidate, options) : [])]
    if (found.length > 0) return { compatible: false, incompatibilities: found }
  }
  return { compatible: true, incompatibilities: [] }
}
