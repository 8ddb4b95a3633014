import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoreChange } from '../../src/storage/registry-store.js'
import { openTestStore, type TestStore } from '../support/stores.js'
import { content, eventually } from './contract/fixtures.js'

// LISTEN/NOTIFY channels are per database, while a registry is one schema of it (as the tests' stores are).
describe.runIf(process.env.TEST_DATABASE_URL)('SQL store notifications on PostgreSQL', () => {
  let [mine, stranger]: TestStore[] = []
  beforeAll(async () => {
    ;[mine, stranger] = await Promise.all([openTestStore('postgres'), openTestStore('postgres')])
  })
  afterAll(async () => {
    await Promise.all([mine?.dispose(), stranger?.dispose()])
  })

  it('does not notify a store of writes to a registry in another schema of the same database', async () => {
    const seen: StoreChange[] = []
    mine!.store.onChange((c) => seen.push(c))
    const peer = await mine!.openPeer!()
    await stranger!.store.transaction((tx) => tx.insertSchemaWithId(content('h'), 5))
    // notifications arrive in commit order: once the peer's is heard, the stranger's would have been
    await peer.transaction((tx) => tx.appendEvent({ action: 'marker' }))
    await eventually(() => seen.length > 0)
    expect(seen).toEqual([{ contentChanged: false }])
  })
})
