import type { Incompatibility } from '../../../src/formats/format-plugin.js'
import { protobufFormat } from '../../../src/formats/protobuf/index.js'
import { parse } from './protobuf-helpers.js'

export interface LevelCase {
  id: string
  level: string
  history: string[]
  new: string
  compatible: boolean
  why?: string
}

/**
 * The compatibility levels over `checkReadable`, as docs/COMPATIBILITY.md §1 defines them: BACKWARD reads
 * old data with the new schema, FORWARD the reverse, FULL both; transitive levels check every version,
 * newest first. History is parsed leniently (stored), the new schema strictly.
 */
export const applyLevel = (c: LevelCase): Incompatibility[] => {
  if (c.level === 'NONE') return []
  const next = parse(c.new, [], true)
  const history = c.history.map((h) => parse(h, [], false)).reverse()
  const against = c.level.endsWith('_TRANSITIVE') ? history : history.slice(0, 1)
  const base = c.level.replace('_TRANSITIVE', '')
  for (const old of against) {
    const found: Incompatibility[] = []
    if (base === 'BACKWARD' || base === 'FULL') found.push(...protobufFormat.checkReadable({ reader: next, writer: old, options: { policy: 'STRICT' } }))
    if (base === 'FORWARD' || base === 'FULL') found.push(...protobufFormat.checkReadable({ reader: old, writer: next, options: { policy: 'STRICT' } }))
    if (found.length) return found
  }
  return []
}
