import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'
import { PreparingPGliteDialect } from './pglite-driver.js'

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

/**
 * PostgreSQL's settings for an embedded registry: reads are answered from the registry's own caches,
 * so PostgreSQL's buffers can be small. PGlite's defaults (128 MB of shared buffers) held about 290 MB
 * resident after opening a database; these about 160 MB.
 */
const EMBEDDED_SETTINGS: Record<string, string> = { shared_buffers: '16MB', work_mem: '2MB', maintenance_work_mem: '16MB', temp_buffers: '2MB' }
// as server options, which hold for a database in memory (tests) as well as one in a directory
const startParams = () => [...PGlite.defaultStartParams, ...Object.entries(EMBEDDED_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`])]

/**
 * Creates the database files in a worker thread that then exits: PGlite's initdb grows its
 * WebAssembly memory to some 700 MB and never gives it back, so a first start in the serving process
 * kept that for good. The serving process then opens the ready directory like any restart.
 */
const createDataDir = (dataDir: string) =>
  new Promise<void>((resolve, reject) => {
    const module = import.meta.resolve('@electric-sql/pglite')
    const code = `const { workerData } = require('node:worker_threads')
      import(workerData.module).then(async ({ PGlite }) => {
        const db = new PGlite(workerData.dataDir, { startParams: workerData.startParams })
        await db.waitReady
        await db.close()
      })`
    const worker = new Worker(code, { eval: true, workerData: { module, dataDir, startParams: startParams() } })
    worker.once('error', reject)
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dataDir} failed (worker exit ${code})`))))
  })

/**
 * PGlite persisted in `dataDir`, or in memory when `dataDir` is undefined (tests). A database in
 * memory starts from `template` when given (a `dumpEmbedded` image): loading one takes a fraction of
 * what creating the database files (initdb) takes.
 */
export const createEmbeddedEngine = async (dataDir: string | undefined, { template }: { template?: Blob } = {}): Promise<Engine> => {
  if (dataDir) {
    await mkdir(dataDir, { recursive: true })
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await createDataDir(dataDir)
  }
  // (PGlite ignores the options of `new PGlite(undefined, options)`: memory is named)
  const pglite = new PGlite(dataDir ?? 'memory://', { startParams: startParams(), ...(dataDir === undefined && template ? { loadDataDir: template } : {}) })
  await pglite.waitReady
  return { db: new Kysely<Database>({ dialect: new PreparingPGliteDialect(pglite) }), singleConnection: true }
}

/**
 * An image of a new database in memory after `prepare` (migrations): what `template` loads. The
 * test suite makes one per run instead of an initdb for each of its hundreds of stores.
 */
export const dumpEmbedded = async (prepare: (db: Kysely<Database>) => Promise<void>): Promise<Blob> => {
  const pglite = new PGlite('memory://', { startParams: startParams() })
  const db = new Kysely<Database>({ dialect: new PreparingPGliteDialect(pglite) })
  try {
    await prepare(db)
    return await pglite.dumpDataDir('none')
  } finally {
    await db.destroy()
  }
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
