import type { FastifyInstance } from 'fastify'
import { count, flag, idOf, idParams, page, text } from '../../params.js'
import { schemaByIdShape, withReferenceFormat } from '../../resource-shapes.js'
import { scopeOfQuery, typed, type RouteDeps } from '../../routes/route-deps.js'
import { z } from 'zod'
import { can } from '../../access.js'
import { visibleItems } from '../../visibility.js'

const byIdQuery = z.object({ subject: text, format: text, referenceFormat: text, fetchMaxId: flag, deleted: flag, offset: count, limit: count })

/** Reads by id in Confluent's shapes: the schema with its deleted flag, and the subjects of an id. */
export const confluentSchemaRoutes = async (app: FastifyInstance, { schemas, rendered }: Pick<RouteDeps, 'schemas' | 'rendered'>) => {
  const r = typed(app)

  for (const path of ['/schemas/ids/:id', '/schemas/:id', '/schema/:id']) {
    r.get(path, { ...can.read('id'), schema: { params: idParams, querystring: byIdQuery } }, async (req) => {
      const q = req.query
      const scope = await scopeOfQuery(schemas, req, q.subject)
      const id = idOf(req.params.id)
      const view = withReferenceFormat(await schemas.byId(scope.context, id), q.referenceFormat)
      const all = await schemas.registrations(scope.context, id, true)
      const deleted = all.length > 0 && all.every((g) => g.deleted)
      // the plain read, what clients' deserializers ask: its text kept while the content is the same
      if (q.subject === undefined && !q.fetchMaxId && q.format === undefined && q.referenceFormat === undefined)
        return rendered.json(`cf\u0000${scope.context}\u0000${id}\u0000${deleted}`, `${view.guid}\u0000${view.createdAt.getTime()}`, () =>
          schemaByIdShape(view, view.schema, deleted),
        )
      const body: Record<string, unknown> = schemaByIdShape(view, await schemas.render(view, q.format), deleted)
      // `subject` and `version` only when `?subject=` names a subject the id is registered under
      const reg = scope.name !== undefined ? visibleItems(req, all, (g) => g.subject).find((g) => g.name === scope.name) : undefined
      if (reg) Object.assign(body, { subject: reg.subject, version: reg.version })
      if (q.fetchMaxId) body.maxId = await schemas.maxId(scope.context)
      return body
    })
  }

  for (const path of ['/schemas/ids/:id/subjects', '/schemas/:id/subjects', '/schemas/:id/subject']) {
    r.get(path, { ...can.read('id'), schema: { params: idParams, querystring: byIdQuery } }, async (req) => {
      const { context, name } = await scopeOfQuery(schemas, req, req.query.subject)
      const regs = visibleItems(req, await schemas.registrations(context, idOf(req.params.id), req.query.deleted), (g) => g.subject)
      const names = [...new Set(regs.filter((g) => name === undefined || g.name === name).map((g) => g.subject))]
      return page(names, req.query.offset, req.query.limit)
    })
  }
}
