import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, encodeSubject, type Compatibility } from '../api'
import { ErrorNote, Refusable, Verdict } from '../components'
import { hrefOf } from '../router'
import { readableSchema } from '../schema-text'
import { isNotFound, useLoad, useSession } from '../state'
import { loadVersion } from './subject-page'

const FORMATS = ['AVRO', 'JSON', 'PROTOBUF']
const STARTERS: Record<string, string> = {
  AVRO: '{\n  "type": "record",\n  "name": "Example",\n  "fields": [\n    { "name": "id", "type": "string" }\n  ]\n}',
  JSON: '{\n  "type": "object",\n  "properties": {\n    "id": { "type": "string" }\n  }\n}',
  PROTOBUF: 'syntax = "proto3";\n\nmessage Example {\n  string id = 1;\n}\n',
}

type Outcome = { kind: 'verdict'; verdict: Compatibility; level: string } | { kind: 'first' } | { kind: 'error'; error: unknown }

/**
 * A draft of the subject's next version: starts from its latest one, is tested against the versions
 * the subject's level names, and registered when it should be.
 */
export const DraftPage = ({ subject }: { subject: string }) => {
  const session = useSession()
  const latest = useLoad(
    () =>
      loadVersion(subject, 'latest').catch((e: unknown) => {
        if (isNotFound(e)) return undefined
        throw e
      }),
    [subject],
  )
  const [text, setText] = useState('')
  const [format, setFormat] = useState('AVRO')
  const [outcome, setOutcome] = useState<Outcome | undefined>()
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (latest.loading) return
    const v = latest.data
    setFormat(v?.schemaType ?? 'AVRO')
    setText(v ? readableSchema(v.schema, v.schemaType) : STARTERS.AVRO!)
  }, [latest.loading, latest.data])
  const refusal = session.refusal(`register:${subject}`)
  const path = `/subjects/${encodeSubject(subject)}`
  const body = () => ({ schema: text, schemaType: format, references: latest.data?.schemaType === format ? (latest.data?.references ?? []) : [] })

  const test = async () => {
    setBusy(true)
    try {
      const [verdict, config] = await Promise.all([
        api<Compatibility>('POST', `/compatibility${path}/versions?verbose=true`, body()),
        api<{ compatibilityLevel: string }>('GET', `/config${path.slice('/subjects'.length)}?defaultToGlobal=true`),
      ])
      setOutcome({ kind: 'verdict', verdict, level: config.compatibilityLevel })
    } catch (e) {
      setOutcome(e instanceof ApiError && e.code === 40401 ? { kind: 'first' } : { kind: 'error', error: e })
    } finally {
      setBusy(false)
    }
  }
  const register = async () => {
    setBusy(true)
    try {
      const made = await api<{ id: number; version?: number }>('POST', `${path}/versions`, body())
      session.go({ page: 'subject', subject, version: made.version === undefined ? undefined : String(made.version) })
    } catch (e) {
      if (!session.noteRefusal(`register:${subject}`, e)) setOutcome({ kind: 'error', error: e })
    } finally {
      setBusy(false)
    }
  }
  const changeFormat = (f: string) => {
    // an untouched starter follows the format; someone's own text is kept
    if (!latest.data && Object.values(STARTERS).includes(text)) setText(STARTERS[f]!)
    setFormat(f)
  }

  return (
    <>
      <p class="crumbs">
        <a href={hrefOf({ page: 'subjects' })}>Subjects</a> / <a href={hrefOf({ page: 'subject', subject })}>{subject}</a> /
      </p>
      <h1 tabIndex={-1}>Draft a new version</h1>
      {latest.error !== undefined && <ErrorNote error={latest.error} />}
      <p class="muted">{latest.data ? `Starts from version ${latest.data.version}.` : latest.loading ? '' : 'The subject has no versions yet: this will be its first.'}</p>
      <form
        class="draft"
        onSubmit={(e) => {
          e.preventDefault()
          void test()
        }}
      >
        <label>
          Format
          <select value={format} onChange={(e) => changeFormat(e.currentTarget.value)}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label class="block">
          Draft schema
          <textarea
            value={text}
            spellcheck={false}
            rows={18}
            onInput={(e) => {
              setText(e.currentTarget.value)
              setOutcome(undefined)
            }}
          />
        </label>
        <div class="actions">
          <button type="submit" disabled={busy || !text.trim()}>
            Test compatibility
          </button>
          <Refusable reason={refusal}>
            <button type="button" class="primary" disabled={busy || !text.trim() || refusal !== undefined} onClick={() => void register()}>
              Register
            </button>
          </Refusable>
        </div>
      </form>
      {outcome?.kind === 'verdict' && <Verdict compatible={outcome.verdict.is_compatible} messages={outcome.verdict.messages} level={outcome.level} />}
      {outcome?.kind === 'first' && (
        <p class="note" role="status">
          No versions yet: any valid schema can be registered as the first one.
        </p>
      )}
      {outcome?.kind === 'error' && <ErrorNote error={outcome.error} />}
    </>
  )
}
