import { parse, type PGlite, protocol, type Results, type Transaction } from '@electric-sql/pglite'
import { type CompiledQuery, type DatabaseConnection, type Driver, PGliteDialect, type QueryResult } from 'kysely'

/**
 * Kysely's PGlite driver sends every statement as PGlite's `query` does: an unnamed statement parsed,
 * described and planned again each time, in six calls into the WebAssembly module. About half of a
 * write statement's cost was that (docs/ARCHITECTURE.md §5, "The stores"). This driver parses each statement text the
 * registry runs once, as a named prepared statement, and then sends only Bind, Execute and Sync, in
 * one call: an insert went from ~300 to ~110 µs, a keyed select from ~210 to ~60.
 *
 * Only data statements are prepared; anything else (DDL, ANALYZE, SET) goes through PGlite's own
 * `query` and forgets every prepared statement, since a changed table may change a statement's result.
 */
const { serialize } = protocol
type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number]

interface Prepared {
  name: string
  paramTypes: number[]
  /** the statement's row description (text format), absent for one that returns no rows */
  rows?: BackendMessage
}

// Kysely builds a bounded set of texts, but lists of varying length (`in ($1, $2, …)`) are each a text
export const MAX_PREPARED = 500
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i

const kyselyResult = <R>({ affectedRows, rows }: Results<R>): QueryResult<R> => ({
  numAffectedRows: affectedRows != null ? BigInt(affectedRows) : undefined,
  rows,
})

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

class PreparingConnection implements DatabaseConnection {
  private readonly prepared = new Map<string, Prepared>()
  /** statements evicted from `prepared`, closed with the next request to the backend */
  private closing: string[] = []
  private seq = 0
  private transaction?: { tx: Transaction; commit: () => void; rollback: (e: unknown) => void; done: Promise<void> }

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters as unknown[]
    if (!PREPARABLE.test(compiled.sql)) {
      const result = await (this.transaction?.tx ?? this.pglite).query<R>(compiled.sql, params, { rowMode: 'object' })
      this.forgetPrepared()
      return kyselyResult(result)
    }
    const result = await this.pglite.runExclusive(() => this.run(compiled.sql, params))
    // what PGlite's own query does after a statement outside a transaction (a no-op on disk and memory)
    if (!this.transaction) await this.pglite.syncToFs()
    return kyselyResult(result as Results<R>)
  }

  private async run(text: string, params: unknown[]) {
    const statement = this.prepared.get(text) ?? (await this.prepare(text))
    // most recently used last: the map's first entry is the one to evict
    this.prepared.delete(text)
    this.prepared.set(text, statement)
    const values = params.map((value, i) => {
      if (value == null) return null
      const serializer = this.pglite.serializers[statement.paramTypes[i]!]
      return serializer ? serializer(value) : String(value)
    })
    const { messages } = await this.pglite.execProtocol(concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]), {
      syncToFs: false,
    })
    return parse.parseResults(statement.rows ? [statement.rows, ...messages] : messages, this.pglite.parsers)[0]!
  }

  private async prepare(text: string): Promise<Prepared> {
    const name = `k${this.seq++}`
    if (this.prepared.size >= MAX_PREPARED) {
      const [oldest, evicted] = this.prepared.entries().next().value!
      this.prepared.delete(oldest)
      this.closing.push(evicted.name)
    }
    const closes = this.closing.map((old) => serialize.close({ type: 'S', name: old }))
    this.closing = []
    const { messages } = await this.pglite.execProtocol(concat([...closes, serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]), {
      syncToFs: false,
    })
    return { name, paramTypes: parse.parseDescribeStatementResults(messages), rows: messages.find((m) => m.name === 'rowDescription') }
  }

  private forgetPrepared() {
    for (const statement of this.prepared.values()) this.closing.push(statement.name)
    this.prepared.clear()
  }

  streamQuery(): AsyncIterableIterator<never> {
    throw new Error('Streaming is not supported by PGlite.')
  }

  /** PGlite's own transaction: it holds PGlite's transaction lock and sends BEGIN, COMMIT or ROLLBACK */
  async begin() {
    let began!: () => void
    const ready = new Promise<void>((resolve) => (began = resolve))
    let commit!: () => void
    let rollback!: (e: unknown) => void
    const ended = new Promise<void>((resolve, reject) => ((commit = resolve), (rollback = reject)))
    const done = this.pglite.transaction(async (tx) => {
      this.transaction = { tx, commit, rollback, done }
      began()
      await ended
    })
    // a failed BEGIN rejects `done` before `ready` resolves
    await Promise.race([ready, done])
  }

  async end(commit: boolean) {
    const transaction = this.transaction
    if (!transaction) return
    if (commit) transaction.commit()
    else transaction.rollback(new Error('rolled back'))
    try {
      await (commit ? transaction.done : transaction.done.catch(() => undefined))
    } finally {
      this.transaction = undefined
    }
  }
}

class PreparingDriver implements Driver {
  private connection?: PreparingConnection

  constructor(private readonly pglite: PGlite) {}

  async init() {
    await this.pglite.waitReady
    this.connection = new PreparingConnection(this.pglite)
  }
  async acquireConnection() {
    return this.connection!
  }
  async beginTransaction(connection: DatabaseConnection) {
    await (connection as PreparingConnection).begin()
  }
  async commitTransaction(connection: DatabaseConnection) {
    await (connection as PreparingConnection).end(true)
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as PreparingConnection).end(false)
  }
  async releaseConnection() {}
  async destroy() {
    if (!this.pglite.closed) await this.pglite.close()
  }
}

/** Kysely's PGlite dialect (compiler, adapter, introspector) with the preparing driver. */
export class PreparingPGliteDialect extends PGliteDialect {
  constructor(private readonly pglite: PGlite) {
    super({ pglite })
  }
  override createDriver(): Driver {
    return new PreparingDriver(this.pglite)
  }
}
