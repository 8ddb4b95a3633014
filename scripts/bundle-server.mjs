// Bundles the server into dist/main.js (after tsc has compiled dist/): loading one file instead of
// some 700 modules (Kysely alone is ~300) takes about 0.7 s off every start (bench/README.md). The
// analysis worker gets a bundle of its own beside it, where the bundled analyzer looks for it.
// Packages that read files of their own at run time stay outside: PGlite (its WebAssembly and data),
// Swagger UI (its static files), pg (an optional native binding), the GCS client (loaded on first
// use), and tsx (development only).
import { build } from 'esbuild'

await build({
  entryPoints: { main: 'src/main.ts', 'analysis-worker': 'src/services/analysis/analysis-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@electric-sql/pglite', '@fastify/swagger-ui', '@google-cloud/storage', 'pg', 'pg-native', 'tsx'],
  // CommonJS packages inside an ES module bundle still call require()
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
})
