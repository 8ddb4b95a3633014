import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS_DIR } from '../../src/composition.js'
import type { StoreChange } from '../../src/storage/registry-store.js'
import { createEmbeddedEngine, type Engine } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'
import { createSqlStore } from '../../src/storage/sql/sql-store.js'
import { eventually } from './contract/fixtures.js'

type Feed = { onMessage: (payload: string) => void; onLost: (err: unknown) => void }

/**
 * The feed of other instances' writes, through a fake `listen` on a real PGlite engine (engines.ts
 * takes it injected): lost connections and stray notices cannot be provoked on a shared PostgreSQL
 * without disturbing every other registry listening there.
 */
const openWithFeed = async (opts: { failFirst?: boolean } = {}) => {
  const feeds: Feed[] = []
  let attempts = 0
  const listen: NonNullable<Engine['listen']> = async (_channel, onMessage, onLost) => {
    if (++attempts === 1 && opts.failFirst) throw new Error('connection refused')
    feeds.push({ onMessage, onLost })
    return async () => undefined
  }
  const engine = await createEmbeddedEngine(undefined)
  await migrate(engine.db, MIGRATIONS_DIR)
  const store = await createSqlStore({ ...engine, listen })
  const seen: StoreChange[] = []
  store.onChange((c) => seen.push(c))
  return { store, feeds, seen, attempts: () => attempts }
}

const notice = (over: Record<string, unknown> = {}) => JSON.stringify({ origin: 'another-instance', schema: 'public', contentChanged: false, ...over })

describe('SQL store: the feed of other instances\' writes', () => {
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
    feed().onMessage(notice({ schema: undefined }))
    expect(t.seen).toEqual([{ contentChanged: true }, { contentChanged: false }])
  })

  it('ignores notices of registries in other schemas and payloads that are not notices', () => {
    for (const payload of [notice({ schema: 'elsewhere' }), 'not json', 'null', '{"origin":1}', notice({ contentChanged: 'yes' })]) {
      expect(() => feed().onMessage(payload)).not.toThrow()
    }
    expect(t.seen).toEqual([])
  })

  it('still commits and notifies its own listeners while announcing on the channel', async () => {
    await t.store.transaction((tx) => tx.touchSubject('.', 'announced'))
    expect(t.seen).toEqual([{ contentChanged: false }])
    expect(await t.store.subject('.', 'announced')).toBeDefined()
  })

  it('reports that anything may have changed when the feed is lost, and listens again', async () => {
    const lost = feed()
    lost.onLost(new Error('connection reset'))
    expect(t.seen).toEqual([{ contentChanged: true }])
    await eventually(() => feed() !== lost)
    feed().onMessage(notice())
    expect(t.seen).toEqual([{ contentChanged: true }, { contentChanged: false }])
  })

  it('opens even when the feed cannot be opened, and keeps trying', async () => {
    const failing = await openWithFeed({ failFirst: true })
    try {
      expect(failing.feeds).toEqual([])
      await eventually(() => failing.feeds.length === 1)
    } finally {
      await failing.store.close()
    }
  })
})
