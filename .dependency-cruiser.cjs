// Layer rules from ARCHITECTURE.md: imports point down only. Run with `npm run lint:layers`.
//
//   main.ts ─ composition.ts ─ app.ts ─ http/ ─ services/ ─┬─ formats/ ─┐
//                                                          ├─ storage/ (port registry-store.ts)
//                                                          ├─ blobs/   (port: top-level files)
//                                                          └──────────┴─ domain/ ─ errors/
//
// composition.ts and main.ts alone import implementations (storage/sql/**, blobs/<impl>/**).
// Type-only imports count too (tsPreCompilationDeps): a type is a dependency on the layer that owns it.
// There are no known violations: any upward import fails CI.

/** `from` may import only files in its own folder and in `allowed` (path regexes) among src/. */
const downOnly = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: '^src/', pathNot: [from, ...allowed] },
})

const DOMAIN = '^src/domain/'
const ERRORS = '^src/errors/'
const FORMATS = '^src/formats/'
const STORAGE_PORT = '^src/storage/(registry-store|store-events)\\.ts$'
// The blob store (coming): the port is a file directly in src/blobs/, implementations sit in subfolders (gcs/, fs/).
const BLOBS_PORT = '^src/blobs/[^/]+\\.ts$'
const SERVICES = '^src/services/'
// authentication and grants (docs/EXTENSIONS.md §3): the file, credentials, who may do what; the edge enforces it
const AUTH = '^src/auth/'
const HTTP = '^src/http/'
const ENTRY_POINTS = '^src/(composition|main)\\.ts$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    downOnly('errors-import-nothing-internal', ERRORS, [], 'src/errors (the catalogue) is the bottom layer: it imports nothing internal (docs/decisions/0010).'),
    downOnly('domain-imports-only-errors', DOMAIN, [ERRORS], 'src/domain holds plain types and rules; its validators throw catalogue errors, nothing else internal.'),
    downOnly('formats-import-only-domain-errors', FORMATS, [DOMAIN, ERRORS], 'src/formats may import domain and errors only.'),
    downOnly('storage-imports-only-domain-errors', '^src/storage/', [DOMAIN, ERRORS], 'src/storage (port and sql/) may import domain and errors only.'),
    downOnly('auth-imports-only-domain-errors', AUTH, [DOMAIN, ERRORS], 'src/auth (AUTH_FILE, credentials, grants) may import domain and errors only.'),
    downOnly('blobs-import-only-domain-errors', '^src/blobs/', [DOMAIN, ERRORS], 'src/blobs (port and implementations) may import domain and errors only.'),
    downOnly(
      'services-import-down-only',
      SERVICES,
      [DOMAIN, ERRORS, FORMATS, STORAGE_PORT, BLOBS_PORT],
      'src/services may import domain, errors, formats and the ports (storage/registry-store.ts and store-events.ts, blobs/*.ts), never an implementation.',
    ),
    downOnly(
      'http-imports-down-only',
      HTTP,
      [SERVICES, AUTH, ERRORS, DOMAIN],
      'src/http may import services, auth, errors and domain: results come from services, never straight from storage or formats.',
    ),
    downOnly(
      'app-imports-down-only',
      '^src/app\\.ts$',
      [HTTP, SERVICES, AUTH, ERRORS, DOMAIN],
      'app.ts builds the Fastify app from ready dependencies: http and below, no implementations, no config.',
    ),
    downOnly('config-imports-only-domain-errors', '^src/config\\.ts$', [DOMAIN, ERRORS], 'config.ts parses the environment: domain and errors only.'),
    {
      name: 'implementations-only-from-composition',
      comment: 'Only composition.ts and main.ts pick implementations (storage/sql/**, blobs/<impl>/**).',
      severity: 'error',
      from: { path: '^src/', pathNot: [ENTRY_POINTS, '^src/storage/sql/'] },
      to: { path: '^src/storage/sql/' },
    },
    {
      name: 'blob-implementations-only-from-composition',
      comment: 'Only composition.ts, main.ts and the command line pick a blob store implementation (a subfolder of src/blobs/).',
      severity: 'error',
      from: { path: '^src/', pathNot: [ENTRY_POINTS, '^src/blobs/[^/]+/', '^src/cli/'] },
      to: { path: '^src/blobs/[^/]+/' },
    },
    {
      name: 'entry-points-imported-by-nothing',
      comment: 'main.ts is the process entry; composition.ts is imported by main.ts alone.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: ENTRY_POINTS },
    },
    downOnly(
      'cli-imports-only-cli',
      '^src/cli/',
      ['^src/blobs/', '^src/auth/passwords\\.ts$', ERRORS],
      'src/cli (the command line, a top-level entry like main.ts) talks to registries over HTTP only; it reads versioned files (--from-files) through the blob stores, hashes passwords as the server checks them, and imports nothing else in src/.',
    ),
    downOnly(
      'client-imports-only-client',
      '^src/client/',
      [],
      'src/client (openschema-registry/client, docs/EXTENSIONS.md §11) ships to applications: it imports nothing else in src/, only its format libraries and Node built-ins.',
    ),
    {
      name: 'server-never-imports-client',
      comment: 'The client is a separate product on top of the HTTP API: no server file imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/client/' },
      to: { path: '^src/client/' },
    },
    {
      name: 'dialects-independent',
      comment: 'src/http/dialects/<a>/ must not import src/http/dialects/<b>/: shared code goes up into src/http/.',
      severity: 'error',
      from: { path: '^src/http/dialects/([^/]+)/' },
      to: { path: '^src/http/dialects/[^/]+/', pathNot: '^src/http/dialects/$1/' },
    },
  ],
  options: {
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
}
