import type { NewSchema, RegistryStore } from '../../../src/storage/registry-store.js'
import type { LoggedEvent } from '../../support/stores.js'

/** What a contract run needs from an implementation. */
export interface StoreFixture {
  store: RegistryStore
  /** Another instance on the same database, as a second server would open it (PostgreSQL only); `dispose` closes it. */
  openPeer?: () => Promise<RegistryStore>
  /** The audit log's newest rows, newest first: read from the table, every row and its `detail` (the port's `auditEvents` lists audit rows only). */
  recentEvents: (limit: number) => Promise<LoggedEvent[]>
  dispose(): Promise<void>
}

/** The store of the running contract; sections read it lazily because it opens in `beforeAll`. */
export interface ContractContext {
  readonly store: RegistryStore
  readonly fixture: StoreFixture
  /** Opens a fixture of its own, for tests that must not disturb the shared store (closing it). */
  open(): Promise<StoreFixture>
}

let seq = 0
/** A name no other test of the run uses: the tests of one contract share a store. */
export const unique = (prefix: string): string => `${prefix}-${++seq}`

export const content = (hash: string, over: Partial<NewSchema> = {}): NewSchema => ({
  context: '.',
  schemaType: 'AVRO',
  schema: JSON.stringify(hash),
  contentHash: hash,
  guid: `guid-${hash}`,
  references: [],
  metadata: null,
  ruleSet: null,
  ...over,
})

/** Registers content as a version of a subject, creating both as needed; returns the schema id. */
export const register = (store: RegistryStore, at: { context?: string; subject: string; version: number }, schema: NewSchema): Promise<number> =>
  store.transaction(async (tx) => {
    const context = at.context ?? schema.context
    const id = await tx.insertSchema(schema)
    await tx.touchSubject(context, at.subject)
    await tx.insertVersion({ context, subject: at.subject, version: at.version, schemaId: id })
    return id
  })

/** Polls until `check` holds: for what another instance learns asynchronously. */
export const eventually = async (check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> => {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
