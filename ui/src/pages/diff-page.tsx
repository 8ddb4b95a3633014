import { api, encodeSubject, type Compatibility, type SchemaVersion } from '../api'
import { ErrorNote, Loading, Verdict } from '../components'
import { hrefOf } from '../router'
import { readableSchema, sideBySide, type DiffRow } from '../schema-text'
import { useLoad, useSession } from '../state'
import { loadVersion, loadVersions } from './subject-page'

interface Compared {
  rows: DiffRow[]
  verdict: Compatibility
  level: string
}

/** Version `b` checked against version `a` at the subject's level, as registering `b` over `a` would be. */
const compare = async (subject: string, a: string, b: string): Promise<Compared> => {
  const [older, newer, config] = await Promise.all([
    loadVersion(subject, a),
    loadVersion(subject, b),
    api<{ compatibilityLevel: string }>('GET', `/config/${encodeSubject(subject)}?defaultToGlobal=true`),
  ])
  const verdict = await api<Compatibility>('POST', `/compatibility/subjects/${encodeSubject(subject)}/versions/${older.version}?verbose=true`, bodyOf(newer))
  return { rows: sideBySide(readableSchema(older.schema, older.schemaType), readableSchema(newer.schema, newer.schemaType)), verdict, level: config.compatibilityLevel }
}

const bodyOf = (v: SchemaVersion) => ({ schema: v.schema, schemaType: v.schemaType ?? 'AVRO', references: v.references ?? [] })

const Side = ({ side, kind }: { side?: { line: number; text: string }; kind: string }) => (
  <>
    <td class="ln">{side?.line ?? ''}</td>
    <td class={`code ${side ? kind : 'empty'}`}>{side?.text ?? ''}</td>
  </>
)

/** Two versions side by side, with the compatibility verdict between them and the checker's messages. */
export const DiffPage = ({ subject, a, b }: { subject: string; a?: string; b?: string }) => {
  const { go } = useSession()
  const versions = useLoad(() => loadVersions(subject), [subject])
  const list = versions.data ?? []
  const right = b ?? String(list.at(-1) ?? '')
  const left = a ?? String(list.at(-2) ?? list.at(-1) ?? '')
  const result = useLoad(() => (left && right ? compare(subject, left, right) : Promise.resolve(undefined)), [subject, left, right])
  const pick = (which: 'a' | 'b', value: string) => go({ page: 'diff', subject, a: left, b: right, [which]: value })
  return (
    <>
      <p class="crumbs">
        <a href={hrefOf({ page: 'subjects' })}>Subjects</a> / <a href={hrefOf({ page: 'subject', subject })}>{subject}</a> /
      </p>
      <h1 tabIndex={-1}>Compare versions</h1>
      {versions.error !== undefined && <ErrorNote error={versions.error} />}
      {list.length > 0 && (
        <div class="toolbar">
          <label>
            Old version
            <select value={left} onChange={(e) => pick('a', e.currentTarget.value)}>
              {list.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            New version
            <select value={right} onChange={(e) => pick('b', e.currentTarget.value)}>
              {list.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {result.loading && <Loading what="both versions" />}
      {result.error !== undefined && <ErrorNote error={result.error} />}
      {result.data && (
        <>
          <Verdict compatible={result.data.verdict.is_compatible} messages={result.data.verdict.messages} level={result.data.level} />
          <div class="diff-wrap" tabIndex={0} aria-label={`Version ${left} and version ${right} side by side`}>
            <table class="diff" data-testid="diff">
              {/* a fixed layout takes its widths from the first row: the columns say them, not the header's spans */}
              <colgroup>
                <col class="ln" />
                <col />
                <col class="ln" />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th colSpan={2} scope="colgroup">
                    Version {left}
                  </th>
                  <th colSpan={2} scope="colgroup">
                    Version {right}
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.data.rows.map((row, i) => (
                  <tr key={i} class={row.kind}>
                    <Side side={row.left} kind={row.kind === 'same' ? 'same' : 'removed'} />
                    <Side side={row.right} kind={row.kind === 'same' ? 'same' : 'added'} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  )
}
