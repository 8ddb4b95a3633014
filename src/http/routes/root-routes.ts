import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { can } from '../access.js'
import { typed, type RouteDeps } from './route-deps.js'

export const rootRoutes = async (app: FastifyInstance, { formats, version, commitId }: Pick<RouteDeps, 'formats' | 'version' | 'commitId'>) => {
  const r = typed(app)
  r.get('/', can.public(), async () => ({}))
  r.get('/v1/metadata/id', can.read('any'), async () => ({ scope: { path: [], clusters: { 'schema-registry-cluster': 'schema-registry' } } }))
  r.get('/v1/metadata/version', can.read('any'), async () => ({ version, commitId }))
  r.get('/schemas/types', can.read('any'), async () => formats.types())
  // Current Confluent clients probe this on every serialize; nothing is ever associated here.
  r.get('/associations/resources/:namespace/:name', { ...can.read('any'), schema: { params: z.object({ namespace: z.string(), name: z.string() }) } }, async () => [])
}
