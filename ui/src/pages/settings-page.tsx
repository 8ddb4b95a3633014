import { SettingsPanel } from '../settings-panel'

export const SettingsPage = () => (
  <>
    <h1 tabIndex={-1}>Global settings</h1>
    <p class="muted">The compatibility level and mode of every subject that sets none of its own. Subjects show their own on their page.</p>
    <SettingsPanel />
  </>
)
