import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { qualifySubject } from '../../domain/subjects.js'
import { count, flag, idOf, idParams, listingScope, page, text } from '../params.js'
import { confluentSchemaById, confluentSchemaListItem, withReferenceFormat } from '../presenters/confluent-presenter.js'
import { NO_REGISTRATION, openSchemaSchema } from '../presenters/openschema-presenter.js'
import { idOut, typed, type RouteDeps } from './route-deps.js'

const byIdQuery = z.object({ subject: text, format: text, referenceFormat: text, fetchMaxId: flag, deleted: flag, offset: count, limit: count })

export const schemaRoutes = async (app: FastifyInstance, { registry }: RouteDeps) => {
  const r = typed(app)
  const { schemas } = registry

  const scopeOfQuery = (req: FastifyRequest, subject: string | undefined) => schemas.subjectScope(subject, req.registryContext, req.contextPinned)

  const schemaById = async (request: FastifyRequest, rawId: string, q: z.infer<typeof byIdQuery>) => {
    const scope = await scopeOfQuery(request, q.subject)
    const { context } = scope
    const id = idOf(rawId)
    const view = withReferenceFormat(await schemas.byId(context, id), q.referenceFormat)
    if (request.dialect === 'openschema') {
      const reg = await schemas.earliestRegistration(context, id)
      const annotations = reg ? { ...reg, subject: qualifySubject({ context, name: reg.subject }) } : NO_REGISTRATION
      return openSchemaSchema(view, annotations)
    }
    const all = await schemas.registrations(context, id, true)
    const body: Record<string, unknown> = confluentSchemaById(view, await schemas.render(view, q.format), all.length > 0 && all.every((g) => g.deleted))
    const reg = scope.name !== undefined ? all.find((g) => g.name === scope.name) : undefined
    if (reg) Object.assign(body, { subject: reg.subject, version: reg.version })
    if (q.fetchMaxId) body.maxId = await schemas.maxId(context)
    return body
  }

  for (const path of ['/schemas/ids/:id', '/schemas/:id', '/schema/:id']) {
    r.get(path, { schema: { params: idParams, querystring: byIdQuery } }, (req) => schemaById(req, req.params.id, req.query))
  }

  r.get('/schemas/ids/:id/schema', { schema: { params: idParams, querystring: byIdQuery } }, async (req, reply) => {
    const { context } = await scopeOfQuery(req, req.query.subject)
    const view = await schemas.byId(context, idOf(req.params.id))
    return reply.send(await schemas.render(view, req.query.format))
  })

  const subjectsOfId = async (req: FastifyRequest<{ Params: { id: string }; Querystring: z.infer<typeof byIdQuery> }>) => {
    const { context, name } = await scopeOfQuery(req, req.query.subject)
    const id = idOf(req.params.id)
    if (req.dialect === 'openschema') {
      await schemas.byId(context, id)
      const reg = await schemas.earliestRegistration(context, id)
      return reg ? { subject: qualifySubject({ context, name: reg.subject }), version: reg.version } : {}
    }
    const regs = await schemas.registrations(context, id, req.query.deleted)
    const names = [...new Set(regs.filter((g) => name === undefined || g.name === name).map((g) => g.subject))]
    return page(names, req.query.offset, req.query.limit)
  }
  for (const path of ['/schemas/ids/:id/subjects', '/schemas/:id/subjects', '/schemas/:id/subject']) {
    r.get(path, { schema: { params: idParams, querystring: byIdQuery } }, subjectsOfId)
  }

  r.get('/schemas/ids/:id/versions', { schema: { params: idParams, querystring: byIdQuery } }, async (req) => {
    const { context, name } = await scopeOfQuery(req, req.query.subject)
    const regs = await schemas.registrations(context, idOf(req.params.id), req.query.deleted)
    const picked = regs.filter((g) => name === undefined || g.name === name).map((g) => ({ subject: g.subject, version: g.version }))
    return page(picked, req.query.offset, req.query.limit)
  })

  const guidParams = z.object({ guid: z.string() })
  r.get('/schemas/guids/:guid', { schema: { params: guidParams, querystring: byIdQuery } }, async (req) => {
    const [row] = await schemas.byGuid(req.params.guid)
    const view = await schemas.byId(row!.context, row!.id)
    return confluentSchemaById(view, await schemas.render(view, req.query.format), false)
  })
  r.get('/schemas/guids/:guid/ids', { schema: { params: guidParams } }, async (req) =>
    (await schemas.byGuid(req.params.guid)).map((row) => ({ context: row.context, id: idOut(req, row.id) })),
  )

  const listQuery = z.object({ subjectPrefix: text, deleted: flag, latestOnly: flag, offset: count, limit: count })
  r.get('/schemas', { schema: { querystring: listQuery } }, async (req) => {
    const items = await schemas.list({ ...listingScope(req, req.query.subjectPrefix), deleted: req.query.deleted, latestOnly: req.query.latestOnly })
    return page(items, req.query.offset, req.query.limit, 1000).map(({ subject, version, row }) => {
      const item = confluentSchemaListItem(subject, version, { ...row, createdAt: row.createdAt })
      return { ...item, id: idOut(req, row.id) }
    })
  })
}
