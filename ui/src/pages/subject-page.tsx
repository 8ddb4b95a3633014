import { api, encodeSubject, type SchemaVersion } from '../api'
import { ErrorNote, Loading, SchemaView } from '../components'
import { hrefOf } from '../router'
import { readableSchema } from '../schema-text'
import { SettingsPanel } from '../settings-panel'
import { isNotFound, useLoad } from '../state'

export const loadVersions = (subject: string) => api<number[]>('GET', `/subjects/${encodeSubject(subject)}/versions`)
export const loadVersion = (subject: string, version: string) => api<SchemaVersion>('GET', `/subjects/${encodeSubject(subject)}/versions/${encodeURIComponent(version)}`)

/** A subject: its versions, one of them highlighted, links to compare and to draft, and its settings. */
export const SubjectPage = ({ subject, version }: { subject: string; version?: string }) => {
  const versions = useLoad(() => loadVersions(subject), [subject])
  const shown = useLoad(() => loadVersion(subject, version ?? 'latest'), [subject, version])
  const list = versions.data ?? []
  const v = shown.data
  const previous = v ? list.filter((n) => n < v.version).at(-1) : undefined
  return (
    <>
      <p class="crumbs">
        <a href={hrefOf({ page: 'subjects' })}>Subjects</a> /
      </p>
      <h1 tabIndex={-1}>{subject}</h1>
      {versions.error !== undefined &&
        (isNotFound(versions.error) ? (
          <p class="note" role="status">
            No versions under this subject yet. <a href={hrefOf({ page: 'draft', subject })}>Write its first schema</a>
          </p>
        ) : (
          <ErrorNote error={versions.error} />
        ))}
      {list.length > 0 && (
        <nav aria-label="Versions" class="versions">
          <span>Versions:</span>
          <ul>
            {list.map((n) => (
              <li key={n}>
                <a href={hrefOf({ page: 'subject', subject, version: String(n) })} aria-current={v?.version === n ? 'page' : undefined}>
                  {n}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {shown.loading && !v && versions.error === undefined && <Loading what="the schema" />}
      {shown.error !== undefined && !isNotFound(versions.error) && <ErrorNote error={shown.error} />}
      {v && (
        <>
          <div class="actions">
            {previous !== undefined && (
              <a class="button" href={hrefOf({ page: 'diff', subject, a: String(previous), b: String(v.version) })}>
                Compare with version {previous}
              </a>
            )}
            <a class="button" href={hrefOf({ page: 'draft', subject })}>
              Draft a new version
            </a>
          </div>
          <dl class="facts">
            <dt>Version</dt>
            <dd data-testid="version">{v.version}</dd>
            <dt>Schema id</dt>
            <dd>{v.id}</dd>
            <dt>Format</dt>
            <dd>{v.schemaType ?? 'AVRO'}</dd>
            {v.guid && (
              <>
                <dt>Guid</dt>
                <dd>
                  <code>{v.guid}</code>
                </dd>
              </>
            )}
            {(v.references ?? []).length > 0 && (
              <>
                <dt>References</dt>
                <dd>
                  {v.references!.map((r) => (
                    <a key={r.name} href={hrefOf({ page: 'subject', subject: r.subject, version: String(r.version) })}>
                      {r.name} ({r.subject} v{r.version}){' '}
                    </a>
                  ))}
                </dd>
              </>
            )}
          </dl>
          <SchemaView text={readableSchema(v.schema, v.schemaType)} schemaType={v.schemaType} label={`Schema of ${subject} version ${v.version}`} />
        </>
      )}
      {versions.error === undefined && (
        <>
          <h2>Settings</h2>
          <SettingsPanel subject={subject} />
        </>
      )}
    </>
  )
}
