import { createCachedStore, type CacheOptions } from '../../src/storage/cached-store.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { engines, openTestStore } from '../support/stores.js'
import { readingInTransactions } from './contract/in-transactions.js'
import { describeRegistryStore } from './registry-store.contract.js'

// Long enough that only invalidation, never age, makes the cache read again during a run.
const CACHE: CacheOptions = { schemaBytes: 1 << 20, mutableBytes: 8 << 20, maxAgeMs: 60_000 }

const fixture = (engine: ReturnType<typeof engines>[number], wrap: (s: RegistryStore) => RegistryStore) => async () => {
  const t = await openTestStore(engine)
  const openPeer = t.openPeer
  return {
    store: wrap(t.store),
    openPeer: openPeer && (async () => wrap(await openPeer())),
    recentEvents: t.store.recentEvents,
    dispose: () => t.dispose(),
  }
}

for (const engine of engines()) {
  describeRegistryStore(
    engine,
    fixture(engine, (s) => s),
  )
  describeRegistryStore(
    `${engine} behind the cache`,
    fixture(engine, (s) => createCachedStore(s, CACHE)),
  )
  describeRegistryStore(`${engine}, reading inside transactions`, fixture(engine, readingInTransactions))
}
