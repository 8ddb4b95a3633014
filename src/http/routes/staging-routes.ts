import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { DirectedIncompatibility } from '../../services/compatibility-result.js'
import { admitWrites, can } from '../access.js'
import { visibleItems } from '../visibility.js'
import { actorOf } from '../audit.js'
import { flag, subjectOf, subjectParams, versionOf, versionParams } from '../params.js'
import { presentWarnings } from '../warnings.js'
import { typed, type RouteDeps } from './route-deps.js'

type Deps = Pick<RouteDeps, 'staging' | 'rollbacks' | 'owners' | 'counts'>

/** The answer to staging a schema, the same in both dialects: it passed the check (or was forced). */
const stagedAnswer = ({ subject, warnings }: { subject: string; warnings?: DirectedIncompatibility[] }) => ({
  subject,
  compatible: true as const,
  ...(warnings ? { warnings: presentWarnings(warnings) } : {}),
})

/**
 * Staging, promotion and rollback (docs/EXTENSIONS.md §8). Staging one subject is a write on it (its
 * claim's token included); `force` is an admin's, as for a registration. Promoting or discarding the
 * whole staging of a context needs a write on every staged subject, decided by `admitWrites` once the
 * service has read them.
 */
export const stagingRoutes = async (app: FastifyInstance, { staging, rollbacks, owners, counts }: Deps) => {
  const r = typed(app)

  r.post(
    '/staging/subjects/:subject/versions',
    { ...can.writeUnless('force', 'admin'), schema: { params: subjectParams, querystring: z.object({ normalize: flag, force: flag }), body: z.unknown() } },
    async (req) => {
      const input = { ...req.dialect.bodies.schemaFields(req.body), subject: subjectOf(req, req.params.subject), normalize: req.query.normalize, force: req.query.force }
      return stagedAnswer(await staging.stage(input, req.dialect.policy, actorOf(req)))
    },
  )

  r.get('/staging', { ...can.read('any') }, async (req) => visibleItems(req, await staging.list(req.registryContext), (s) => s.subject))

  r.delete('/staging/subjects/:subject', { ...can.write('subject'), schema: { params: subjectParams } }, async (req, reply) => {
    await staging.discard(subjectOf(req, req.params.subject), actorOf(req, 204))
    return reply.status(204).send()
  })

  r.delete('/staging', { ...can.write('any') }, async (req, reply) => {
    await staging.discardAll(req.registryContext, admitWrites(req, owners), actorOf(req, 204))
    return reply.status(204).send()
  })

  r.post('/staging/promote', { ...can.write('any') }, async (req) => {
    const promoted = await staging.promote(req.registryContext, req.dialect.policy, admitWrites(req, owners), actorOf(req))
    return promoted.map((p) => ({ subject: p.subject, id: req.dialect.present.id(p.id), version: p.version }))
  })

  r.post(
    '/subjects/:subject/versions/:version/rollback',
    { ...can.writeUnless('force', 'admin'), schema: { params: versionParams, querystring: z.object({ force: flag, stage: flag }) } },
    async (req) => {
      const { force, stage } = req.query
      const result = await rollbacks.rollback(subjectOf(req, req.params.subject), versionOf(req.params.version), { force, stage }, req.dialect.policy, actorOf(req))
      if ('staged' in result) return stagedAnswer(result.staged)
      if (result.registered.created) counts.schemaCreated(result.registered.schemaType)
      return req.dialect.present.registered(result.registered)
    },
  )
}
