import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../audit.js'
import { z } from 'zod'
import { can } from '../../access.js'
import { invalidSchema, RegistryError } from '../../../errors/registry-error.js'
import { deleteModeOf } from '../../../services/policy.js'
import type { SubjectPatch } from '../../../services/subject-attributes-service.js'
import { flag, subjectOf, subjectParams, versionOf, versionParams } from '../../params.js'
import { subjectLevel } from '../../routes/level-routes.js'
import { typed, type RouteDeps } from '../../routes/route-deps.js'
import { openSchemaSchema, registrationOf } from './objects.js'
import { openSchemaPolicy } from './policy.js'
import { openSchemaSubjectOf } from './subject-object.js'

const ATTRIBUTES = ['tenant', 'namespace', 'app', 'description', 'status', 'coordinate', 'compatibility'] as const

/** The upsert body; a Confluent lookup sent without its media type is not a silent upsert. */
const toSubjectPatch = (body: unknown): SubjectPatch => {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new RegistryError('INVALID_BODY', { reason: 'Request body must be a JSON object' })
  }
  const b = (body ?? {}) as Record<string, unknown>
  if (typeof b.schema === 'string' && !ATTRIBUTES.some((k) => k in b)) {
    throw invalidSchema('This is an OpenSchema subject upsert; send a Confluent lookup with the Confluent media type')
  }
  const patch: SubjectPatch = {}
  for (const k of ATTRIBUTES) {
    const v = b[k]
    if (v === undefined) continue
    if (v !== null && typeof v !== 'string') throw new RegistryError('INVALID_BODY', { reason: `${k} must be a string` })
    patch[k] = v
  }
  return patch
}

type Deps = Pick<RouteDeps, 'subjects' | 'deletes' | 'attributes' | 'config'>

/** OpenSchema's meaning of the subject paths both dialects have (docs/API.md §5). */
export const openSchemaSubjectRoutes = async (app: FastifyInstance, deps: Deps) => {
  const r = typed(app)
  const { subjects, deletes, attributes } = deps

  r.get('/subjects/:subject', { ...can.read('subject'), schema: { params: subjectParams } }, async (req) => openSchemaSubjectOf(deps, subjectOf(req, req.params.subject)))

  // row 9: create or update the subject's attributes
  r.post('/subjects/:subject', { ...can.admin('subject'), schema: { params: subjectParams, body: z.unknown() } }, async (req) => {
    const ref = subjectOf(req, req.params.subject)
    await attributes.upsert(ref, toSubjectPatch(req.body), actorOf(req))
    return openSchemaSubjectOf(deps, ref)
  })

  // permanent at once; `?permanent=true` is accepted and changes nothing
  r.delete('/subjects/:subject', { ...can.admin('subject'), schema: { params: subjectParams, querystring: z.object({ permanent: flag }) } }, async (req) =>
    deletes.deleteSubject(subjectOf(req, req.params.subject), deleteModeOf(openSchemaPolicy, req.query.permanent), actorOf(req)),
  )

  // row 7: the Subject object with the version's Schema object
  r.get('/subjects/:subject/versions/:version/schema', { ...can.read('subject'), schema: { params: versionParams } }, async (req) => {
    const ref = subjectOf(req, req.params.subject)
    const v = await subjects.version(ref, versionOf(req.params.version), false, openSchemaPolicy)
    return { ...(await openSchemaSubjectOf(deps, ref)), schema: openSchemaSchema(v, registrationOf(v)) }
  })

  // rows 12-13: `/config/{s}` is an alias of `/compatibility/{s}` here
  r.get('/config/:subject', { ...can.read('subject'), schema: { params: subjectParams } }, (req) => subjectLevel(deps, req, req.params.subject, 'GET'))
  r.put('/config/:subject', { ...can.admin('subject'), schema: { params: subjectParams, body: z.unknown() } }, (req) => subjectLevel(deps, req, req.params.subject, 'PUT'))
  r.delete('/config/:subject', { ...can.admin('subject'), schema: { params: subjectParams } }, (req) => subjectLevel(deps, req, req.params.subject, 'DELETE'))
}
