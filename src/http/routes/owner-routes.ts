import type { FastifyInstance } from 'fastify'
import { qualifySubject } from '../../domain/subjects.js'
import { can, mayOverrideClaim, presentedToken } from '../access.js'
import { subjectOf, subjectParams } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

/**
 * Ownership tokens (docs/EXTENSIONS.md §3.3). The access hook leaves these two routes' claim check to
 * the service: claiming a claimed subject without its token is 409, releasing it without one 403.
 */
export const ownerRoutes = async (app: FastifyInstance, { owners }: Pick<RouteDeps, 'owners'>) => {
  const r = typed(app)
  // claim, or rotate with the current token: the token is in this answer and nowhere else
  r.post('/subjects/:subject/owner', { ...can.owner('write'), schema: { params: subjectParams } }, async (req) => {
    const ref = subjectOf(req, req.params.subject)
    const token = await owners.claim(ref, presentedToken(req))
    return { subject: qualifySubject(ref), token }
  })
  // release: with the token, or by an admin of AUTH_FILE without it
  r.delete('/subjects/:subject/owner', { ...can.owner('write'), schema: { params: subjectParams } }, async (req, reply) => {
    await owners.release(subjectOf(req, req.params.subject), presentedToken(req), mayOverrideClaim(req))
    return reply.status(204).send()
  })
}
