import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { can } from '../access.js'
import { visibleItems } from '../visibility.js'
import { count, flag, listingScope, page, text } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

const listQuery = z.object({ subjectPrefix: text, deleted: flag, deletedOnly: flag, offset: count, limit: count })

/** `GET /subjects`; the other subject paths mean different things per dialect (see `dialects/`). */
export const subjectRoutes = async (app: FastifyInstance, { subjects }: Pick<RouteDeps, 'subjects'>) => {
  const r = typed(app)
  r.get('/subjects', { ...can.read('any'), schema: { querystring: listQuery } }, async (req) => {
    const q = req.query
    const names = visibleItems(
      req,
      await subjects.listSubjects({ ...listingScope(req, q.subjectPrefix), deleted: q.deleted, deletedOnly: q.deletedOnly }, req.dialect.policy),
      (n) => n,
    )
    return page(names, q.offset, q.limit)
  })
}
