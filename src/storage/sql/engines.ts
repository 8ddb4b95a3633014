import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'

export interface Engine {
  db: Kysely<Database>
  /** PGlite has one connection: every use must be serialized by the store. */
  singleConnection: boolean
  /**
   * Opens a dedicated connection that LISTENs on `channel` (PostgreSQL only: other instances share the
   * database). `onLost` is called when that connection fails; the caller reconnects.
   */
  listen?: (channel: string, onMessage: (payload: string) => void, onLost: (err: unknown) => void) => Promise<() => Promise<void>>
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
  const listen: Engine['listen'] = async (channel, onMessage, onLost) => {
    const client = new pg.Client({ connectionString })
    client.on('error', onLost)
    client.on('end', () => onLost(new Error('LISTEN connection ended')))
    client.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''))
    await client.connect()
    await client.query(`LISTEN ${channel}`)
    return async () => {
      client.removeAllListeners('end')
      client.removeAllListeners('error')
      client.on('error', () => {})
      await client.end()
    }
  }
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), singleConnection: false, listen }
}
