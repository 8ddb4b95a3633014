import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Access } from '../access.js'

// static files carry no credentials: the console's own API calls do (docs/EXTENSIONS.md §12)
const PUBLIC: Access = { action: 'public' }
const TEXT = 'text/plain; charset=utf-8'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
}

/** A file under `root` named by the request's path, or undefined when it is not one (or leaves `root`). */
const fileUnder = async (root: string, relative: string): Promise<string | undefined> => {
  const file = path.resolve(root, `.${path.posix.sep}${relative}`)
  if (!file.startsWith(root + path.sep)) return undefined
  try {
    return (await stat(file)).isFile() ? file : undefined
  } catch {
    return undefined
  }
}

/**
 * The web console (docs/EXTENSIONS.md §12): the files `npm run build:ui` writes to `ui/dist`, at `/ui`.
 * Any other path under `/ui/` answers the console's page, so that a link to one of its pages works
 * (it routes with the URL's hash; the fallback keeps a mistyped or older link from being a dead end).
 * Not API operations: not counted in the API metrics (`ops`), not in openapi.yaml (like `/docs`).
 */
export const uiRoutes = async (app: FastifyInstance, { uiDir }: { uiDir: string }) => {
  const root = path.resolve(uiDir)
  const config = { ops: true, access: PUBLIC, ownContentType: TEXT }
  const send = async (reply: FastifyReply, relative: string) => {
    const file = (await fileUnder(root, relative)) ?? (await fileUnder(root, 'index.html'))
    if (!file) return reply.code(503).type(TEXT).send(`The web console is not built: run \`npm run build:ui\` (it writes ${root}).\n`)
    const ext = path.extname(file)
    // bundles carry a content hash in their names; the page itself must be asked for again each time
    reply.header('cache-control', relative.startsWith('assets/') && ext !== '.html' ? 'public, max-age=31536000, immutable' : 'no-cache')
    return reply.type(TYPES[ext] ?? 'application/octet-stream').send(await readFile(file))
  }
  app.get('/ui', { config }, async (_request, reply) => send(reply, 'index.html'))
  app.get('/ui/*', { config }, async (request, reply) => send(reply, (request.params as { '*': string })['*'] || 'index.html'))
}
