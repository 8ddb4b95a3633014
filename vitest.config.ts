import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file builds its own app and store; PGlite start-up is the slow part, so run files in parallel.
    pool: 'forks',
    // one migrated PGlite image for the run: in-memory stores load it instead of running initdb
    globalSetup: ['test/support/pglite-template.ts'],
  },
})
