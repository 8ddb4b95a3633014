import type { Kysely } from 'kysely'
import { isRegistryError, RegistryError } from '../../errors/registry-error.js'
import type { RegistryStore, StoreReader, StoreWriter } from '../registry-store.js'
import type { Database } from './database.js'
import type { Engine } from './engines.js'
import { Mutex } from './mutex.js'
import { createSqlReader } from './sql-reader.js'
import { createSqlWriter } from './sql-writer.js'

// Driver errors never reach a client as such: they become STORAGE_ERROR, with the cause kept for logs.
const wrap = (e: unknown): never => {
  if (isRegistryError(e)) throw e
  throw new RegistryError('STORAGE_ERROR', 'Error in the backend data store', { cause: e })
}

/** Runs every read in the serializer (PGlite) or straight on the pool (PostgreSQL). */
const guardedReader = (reader: StoreReader, run: <T>(fn: () => Promise<T>) => Promise<T>): StoreReader =>
  Object.fromEntries(
    Object.entries(reader).map(([name, fn]) => [name, (...args: unknown[]) => run(() => (fn as (...a: unknown[]) => Promise<unknown>)(...args)).catch(wrap)]),
  ) as unknown as StoreReader

/** The one Kysely implementation of the store, on PGlite or PostgreSQL (see engines.ts). */
export const createSqlStore = (engine: Engine): RegistryStore => {
  const db: Kysely<Database> = engine.db
  const mutex = engine.singleConnection ? new Mutex() : undefined
  const run = <T>(fn: () => Promise<T>): Promise<T> => (mutex ? mutex.run(fn) : fn())
  return {
    ...guardedReader(createSqlReader(db), run),
    transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
      return run(() => db.transaction().execute((trx) => fn(createSqlWriter(trx)))).catch(wrap)
    },
    async close() {
      await run(() => db.destroy())
    },
  }
}
