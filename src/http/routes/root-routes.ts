import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { typed, type RouteDeps } from './route-deps.js'

export const rootRoutes = async (app: FastifyInstance, { registry, version, commitId }: RouteDeps) => {
  const r = typed(app)
  r.get('/', async () => ({}))
  r.get('/v1/metadata/id', async () => ({ scope: { path: [], clusters: { 'schema-registry-cluster': 'schema-registry' } } }))
  r.get('/v1/metadata/version', async () => ({ version, commitId }))
  r.get('/schemas/types', async () => registry.formats.types())
  // Current Confluent clients probe this on every serialize; nothing is ever associated here.
  r.get('/associations/resources/:namespace/:name', { schema: { params: z.object({ namespace: z.string(), name: z.string() }) } }, async () => [])
}
