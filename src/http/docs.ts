import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import swagger, { type StaticDocumentSpec } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { parse } from 'yaml'

/**
 * Serves the hand-written contract (`openapi.yaml`) and Swagger UI at `/docs`. The contract is parsed
 * on the first request under `/docs`, not at start-up: parsing its 220 KB of YAML took a quarter of a
 * second of every restart (bench/README.md) for a page few instances ever serve.
 */
export const installDocs = async (app: FastifyInstance, openapiPath: string) => {
  // a missing contract still stops start-up, as when it was parsed here
  if (!existsSync(openapiPath)) throw new Error(`${openapiPath} does not exist`)
  // @fastify/swagger hands out this very object (and caches its YAML rendering on first use): it is
  // filled in before any /docs handler can ask for it
  const document = {} as StaticDocumentSpec['document']
  let loading: Promise<void> | undefined
  const load = async () => {
    Object.assign(document, parse(await readFile(openapiPath, 'utf8')) as Record<string, unknown>)
  }
  await app.register(swagger, { mode: 'static', specification: { document } })
  // a context of their own, so that the hook runs for the docs' routes only, never on the API's
  await app.register(async (docs) => {
    docs.addHook('onRequest', async () => {
      loading ??= load().catch((e: unknown) => {
        loading = undefined // the next request tries again
        throw e
      })
      await loading
    })
    await docs.register(swaggerUi, { routePrefix: '/docs' })
  })
}
