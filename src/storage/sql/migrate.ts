import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration'

/**
 * Plain SQL files in `db/migrations/`, applied in file-name order. PGlite's extended protocol runs one
 * statement per query, so a file is split into statements at `;` ending a line (no migration uses
 * semicolons inside bodies).
 */
class SqlFileProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith('.sql')).sort()
    const out: Record<string, Migration> = {}
    for (const file of files) {
      const text = await readFile(path.join(this.dir, file), 'utf8')
      const statements = splitStatements(text)
      out[file.replace(/\.sql$/, '')] = {
        async up(db: Kysely<unknown>) {
          for (const statement of statements) await sql.raw(statement).execute(db)
        },
      }
    }
    return out
  }
}

export const splitStatements = (text: string): string[] =>
  text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0)

/**
 * Whether the database has applied exactly the migrations in `dir`, asked in one query: a restart
 * then skips the Migrator's dozen statements (its tables, its lock, its bookkeeping). Anything else
 * (a new database, a pending migration, one applied that the files lack) goes through the Migrator,
 * which applies or refuses as before.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as migrate's
const upToDate = async (db: Kysely<any>, dir: string, schema: string): Promise<boolean> => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''))
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db)
    const applied = new Set(rows.map((r) => r.name))
    return applied.size === files.length && files.every((f) => applied.has(f))
  } catch {
    return false // no bookkeeping table yet: a new database
  }
}

/**
 * Applies pending migrations; Kysely's lock table keeps concurrent start-ups safe. Its bookkeeping
 * tables go into the connection's current schema explicitly: otherwise Kysely finds another schema's
 * tables on the search of the catalog and skips creating its own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's documented type for migrations: they run on any database shape
export const migrate = async (db: Kysely<any>, dir: string): Promise<void> => {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  const schema = rows[0]?.schema ?? 'public'
  if (await upToDate(db, dir, schema)) return
  const migrator = new Migrator({ db, provider: new SqlFileProvider(dir), migrationTableSchema: schema })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`)
  }
}
