import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { RegistryError } from '../../errors/registry-error.js'
import type { PayloadCheck } from '../../services/payload-validation.js'
import { can } from '../access.js'
import { idVisible } from '../visibility.js'
import { emptyPayloadBody, installPayloadBodyParser, type RawPayloadBody } from '../body-parser.js'
import { idOf, idParams, subjectOf, text, versionOf, versionParams } from '../params.js'
import { scopeOfQuery, typed, type RouteDeps } from './route-deps.js'

const NDJSON = 'application/x-ndjson'
const messageQuery = z.object({ message: text })

const bodyOf = (req: FastifyRequest): RawPayloadBody => (req.body as RawPayloadBody | undefined) ?? emptyPayloadBody(req.headers['content-type'])

/** One payload: its answer; an NDJSON batch: one answer per line, in order. */
const send = (reply: FastifyReply, body: RawPayloadBody, checks: PayloadCheck[]) => {
  if (body.type !== 'ndjson') return reply.send(checks[0])
  return reply.type(NDJSON).send(checks.map((c) => `${JSON.stringify(c)}\n`).join(''))
}

/** Payload validation (docs/EXTENSIONS.md §5), in its own plugin for its body parser. */
export const payloadRoutes = async (parent: FastifyInstance, { payloads, schemas }: Pick<RouteDeps, 'payloads' | 'schemas'>) => {
  await parent.register(async (app) => {
    installPayloadBodyParser(app)
    const r = typed(app)

    r.post('/subjects/:subject/versions/:version/validate', { ...can.read('subject'), schema: { params: versionParams, querystring: messageQuery } }, async (req, reply) => {
      const body = bodyOf(req)
      const ref = subjectOf(req, req.params.subject)
      return send(reply, body, await payloads.byVersion(ref, versionOf(req.params.version), req.dialect.policy, req.query.message, body))
    })

    r.post('/schemas/ids/:id/validate', { ...can.read('id'), schema: { params: idParams, querystring: z.object({ message: text, subject: text }) } }, async (req, reply) => {
      const body = bodyOf(req)
      const { context } = await scopeOfQuery(schemas, req, req.query.subject)
      return send(reply, body, await payloads.byId(context, idOf(req.params.id), req.query.message, body))
    })

    r.post('/messages/validate', { ...can.read('any'), schema: { querystring: z.object({ subject: text }) } }, async (req) => {
      const body = bodyOf(req)
      if (body.type !== 'binary') throw new RegistryError('UNSUPPORTED_MEDIA_TYPE', { reason: 'A wire-format record value is sent as application/octet-stream' })
      const { context, name } = await scopeOfQuery(schemas, req, req.query.subject)
      const id = body.bytes.length >= 5 ? Buffer.from(body.bytes).readUInt32BE(1) : undefined
      if (id !== undefined && !(await idVisible(req, schemas, context, id))) throw new RegistryError('SCHEMA_NOT_FOUND', { id })
      return payloads.wireMessage(context, name, body.bytes)
    })
  })
}
