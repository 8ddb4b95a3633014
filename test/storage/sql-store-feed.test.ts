import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR } from '../../src/composition.js'
import type { StoreChange } from '../../src/storage/registry-store.js'
import { createEmbeddedEngine, type Engine } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'
import { createSqlStore } from '../../src/storage/sql/sql-store.js'
import { eventually, pause } from './contract/fixtures.js'

type Feed = { onMessage: (payload: string) => void; onLost: (err: unknown) => void }

/**
 * The feed of other instances' writes, through a fake `listen` on a real PGlite engine (engines.ts
 * takes it injected): lost connections and stray notices cannot be provoked on a shared PostgreSQL
 * without disturbing every other registry listening there.
 */
const openWithFeed = async (opts: { failFirst?: boolean; holdSecond?: Promise<void> } = {}) => {
  const feeds: Feed[] = []
  let attempts = 0
  let stopped = 0
  const listen: NonNullable<Engine['listen']> = async (_channel, onMessage, onLost) => {
    const attempt = ++attempts
    if (attempt === 1 && opts.failFirst) {
      // as pg does when a connect fails: the connection ends, and the connect rejects
      onLost(new Error('connection ended'))
      throw new Error('connection refused')
    }
    // a connection that takes its time, as a reconnect to a busy server does
    if (attempt === 2 && opts.holdSecond) await opts.holdSecond
    feeds.push({ onMessage, onLost })
    return async () => void stopped++
  }
  const engine = await createEmbeddedEngine(undefined)
  await migrate(engine.db, MIGRATIONS_DIR)
  const store = await createSqlStore({ ...engine, listen })
  const seen: StoreChange[] = []
  store.onChange((c) => seen.push(c))
  return { store, feeds, seen, attempts: () => attempts, stopped: () => stopped }
}

const notice = (over: Record<string, unknown> = {}) => JSON.stringify({ origin: 'another-instance', schema: 'public', contentChanged: false, ...over })

describe("SQL store: the feed of other instances' writes", () => {
  let t: Awaited<ReturnType<typeof openWithFeed>>
  beforeAll(async () => {
    t = await openWithFeed()
  })
  afterAll(() => t.store.close())
  beforeEach(() => {
    t.seen.length = 0
  })
  const feed = () => t.feeds.at(-1)!

  it('passes on a notice from another instance of the same schema', () => {
    feed().onMessage(notice({ contentChanged: true }))
    feed().onMessage(notice())
    expect(t.seen).toEqual([{ contentChanged: true }, { contentChanged: false }])
  })

  it('ignores notices of registries in other schemas, or that name none, and payloads that are not notices', () => {
    for (const payload of [notice({ schema: 'elsewhere' }), notice({ schema: undefined }), 'not json', 'null', '{"origin":1}', notice({ contentChanged: 'yes' })]) {
      expect(() => feed().onMessage(payload)).not.toThrow()
    }
    expect(t.seen).toEqual([])
  })

  it('still commits and notifies its own listeners while announcing on the channel', async () => {
    await t.store.transaction((tx) => tx.touchSubject('.', 'announced'))
    expect(t.seen).toEqual([{ contentChanged: false, registrations: { ids: [], subjects: [] } }])
    expect(await t.store.subject('.', 'announced')).toBeDefined()
  })

  it('reports that anything may have changed when the feed is lost and again when it is back (what was cached meanwhile heard nothing), and listens again', async () => {
    const lost = feed()
    lost.onLost(new Error('connection reset'))
    expect(t.seen).toEqual([{ contentChanged: true }])
    await eventually(() => feed() !== lost)
    expect(t.seen).toEqual([{ contentChanged: true }, { contentChanged: true }])
    feed().onMessage(notice())
    expect(t.seen).toEqual([{ contentChanged: true }, { contentChanged: true }, { contentChanged: false }])
  })

  it('reconnects once when a lost connection reports both an error and its end', async () => {
    const t = await openWithFeed()
    try {
      const lost = t.feeds[0]!
      lost.onLost(new Error('connection reset'))
      lost.onLost(new Error('LISTEN connection ended'))
      await eventually(() => t.attempts() >= 2)
      // two reconnects would leave one connection nobody closes, and double at every later loss
      await pause(1500)
      expect(t.attempts()).toBe(2)
      // one for the loss, one for the return
      expect(t.seen).toEqual([{ contentChanged: true }, { contentChanged: true }])
    } finally {
      await t.store.close()
    }
    expect(t.stopped()).toBe(1)
  })

  it('stops a feed that finishes connecting after the store was closed', async () => {
    let connected!: () => void
    const t = await openWithFeed({ holdSecond: new Promise<void>((r) => (connected = r)) })
    t.feeds[0]!.onLost(new Error('connection reset'))
    await eventually(() => t.attempts() === 2)
    await t.store.close()
    connected()
    // a feed left open would keep the process alive and hear writes for a closed store
    await eventually(() => t.stopped() === 1)
  })

  it('opens even when the feed cannot be opened, and keeps trying; its first connection counts as a change', async () => {
    const failing = await openWithFeed({ failFirst: true })
    try {
      expect(failing.feeds).toEqual([])
      await eventually(() => failing.feeds.length === 1)
      await pause(1500)
      expect(failing.attempts()).toBe(2)
      // reads cached before it connected heard no notice
      expect(failing.seen).toEqual([{ contentChanged: true }])
    } finally {
      await failing.store.close()
    }
  })
})
