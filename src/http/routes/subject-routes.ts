import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { invalidSchema, RegistryError } from '../../errors/registry-error.js'
import type { SubjectPatch } from '../../services/subject-attributes-service.js'
import { count, flag, listingScope, page, subjectOf, subjectParams, text } from '../params.js'
import { confluentVersion } from '../presenters/confluent-presenter.js'
import { openSchemaSubjectOf } from './openschema-subject.js'
import { fromConfluentBody, parseConfluentBody } from '../schema-bodies.js'
import { typed, type RouteDeps } from './route-deps.js'

const listQuery = z.object({ subjectPrefix: text, deleted: flag, deletedOnly: flag, offset: count, limit: count })

/** OpenSchema's upsert body; a Confluent lookup sent without its media type is not a silent upsert. */
const toSubjectPatch = (body: unknown): SubjectPatch => {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new RegistryError('INVALID_BODY', 'Request body must be a JSON object')
  }
  const b = (body ?? {}) as Record<string, unknown>
  const known = ['tenant', 'namespace', 'app', 'description', 'status', 'coordinate', 'compatibility'] as const
  if (typeof b.schema === 'string' && !known.some((k) => k in b)) {
    throw invalidSchema('This is an OpenSchema subject upsert; send a Confluent lookup with the Confluent media type')
  }
  const patch: SubjectPatch = {}
  for (const k of known) {
    const v = b[k]
    if (v === undefined) continue
    if (v !== null && typeof v !== 'string') throw new RegistryError('INVALID_BODY', `${k} must be a string`)
    patch[k] = v
  }
  return patch
}

export const subjectRoutes = async (app: FastifyInstance, { registry }: RouteDeps) => {
  const r = typed(app)
  const { subjects, deletes, attributes } = registry

  r.get('/subjects', { schema: { querystring: listQuery } }, async (req) => {
    const q = req.query
    const names = await subjects.listSubjects({
      ...listingScope(req, q.subjectPrefix),
      deleted: q.deleted,
      deletedOnly: q.deletedOnly,
      includeEmpty: req.dialect === 'openschema',
    })
    return page(names, q.offset, q.limit)
  })

  r.get('/subjects/:subject', { schema: { params: subjectParams } }, async (req) => {
    if (req.dialect === 'confluent') throw new RegistryError('ROUTE_NOT_FOUND', `HTTP 404 Not Found`)
    return openSchemaSubjectOf(registry, subjectOf(req, req.params.subject))
  })

  const lookupQuery = z.object({ normalize: flag, deleted: flag })
  r.post('/subjects/:subject', { schema: { params: subjectParams, querystring: lookupQuery, body: z.unknown() } }, async (req) => {
    if (req.dialect === 'openschema') {
      const ref = subjectOf(req, req.params.subject)
      await attributes.upsert(ref, toSubjectPatch(req.body))
      return openSchemaSubjectOf(registry, subjectOf(req, req.params.subject))
    }
    const ref = subjectOf(req, req.params.subject)
    const fields = fromConfluentBody(parseConfluentBody(req.body))
    const found = await subjects.lookup({ ...fields, subject: ref, normalize: req.query.normalize }, req.query.deleted)
    return confluentVersion(found, found.schema)
  })

  r.delete('/subjects/:subject', { schema: { params: subjectParams, querystring: z.object({ permanent: flag }) } }, async (req) => {
    const ref = subjectOf(req, req.params.subject)
    const kind = req.dialect === 'openschema' ? 'immediate' : req.query.permanent ? 'permanent' : 'soft'
    return deletes.deleteSubject(ref, kind)
  })
}
