import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SubjectExistence } from '../../services/version-resolution.js'
import { z } from 'zod'
import { count, flag, page, subjectOf, subjectParams, text, versionOf, versionParams } from '../params.js'
import { confluentRegistered, confluentVersion, withReferenceFormat } from '../presenters/confluent-presenter.js'
import { openSchemaSchema, registrationOf } from '../presenters/openschema-presenter.js'
import { schemaFieldsOf } from '../schema-bodies.js'
import { openSchemaSubjectOf } from './openschema-subject.js'
import { idOut, typed, type RouteDeps } from './route-deps.js'

const versionQuery = z.object({ deleted: flag, format: text, referenceFormat: text })

/** OpenSchema's subjects exist from their first upsert: a missing version there is 40403, not 40402. */
const existenceOf = (req: FastifyRequest): SubjectExistence => (req.dialect === 'openschema' ? 'row' : 'live')

export const versionRoutes = async (app: FastifyInstance, { registry }: RouteDeps) => {
  const r = typed(app)
  const { subjects, deletes, registrar, schemas } = registry

  r.get(
    '/subjects/:subject/versions',
    { schema: { params: subjectParams, querystring: z.object({ deleted: flag, deletedOnly: flag, deletedAsNegative: flag, offset: count, limit: count }) } },
    async (req) => {
      const q = req.query
      const ref = subjectOf(req, req.params.subject)
      const versions = await subjects.listVersions(ref, { deleted: q.deleted || q.deletedAsNegative, deletedOnly: q.deletedOnly, allowEmpty: req.dialect === 'openschema' })
      if (q.deletedAsNegative) {
        const live = new Set(await subjects.listVersions(ref, { deleted: false, deletedOnly: false }).catch(() => []))
        return page(versions.map((v) => (live.has(v) ? v : -v)), q.offset, q.limit)
      }
      return page(versions, q.offset, q.limit)
    },
  )

  r.post('/subjects/:subject/versions', { schema: { params: subjectParams, querystring: z.object({ normalize: flag }), body: z.unknown() } }, async (req) => {
    const ref = subjectOf(req, req.params.subject)
    const fields = schemaFieldsOf(req)
    const result = await registrar.register({ ...fields, subject: ref, normalize: req.query.normalize, ignoreIdsOutsideImport: req.dialect === 'openschema' })
    return req.dialect === 'confluent' ? confluentRegistered(result) : { id: idOut(req, result.id) }
  })

  r.get('/subjects/:subject/versions/:version', { schema: { params: versionParams, querystring: versionQuery } }, async (req) => {
    const spec = versionOf(req.params.version)
    const v = withReferenceFormat(await subjects.version(subjectOf(req, req.params.subject), spec, req.query.deleted, existenceOf(req)), req.query.referenceFormat)
    return { ...confluentVersion(v, await schemas.render(v, req.query.format)), id: idOut(req, v.id) }
  })

  r.get('/subjects/:subject/versions/:version/schema', { schema: { params: versionParams, querystring: versionQuery } }, async (req, reply) => {
    const spec = versionOf(req.params.version)
    const ref = subjectOf(req, req.params.subject)
    const v = await subjects.version(ref, spec, req.dialect === 'confluent' && req.query.deleted, existenceOf(req))
    if (req.dialect === 'confluent') return reply.send(await schemas.render(v, req.query.format))
    return { ...(await openSchemaSubjectOf(registry, ref)), schema: openSchemaSchema(v, registrationOf(v)) }
  })

  r.get('/subjects/:subject/versions/:version/referencedby', { schema: { params: versionParams, querystring: z.object({ deleted: flag, offset: count, limit: count }) } }, async (req) => {
    const spec = versionOf(req.params.version)
    const ids = await subjects.referencedBy(subjectOf(req, req.params.subject), spec, req.query.deleted)
    return page(ids, req.query.offset, req.query.limit, 1000).map((id) => idOut(req, id))
  })

  r.delete('/subjects/:subject/versions/:version', { schema: { params: versionParams, querystring: z.object({ permanent: flag }) } }, async (req) => {
    const spec = versionOf(req.params.version)
    const kind = req.dialect === 'openschema' ? 'immediate' : req.query.permanent ? 'permanent' : 'soft'
    return deletes.deleteVersion(subjectOf(req, req.params.subject), spec, kind)
  })

  r.get('/subjects/:subject/metadata', { schema: { params: subjectParams, querystring: z.object({ key: text, value: text, deleted: flag }) } }, async (req) => {
    const v = await subjects.latestWithMetadata(subjectOf(req, req.params.subject), req.query.key ?? '', req.query.value ?? '', req.query.deleted)
    return { ...confluentVersion(v, v.schema), id: idOut(req, v.id) }
  })
}
