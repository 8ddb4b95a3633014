import type { FastifyInstance } from 'fastify'
import { actorOf } from '../audit.js'
import { z } from 'zod'
import { can } from '../access.js'
import { normalizeContext } from '../../domain/subjects.js'
import { count, page, text } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

export const contextRoutes = async (app: FastifyInstance, { contexts }: Pick<RouteDeps, 'contexts'>) => {
  const r = typed(app)
  r.get('/contexts', { ...can.read('any'), schema: { querystring: z.object({ offset: count, limit: count, contextPrefix: text }) } }, async (req) =>
    page(
      (await contexts.list(req.query.contextPrefix)).filter((c) => req.visibility.context(c)),
      req.query.offset,
      req.query.limit,
    ),
  )
  r.delete('/contexts/:context', { ...can.admin('context'), schema: { params: z.object({ context: z.string() }) } }, async (req, reply) => {
    await contexts.delete(normalizeContext(req.params.context), actorOf(req, 204))
    return reply.status(204).send()
  })
}
