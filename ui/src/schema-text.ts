import { diffLines } from 'diff'

/**
 * Schema text as people read it, and the side-by-side rows of two versions. Pure (no DOM), so the
 * unit tests run it in Node.
 */

/** Avro and JSON Schema pretty-printed (stored compact, one line); Protobuf and anything unparsable as is. */
export const readableSchema = (schema: string, schemaType: string | undefined): string => {
  if (schemaType === 'PROTOBUF') return schema
  try {
    return JSON.stringify(JSON.parse(schema), null, 2)
  } catch {
    return schema
  }
}

export interface Side {
  line: number
  text: string
}
export interface DiffRow {
  kind: 'same' | 'removed' | 'added' | 'changed'
  left?: Side
  right?: Side
}

const linesOf = (value: string): string[] => {
  const lines = value.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** Rows pairing the old text's lines (left) with the new one's (right); a removal followed by an addition is a change. */
export const sideBySide = (oldText: string, newText: string): DiffRow[] => {
  const rows: DiffRow[] = []
  let l = 0
  let r = 0
  const parts = diffLines(oldText, newText)
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part.removed && parts[i + 1]?.added) {
      const removed = linesOf(part.value)
      const added = linesOf(parts[i + 1]!.value)
      for (let k = 0; k < Math.max(removed.length, added.length); k++) {
        const left = k < removed.length ? { line: ++l, text: removed[k]! } : undefined
        const right = k < added.length ? { line: ++r, text: added[k]! } : undefined
        rows.push({ kind: left && right ? 'changed' : left ? 'removed' : 'added', left, right })
      }
      i++
    } else if (part.removed) {
      for (const text of linesOf(part.value)) rows.push({ kind: 'removed', left: { line: ++l, text } })
    } else if (part.added) {
      for (const text of linesOf(part.value)) rows.push({ kind: 'added', right: { line: ++r, text } })
    } else {
      for (const text of linesOf(part.value)) rows.push({ kind: 'same', left: { line: ++l, text }, right: { line: ++r, text } })
    }
  }
  return rows
}

/**
 * The checker's findings from a verbose compatibility answer (Confluent's strings): each
 * `{errorType:'X', description:'...'}` as "X: ...", the version it was checked against kept as context,
 * the echoed old schema and settings dropped.
 */
export const readableMessages = (messages: readonly string[]): string[] => {
  const out: string[] = []
  for (const m of messages) {
    const finding = /^\{errorType:'([^']*)', description:'(.*?)'(?:, additionalInfo:.*)?\}$/s.exec(m)
    if (finding) {
      out.push(`${finding[1]}: ${finding[2]}`)
      continue
    }
    const against = /^\{oldSchemaVersion: (\d+)\}$/.exec(m)
    if (against) out.push(`(checked against version ${against[1]})`)
    else if (!m.startsWith('{oldSchema:') && !m.startsWith('{validateFields:')) out.push(m)
  }
  return out
}
