/** Resident memory of the embedded store's steps on a fresh directory: open (created in a worker), migrate, reopen. */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { MIGRATIONS_DIR } from '../../src/composition.js'
import { createEmbeddedEngine } from '../../src/storage/sql/engines.js'
import { migrate } from '../../src/storage/sql/migrate.js'

const rss = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`
const main = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'embedded-rss-'))
  console.log('start', rss())
  const engine = await createEmbeddedEngine(dir)
  console.log('opened (fresh)', rss())
  await migrate(engine.db, MIGRATIONS_DIR)
  console.log('migrated', rss())
  await engine.db.destroy()
  const again = await createEmbeddedEngine(dir)
  console.log('reopened', rss())
  await again.db.destroy()
}
void main()
