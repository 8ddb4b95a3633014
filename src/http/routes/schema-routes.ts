import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { can } from '../access.js'
import { visibleIds, visibleItems } from '../visibility.js'
import { count, flag, idOf, idParams, listingScope, page, text } from '../params.js'
import { schemaByIdShape } from '../resource-shapes.js'
import { scopeOfQuery, typed, type RouteDeps } from './route-deps.js'

const byIdQuery = z.object({ subject: text, format: text, deleted: flag, offset: count, limit: count })

/** Reads by id, guid and listing that every dialect serves alike (ids in the dialect's type). */
export const schemaRoutes = async (app: FastifyInstance, { schemas }: Pick<RouteDeps, 'schemas'>) => {
  const r = typed(app)

  r.get('/schemas/ids/:id/schema', { ...can.read('id'), schema: { params: idParams, querystring: byIdQuery } }, async (req, reply) => {
    const { context } = await scopeOfQuery(schemas, req, req.query.subject)
    const view = await schemas.byId(context, idOf(req.params.id))
    return reply.send(await schemas.render(view, req.query.format))
  })

  r.get('/schemas/ids/:id/versions', { ...can.read('id'), schema: { params: idParams, querystring: byIdQuery } }, async (req) => {
    const { context, name } = await scopeOfQuery(schemas, req, req.query.subject)
    const regs = visibleItems(req, await schemas.registrations(context, idOf(req.params.id), req.query.deleted), (g) => g.subject)
    const picked = regs.filter((g) => name === undefined || g.name === name).map((g) => ({ subject: g.subject, version: g.version }))
    return page(picked, req.query.offset, req.query.limit)
  })

  const guidParams = z.object({ guid: z.string() })
  r.get('/schemas/guids/:guid', { ...can.read('guid'), schema: { params: guidParams, querystring: byIdQuery } }, async (req) => {
    const [first] = await visibleIds(req, schemas, await schemas.byGuid(req.params.guid))
    const view = await schemas.byId(first!.context, first!.id)
    return schemaByIdShape(view, await schemas.render(view, req.query.format), false)
  })
  r.get('/schemas/guids/:guid/ids', { ...can.read('guid'), schema: { params: guidParams } }, async (req) =>
    (await visibleIds(req, schemas, await schemas.byGuid(req.params.guid))).map((row) => ({ context: row.context, id: req.dialect.present.id(row.id) })),
  )

  const listQuery = z.object({ subjectPrefix: text, deleted: flag, latestOnly: flag, offset: count, limit: count })
  r.get('/schemas', { ...can.read('any'), schema: { querystring: listQuery } }, async (req) => {
    const items = visibleItems(
      req,
      await schemas.list({ ...listingScope(req, req.query.subjectPrefix), deleted: req.query.deleted, latestOnly: req.query.latestOnly }),
      (i) => i.subject,
    )
    return page(items, req.query.offset, req.query.limit, 1000).map(({ subject, version, schema }) => req.dialect.present.schemaListItem(subject, version, schema))
  })
}
