import { describe, expect, it } from 'vitest'
import { registrationKey, type RegistryStore, type StoreChange } from '../../../src/storage/registry-store.js'
import { content, eventually, pause, register, unique, type ContractContext } from './fixtures.js'

const recorder = (store: RegistryStore) => {
  const seen: StoreChange[] = []
  store.onChange((change) => seen.push(change))
  return seen
}

/** onChange: this instance's commits, and (where the fixture can open one) another instance's. */
export const describeChanges = (c: ContractContext) =>
  describe('change notifications', () => {
    it('notifies every listener of a committed write before transaction returns', async () => {
      const [a, b] = [recorder(c.store), recorder(c.store)]
      await c.store.transaction((tx) => tx.touchSubject('.', unique('chg')))
      // a local commit also says where registrations changed: nowhere, for a subject's row
      const none = { contentChanged: false, registrations: { ids: [], subjects: [] } }
      expect(a).toEqual([none])
      expect(b).toEqual([none])
    })

    it('notifies nobody of a transaction that rolled back or only read', async () => {
      const seen = recorder(c.store)
      await expect(
        c.store.transaction(async (tx) => {
          await tx.touchSubject('.', unique('chg-rolled'))
          throw new Error('boom')
        }),
      ).rejects.toBeDefined()
      await c.store.transaction(async (tx) => {
        await tx.lock('chg-read-only')
        return tx.versions('.', 'anything', true)
      })
      expect(seen).toEqual([])
    })

    it('says content changed when an id is bound by import or content is removed', async () => {
      const seen = recorder(c.store)
      const id = await c.store.transaction((tx) => tx.insertSchema(content(unique('h-chg'))))
      await c.store.transaction((tx) => tx.insertSchemaWithId(content(unique('h-chg-import'), { context: unique('.chg') }), 9))
      await c.store.transaction((tx) => tx.deleteSchemaIfUnused('.', id + 1_000_000))
      await c.store.transaction((tx) => tx.deleteSchemaIfUnused('.', id))
      expect(seen.map((s) => s.contentChanged)).toEqual([false, true, false, true])
    })

    it('reports a committed write as committed even when a listener throws, and still tells the others', async () => {
      let thrown = 0
      c.store.onChange(() => {
        // once only: the listener stays registered on the shared store
        if (thrown++ === 0) throw new Error('listener failed')
      })
      const after = recorder(c.store)
      const subject = unique('chg-throwing')
      await expect(
        c.store.transaction(async (tx) => {
          await tx.touchSubject('.', subject)
          return 'done'
        }),
      ).resolves.toBe('done')
      expect(thrown).toBe(1)
      expect(after).toEqual([{ contentChanged: false, registrations: { ids: [], subjects: [] } }])
      expect(await c.store.subject('.', subject)).toBeDefined()
    })

    it('answers ping while open and fails it with STORAGE_ERROR after close', async () => {
      const own = await c.open()
      try {
        await expect(own.store.ping()).resolves.toBeUndefined()
        await own.store.close()
        await expect(own.store.ping()).rejects.toMatchObject({ kind: 'STORAGE_ERROR' })
      } finally {
        await own.dispose()
      }
    })

    it('fails transactions after close, and hears no other instance any more', async () => {
      const own = await c.open()
      try {
        const peer = own.openPeer && (await own.openPeer())
        const seen = recorder(own.store)
        await own.store.close()
        await expect(own.store.transaction((tx) => tx.touchSubject('.', unique('chg-closed')))).rejects.toMatchObject({ kind: 'STORAGE_ERROR' })
        if (peer) {
          await peer.transaction((tx) => tx.touchSubject('.', unique('chg-after-close')))
          await pause(500)
        }
        expect(seen).toEqual([])
      } finally {
        await own.dispose()
      }
    })

    describe('across instances', () => {
      const peer = () => c.fixture.openPeer!()

      it('notifies another instance of a commit, which then reads the write', async (t) => {
        if (!c.fixture.openPeer) return t.skip()
        const other = await peer()
        const subject = unique('chg-peer')
        // read first, so that a cache would hold the old answer
        expect(await c.store.versions('.', subject, true)).toEqual([])
        const seen = recorder(c.store)
        const mine = recorder(other)
        const id = await register(other, { subject, version: 1 }, content(unique('h-chg-peer')))
        await eventually(() => seen.length > 0)
        // another instance's notice does not say where registrations changed: anywhere
        expect(seen).toEqual([{ contentChanged: false }])
        expect((await c.store.versions('.', subject, true)).map((v) => v.version)).toEqual([1])
        // the writer heard its own commit once, not once more through its own NOTIFY
        await pause(300)
        expect(mine).toEqual([{ contentChanged: false, registrations: { ids: [registrationKey('.', id)], subjects: [] } }])
      })

      it('tells another instance when content changed there', async (t) => {
        if (!c.fixture.openPeer) return t.skip()
        const other = await peer()
        const context = unique('.chg-peer')
        expect(await c.store.schemaById(context, 77)).toBeUndefined()
        const seen = recorder(c.store)
        await other.transaction((tx) => tx.insertSchemaWithId(content(unique('h-chg-peer-import'), { context }), 77))
        await eventually(() => seen.length > 0)
        expect(seen).toEqual([{ contentChanged: true }])
        expect((await c.store.schemaById(context, 77))?.id).toBe(77)
      })

      it('does not notify another instance of a rolled-back write', async (t) => {
        if (!c.fixture.openPeer) return t.skip()
        const other = await peer()
        const seen = recorder(c.store)
        await expect(
          other.transaction(async (tx) => {
            await tx.touchSubject('.', unique('chg-peer-rolled'))
            throw new Error('boom')
          }),
        ).rejects.toBeDefined()
        await other.transaction((tx) => tx.appendEvent({ action: 'chg.marker' }))
        await eventually(() => seen.length > 0)
        expect(seen).toHaveLength(1)
      })
    })
  })
