import type { FastifyInstance, FastifyRequest } from 'fastify'
import { actorOf } from '../audit.js'
import { z } from 'zod'
import { can } from '../access.js'
import { contextScope, type SubjectRef } from '../../domain/subjects.js'
import { configPutShape, toConfigPatch } from '../config-bodies.js'
import { flag } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

/** `/config` of the request's context; `/config/{s}` differs per dialect (see `dialects/`). */
export const configRoutes = async (app: FastifyInstance, { config }: Pick<RouteDeps, 'config'>) => {
  const r = typed(app)
  const contextOfRequest = (req: FastifyRequest): SubjectRef => contextScope(req.registryContext)

  r.get('/config', { ...can.read('scope'), schema: { querystring: z.object({ defaultToGlobal: flag }) } }, async (req) => config.effectiveConfig(contextOfRequest(req)))
  r.put('/config', { ...can.admin('scope'), schema: { body: z.unknown() } }, async (req) =>
    configPutShape(await config.updateConfig(contextOfRequest(req), toConfigPatch(req.body), actorOf(req))),
  )
  // answers the config as it was, then falls back to the server default
  r.delete('/config', can.admin('scope'), async (req) => {
    const ref = contextOfRequest(req)
    const before = await config.effectiveConfig(ref)
    await config.deleteConfig(ref, actorOf(req))
    return before
  })
}
