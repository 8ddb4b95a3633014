import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../audit.js'
import { z } from 'zod'
import { can } from '../../access.js'
import { RegistryError } from '../../../errors/registry-error.js'
import { deleteModeOf } from '../../../services/policy.js'
import { configPutShape, toConfigPatch } from '../../config-bodies.js'
import { flag, scopeOf, subjectOf, subjectParams, text, versionOf, versionParams } from '../../params.js'
import { versionShape } from '../../resource-shapes.js'
import { typed, type RouteDeps } from '../../routes/route-deps.js'
import { confluentBodies } from './bodies.js'
import { confluentPolicy } from './policy.js'

const id = (n: number) => n

/** Confluent's meaning of the subject paths both dialects have, and its subject-level config. */
export const confluentSubjectRoutes = async (app: FastifyInstance, { subjects, deletes, schemas, config }: Pick<RouteDeps, 'subjects' | 'deletes' | 'schemas' | 'config'>) => {
  const r = typed(app)

  // Confluent has no GET /subjects/{s}: answered as an unknown route, as Confluent does
  r.get('/subjects/:subject', { ...can.read('subject'), schema: { params: subjectParams } }, async (req) => {
    throw new RegistryError('ROUTE_NOT_FOUND', { reason: `HTTP 404 Not Found: GET ${req.url}` })
  })

  // a lookup: the registration of this content under the subject
  r.post(
    '/subjects/:subject',
    { ...can.read('subject'), schema: { params: subjectParams, querystring: z.object({ normalize: flag, deleted: flag }), body: z.unknown() } },
    async (req) => {
      const fields = confluentBodies.schemaFields(req.body)
      const found = await subjects.lookup({ ...fields, subject: subjectOf(req, req.params.subject), normalize: req.query.normalize }, req.query.deleted)
      return versionShape(found, found.schema, id)
    },
  )

  // soft first; `?permanent=true` after a soft delete removes the versions
  r.delete('/subjects/:subject', { ...can.admin('subject'), schema: { params: subjectParams, querystring: z.object({ permanent: flag }) } }, async (req) =>
    deletes.deleteSubject(subjectOf(req, req.params.subject), deleteModeOf(confluentPolicy, req.query.permanent), actorOf(req)),
  )

  // the raw schema text
  r.get(
    '/subjects/:subject/versions/:version/schema',
    { ...can.read('subject'), schema: { params: versionParams, querystring: z.object({ deleted: flag, format: text }) } },
    async (req, reply) => {
      const v = await subjects.version(subjectOf(req, req.params.subject), versionOf(req.params.version), req.query.deleted, confluentPolicy)
      return reply.send(await schemas.render(v, req.query.format))
    },
  )

  // GET answers the subject's own config (40408 without one); PUT merges; DELETE answers the previous
  r.get('/config/:subject', { ...can.read('subject'), schema: { params: subjectParams, querystring: z.object({ defaultToGlobal: flag }) } }, async (req) => {
    const ref = scopeOf(req, req.params.subject)
    if (req.query.defaultToGlobal) return config.effectiveConfig(ref)
    const stored = await config.storedConfig(ref)
    if (!stored) throw new RegistryError('SUBJECT_CONFIG_NOT_FOUND', { subject: req.params.subject })
    return stored
  })
  r.put('/config/:subject', { ...can.admin('subject'), schema: { params: subjectParams, body: z.unknown() } }, async (req) =>
    configPutShape(await config.updateConfig(scopeOf(req, req.params.subject), toConfigPatch(req.body), actorOf(req))),
  )
  r.delete('/config/:subject', { ...can.admin('subject'), schema: { params: subjectParams } }, async (req) => {
    const previous = await config.deleteConfig(scopeOf(req, req.params.subject), actorOf(req))
    if (!previous) throw new RegistryError('SUBJECT_NOT_FOUND', { subject: req.params.subject })
    return previous
  })
}
