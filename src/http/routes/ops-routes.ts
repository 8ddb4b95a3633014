import type { FastifyInstance } from 'fastify'
import type { OpsService } from '../../services/ops-service.js'
import type { Access } from '../access.js'
import type { HttpMetrics } from '../metrics.js'

// probes and scrapers carry no credentials (docs/EXTENSIONS.md §3.2)
const PUBLIC: Access = { action: 'public' }

/**
 * Health and metrics (docs/EXTENSIONS.md §4), for orchestrators and scrapers rather than clients: one
 * plugin, so that authentication can leave it out. The same body in every dialect (JSON in the
 * dialect's media type; metrics in Prometheus text), and not counted as API requests (`ops`).
 */
export const opsRoutes = async (app: FastifyInstance, { ops, metrics }: { ops: Pick<OpsService, 'readiness'>; metrics: Pick<HttpMetrics, 'render' | 'contentType'> }) => {
  app.get('/health/live', { config: { ops: true, access: PUBLIC } }, async () => ({ status: 'UP' }))
  app.get('/health/ready', { config: { ops: true, access: PUBLIC } }, async (_request, reply) => {
    const readiness = await ops.readiness()
    return reply.code(readiness.status === 'UP' ? 200 : 503).send(readiness)
  })
  app.get('/metrics', { config: { ops: true, access: PUBLIC, ownContentType: metrics.contentType } }, async (_request, reply) => {
    const text = await metrics.render()
    return reply.type(metrics.contentType).send(text)
  })
}
