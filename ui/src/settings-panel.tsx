import { useState } from 'preact/hooks'
import { api, encodeSubject } from './api'
import { ErrorNote, Refusable } from './components'
import { isNotFound, useLoad, useSession } from './state'

const LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE']
const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT']

interface Setting {
  kind: 'config' | 'mode'
  /** The value in force (the subject's own, else the global one). */
  effective: string
  /** Whether the subject sets its own (always so globally). */
  own: boolean
}

const loadSetting = async (kind: 'config' | 'mode', subject: string | undefined): Promise<Setting> => {
  const value = (b: { compatibilityLevel?: string; mode?: string }) => (kind === 'config' ? b.compatibilityLevel : b.mode) ?? ''
  if (subject === undefined) return { kind, effective: value(await api('GET', `/${kind}`)), own: true }
  const path = `/${kind}/${encodeSubject(subject)}`
  const effective = value(await api('GET', `${path}?defaultToGlobal=true`))
  let own = true
  try {
    await api('GET', path)
  } catch (e) {
    if (!isNotFound(e)) throw e
    own = false
  }
  return { kind, effective, own }
}

/** One setting (compatibility level or mode) of a subject or of the registry: shown, and changed by those allowed. */
const SettingRow = ({ kind, subject }: { kind: 'config' | 'mode'; subject?: string }) => {
  const session = useSession()
  const key = `settings:${subject ?? 'global'}`
  const loaded = useLoad(() => loadSetting(kind, subject), [kind, subject])
  const [choice, setChoice] = useState<string | undefined>()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const refusal = session.refusal(key)
  const label = kind === 'config' ? 'Compatibility level' : 'Mode'
  const path = subject === undefined ? `/${kind}` : `/${kind}/${encodeSubject(subject)}`
  const run = async (method: 'PUT' | 'DELETE') => {
    setBusy(true)
    setError(undefined)
    try {
      await api(method, path, method === 'PUT' ? (kind === 'config' ? { compatibility: choice } : { mode: choice }) : undefined)
      setChoice(undefined)
      loaded.reload()
    } catch (e) {
      if (!session.noteRefusal(key, e)) setError(e)
    } finally {
      setBusy(false)
    }
  }
  if (loaded.error !== undefined) return <ErrorNote error={loaded.error} />
  const setting = loaded.data
  const current = choice ?? setting?.effective ?? ''
  const id = `${kind}-${subject ?? 'global'}`
  return (
    <div class="setting">
      <label for={id}>{label}</label>
      <select id={id} value={current} disabled={!setting || busy || refusal !== undefined} onChange={(e) => setChoice(e.currentTarget.value)}>
        {(kind === 'config' ? LEVELS : MODES).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      {setting && subject !== undefined && <span class="muted">{setting.own ? 'set on this subject' : 'inherited from the global setting'}</span>}
      <Refusable reason={refusal}>
        <button type="button" disabled={busy || refusal !== undefined || choice === undefined || choice === setting?.effective} onClick={() => run('PUT')}>
          Save
        </button>
        {subject !== undefined && setting?.own && (
          <button type="button" disabled={busy || refusal !== undefined} onClick={() => run('DELETE')}>
            Use the global setting
          </button>
        )}
      </Refusable>
      {error !== undefined && <ErrorNote error={error} />}
    </div>
  )
}

export const SettingsPanel = ({ subject }: { subject?: string }) => (
  <section class="panel" aria-label={subject === undefined ? 'Global settings' : 'Settings of this subject'}>
    <SettingRow kind="config" subject={subject} />
    <SettingRow kind="mode" subject={subject} />
  </section>
)
