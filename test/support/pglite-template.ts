import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { MIGRATIONS_DIR } from '../../src/composition.js'
import { dumpEmbedded } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'

/**
 * Vitest's global setup: one migrated PGlite database image for the whole run, in a temporary file
 * that every test file's in-memory stores load (test/support/stores.ts). Creating the database files
 * (initdb) took seconds per store, for hundreds of stores; loading the image takes a fraction.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pglite-template-'))
  const file = path.join(dir, 'migrated.tar')
  const image = await dumpEmbedded((db) => migrate(db, MIGRATIONS_DIR))
  await writeFile(file, Buffer.from(await image.arrayBuffer()))
  // forks start after the global setup, with this environment
  process.env.TEST_PGLITE_TEMPLATE = file
  return () => rm(dir, { recursive: true, force: true })
}
