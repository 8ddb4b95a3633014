import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { can } from '../../access.js'
import { idOf, idParams, text } from '../../params.js'
import { withReferenceFormat } from '../../resource-shapes.js'
import { scopeOfQuery, typed, type RouteDeps } from '../../routes/route-deps.js'
import { NO_REGISTRATION, openSchemaSchema } from './objects.js'

const byIdQuery = z.object({ subject: text, referenceFormat: text })

/** Rows 1-2: the Schema object of an id, and the earliest live registration of it. */
export const openSchemaSchemaRoutes = async (app: FastifyInstance, { schemas, rendered }: Pick<RouteDeps, 'schemas' | 'rendered'>) => {
  const r = typed(app)

  for (const path of ['/schemas/ids/:id', '/schemas/:id', '/schema/:id']) {
    r.get(path, { ...can.read('id'), schema: { params: idParams, querystring: byIdQuery } }, async (req) => {
      const { context } = await scopeOfQuery(schemas, req, req.query.subject)
      const id = idOf(req.params.id)
      const view = withReferenceFormat(await schemas.byId(context, id), req.query.referenceFormat)
      const reg = (await schemas.earliestRegistration(context, id, req.visibility.subject)) ?? NO_REGISTRATION
      // its text kept while the content and the registration it shows are the same
      const stamp = `${view.guid}\u0000${view.createdAt.getTime()}\u0000${JSON.stringify(reg)}`
      return rendered.json(`os\u0000${context}\u0000${id}`, stamp, () => openSchemaSchema(view, reg))
    })
  }

  for (const path of ['/schemas/ids/:id/subjects', '/schemas/:id/subjects', '/schemas/:id/subject']) {
    r.get(path, { ...can.read('id'), schema: { params: idParams, querystring: byIdQuery } }, async (req) => {
      const { context } = await scopeOfQuery(schemas, req, req.query.subject)
      const id = idOf(req.params.id)
      await schemas.byId(context, id)
      const reg = await schemas.earliestRegistration(context, id, req.visibility.subject)
      return reg ? { subject: reg.subject, version: reg.version } : {}
    })
  }
}
