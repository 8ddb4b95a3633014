import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { typed, type RouteDeps } from './route-deps.js'

export const rootRoutes = async (app: FastifyInstance, { formats, version, commitId }: Pick<RouteDeps, 'formats' | 'version' | 'commitId'>) => {
  const r = typed(app)
  r.get('/', async () => ({}))
  r.get('/v1/metadata/id', async () => ({ scope: { path: [], clusters: { 'schema-registry-cluster': 'schema-registry' } } }))
  r.get('/v1/metadata/version', async () => ({ version, commitId }))
  r.get('/schemas/types', async () => formats.types())
  // Current Confluent clients probe this on every serialize; nothing is ever associated here.
  r.get('/associations/resources/:namespace/:name', { schema: { params: z.object({ namespace: z.string(), name: z.string() }) } }, async () => [])
}
