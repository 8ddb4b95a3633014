import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'

export interface Engine {
  db: Kysely<Database>
  /** PGlite has one connection: every use must be serialized by the store. */
  singleConnection: boolean
}

/** PGlite persisted in `dataDir`, or in memory when `dataDir` is undefined (tests). */
export const createEmbeddedEngine = async (dataDir: string | undefined): Promise<Engine> => {
  if (dataDir) await mkdir(dataDir, { recursive: true })
  const pglite = new PGlite(dataDir)
  await pglite.waitReady
  return { db: new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) }), singleConnection: true }
}

export const createPostgresEngine = (connectionString: string, poolSize = 10): Engine => {
  const pool = new pg.Pool({ connectionString, max: poolSize })
  // An idle client's error (a server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), singleConnection: false }
}
