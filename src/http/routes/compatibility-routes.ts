import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { can } from '../access.js'
import type { VersionSpec } from '../../domain/versions.js'
import { flag, subjectOf, subjectParams, versionOf, versionParams } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

const query = z.object({ normalize: flag, verbose: flag })

export const compatibilityRoutes = async (app: FastifyInstance, { compatibilityTests }: Pick<RouteDeps, 'compatibilityTests'>) => {
  const r = typed(app)

  const test = async (req: FastifyRequest, subject: string, target: VersionSpec | 'all', q: z.infer<typeof query>) => {
    const { bodies, policy, present } = req.dialect
    const input = { ...bodies.schemaFields(req.body), subject: subjectOf(req, subject), normalize: q.normalize }
    return present.compatibility(await compatibilityTests.test(input, target, q.verbose, policy), q.verbose)
  }

  r.post('/compatibility/subjects/:subject/versions/:version', { ...can.read('subject'), schema: { params: versionParams, querystring: query, body: z.unknown() } }, (req) =>
    test(req, req.params.subject, versionOf(req.params.version), req.query),
  )
  r.post('/compatibility/subjects/:subject/versions', { ...can.read('subject'), schema: { params: subjectParams, querystring: query, body: z.unknown() } }, (req) =>
    test(req, req.params.subject, 'all', req.query),
  )
}
