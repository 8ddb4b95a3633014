/** Where one data set lives: a PGlite directory or a PostgreSQL database of its own, made fresh and dropped after. */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export interface Place {
  /** The registry's environment: DATA_DIR, DATABASE_URL on PostgreSQL, and `env` as given. */
  env: Record<string, string>
  store: { dataDir?: string; databaseUrl?: string }
  drop(): Promise<void>
}

/** `pgUrl`: a role that may create databases; `env` is added to the registry's environment. */
export const newPlace = async (engine: string, tag: string, pgUrl: string, env: Record<string, string> = {}): Promise<Place> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), `bench-${tag}-`))
  if (engine === 'pglite') {
    return { env: { DATA_DIR: dir, ...env }, store: { dataDir: dir }, drop: () => rm(dir, { recursive: true, force: true }) }
  }
  const name = `bench_${process.pid}_${tag.replace(/\W/g, '_')}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  await admin.query(`drop database if exists ${name}`)
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(pgUrl)
  url.pathname = `/${name}`
  return {
    env: { DATA_DIR: dir, DATABASE_URL: url.toString(), ...env },
    store: { databaseUrl: url.toString() },
    drop: async () => {
      await rm(dir, { recursive: true, force: true })
      const c = new pg.Client({ connectionString: pgUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}
