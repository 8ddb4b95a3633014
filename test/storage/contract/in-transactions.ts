import type { RegistryStore, StoreReader } from '../../../src/storage/registry-store.js'

const READS = [
  'schemaById',
  'schemasByGuid',
  'maxSchemaId',
  'versions',
  'version',
  'versionsWithContent',
  'subject',
  'listSubjects',
  'registrations',
  'referrers',
  'config',
  'mode',
  'settings',
  'contexts',
  'subjectClaim',
  'stagedSchemas',
] as const satisfies readonly (keyof StoreReader)[]

// A reader method missing from READS would go untested inside transactions: make that a type error.
type Unlisted = Exclude<keyof StoreReader, (typeof READS)[number]>
const everyReadListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyReadListed

/**
 * The store with every read made through a transaction's writer, which the port promises reads the
 * same: running the contract over it tests the reads of `StoreWriter`.
 */
export const readingInTransactions = (store: RegistryStore): RegistryStore => {
  const reads = Object.fromEntries(
    READS.map((name) => [name, (...args: unknown[]) => store.transaction((tx) => (tx[name] as (...a: unknown[]) => Promise<unknown>)(...args))]),
  ) as unknown as StoreReader
  return {
    ...reads,
    exclusive: store.exclusive,
    schemaWithRegistrations: (context, id) => store.schemaWithRegistrations(context, id),
    transaction: (fn) => store.transaction(fn),
    onChange: (listener) => store.onChange(listener),
    recordEvent: (event) => store.recordEvent(event),
    auditEvents: (query) => store.auditEvents(query),
    changeEvents: (query) => store.changeEvents(query),
    ping: () => store.ping(),
    close: () => store.close(),
  }
}
