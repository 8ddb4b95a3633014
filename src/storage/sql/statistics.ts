/**
 * Keeps PostgreSQL's statistics current where nothing else does. PGlite runs no autovacuum (and a
 * PostgreSQL server may have it turned off, as the one this was measured on did), so the
 * plans it cached while the tables were small (the foreign-key checks of every insert: sequential
 * scans) stayed for the life of the process, and each registration scanned its tables: ~7 ms an
 * insert at 20,000 rows against 0.05 ms (bench/README.md, 100k). An ANALYZE gives the planner the
 * tables' real size and drops the cached plans. Run whenever the write transactions since start double
 * (1, 2, 4, 8, ...): a few dozen over a registry's growth, each in the background, the early ones on
 * tiny tables; a transaction of many rows (a copy, a seed) doubles the rows as well.
 */
export const analyzeAsTablesGrow = (analyze: () => Promise<unknown>, first = 1) => {
  let writes = 0
  let next = first
  return {
    /** One committed write transaction. */
    wrote() {
      if (++writes < next) return
      next *= 2
      // statistics only: a failure leaves the old plans, and the next doubling tries again
      void analyze().catch(() => undefined)
    },
  }
}
