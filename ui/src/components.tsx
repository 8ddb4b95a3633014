import type { ComponentChildren } from 'preact'
import { ApiError } from './api'
import { highlighted } from './highlight'
import { hrefOf } from './router'
import { readableMessages } from './schema-text'
import { useSession } from './state'

/** An API error as a sentence; a refusal says what to do about it. */
export const ErrorNote = ({ error }: { error: unknown }) => {
  const { route, credentials } = useSession()
  if (error instanceof ApiError && error.status === 401)
    return (
      <p class="note warn" role="status">
        This needs credentials{credentials ? ' (the ones given were not accepted)' : ''}. <a href={hrefOf({ page: 'sign-in', next: hrefOf(route) })}>Sign in</a>
      </p>
    )
  if (error instanceof ApiError && error.status === 403)
    return (
      <p class="note warn" role="status">
        Your credentials do not allow this: {error.message}
      </p>
    )
  const text = error instanceof Error ? error.message : String(error)
  return (
    <p class="note error" role="alert">
      {text}
    </p>
  )
}

export const Loading = ({ what }: { what: string }) => (
  <p class="muted" role="status" aria-live="polite">
    Loading {what}…
  </p>
)

export const SchemaView = ({ text, schemaType, label }: { text: string; schemaType?: string; label: string }) => (
  <pre class="schema hljs" tabIndex={0} aria-label={label}>
    <code dangerouslySetInnerHTML={{ __html: highlighted(text, schemaType) }} />
  </pre>
)

/** The checker's answer: compatible or not, with its findings. */
export const Verdict = ({ compatible, messages, level }: { compatible: boolean; messages?: readonly string[]; level?: string }) => {
  const lines = readableMessages(messages ?? [])
  return (
    <section class={`verdict ${compatible ? 'ok' : 'bad'}`} aria-live="polite" data-testid="verdict">
      <h3>
        {compatible ? 'Compatible' : 'Incompatible'}
        {level ? ` (${level})` : ''}
      </h3>
      {lines.length > 0 && (
        <ul class="messages">
          {lines.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** A control the API refused: shown disabled with the reason instead of failing again. */
export const Refusable = ({ reason, children }: { reason?: string; children: ComponentChildren }) => (
  <>
    {children}
    {reason && (
      <p class="note muted" role="note">
        {reason}
      </p>
    )}
  </>
)
