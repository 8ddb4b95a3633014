import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { composeServer, openStore } from '../../src/composition.js'
import type { RegistryStore } from '../../src/storage/registry-store.js'
import { checkContract } from './contract-check.js'
import { openTestStore, type TestStore } from './stores.js'

export interface TwoInstances {
  /** The test store's PostgreSQL schema, which both instances share; `a` serves it. */
  shared: TestStore
  a: FastifyInstance
  /** A second instance over a store of its own on the same schema, as another process would be. */
  b: FastifyInstance
}

/**
 * Two registries on one PostgreSQL schema, for the `describe` it is called in (skip that describe
 * without TEST_DATABASE_URL). `deafSecond`: `b` hears no change at all, not even its own, so its
 * cache keeps whatever it read first (what a missed notification would leave).
 */
export const twoInstancesOnPostgres = (opts: { deafSecond?: boolean } = {}): TwoInstances => {
  const parts = {} as TwoInstances
  let second: RegistryStore | undefined
  beforeAll(async () => {
    parts.shared = await openTestStore('postgres')
    second = await openStore({ databaseUrl: parts.shared.databaseUrl })
    const store = opts.deafSecond ? { ...second, onChange: () => undefined } : second
    parts.a = checkContract((await composeServer({ store: parts.shared.store })).app)
    parts.b = checkContract((await composeServer({ store })).app)
  })
  afterAll(async () => {
    await parts.a?.close()
    await parts.b?.close()
    await second?.close()
    await parts.shared?.dispose()
  })
  return parts
}
