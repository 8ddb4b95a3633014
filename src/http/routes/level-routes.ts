import type { FastifyInstance, FastifyRequest } from 'fastify'
import { actorOf } from '../audit.js'
import { z } from 'zod'
import { can } from '../access.js'
import { toConfigPatch } from '../config-bodies.js'
import { subjectOf, subjectParams } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

type LevelDeps = Pick<RouteDeps, 'subjects' | 'config' | 'attributes'>

/**
 * OpenSchema's subject level (docs/API.md §5, rows 12-13): GET answers the effective level, PUT sets
 * the subject's own, DELETE removes it; all answer `{"compatibility": level}` and need the subject.
 */
export const subjectLevel = async ({ subjects, config, attributes }: LevelDeps, req: FastifyRequest, raw: string, method: 'GET' | 'PUT' | 'DELETE') => {
  const ref = subjectOf(req, raw)
  await subjects.subject(ref)
  if (method === 'PUT') {
    const patch = toConfigPatch(req.body)
    if (patch.compatibilityLevel !== undefined) await attributes.upsert(ref, { compatibility: patch.compatibilityLevel }, actorOf(req))
  }
  if (method === 'DELETE') await config.deleteConfig(ref, actorOf(req))
  return { compatibility: (await config.effectiveConfig(ref)).compatibilityLevel }
}

/** `/compatibility/{s}`: the subject level, in every dialect. */
export const levelRoutes = async (app: FastifyInstance, deps: LevelDeps) => {
  const r = typed(app)
  r.get('/compatibility/:subject', { ...can.read('subject'), schema: { params: subjectParams } }, (req) => subjectLevel(deps, req, req.params.subject, 'GET'))
  r.put('/compatibility/:subject', { ...can.admin('subject'), schema: { params: subjectParams, body: z.unknown() } }, (req) => subjectLevel(deps, req, req.params.subject, 'PUT'))
  r.delete('/compatibility/:subject', { ...can.admin('subject'), schema: { params: subjectParams } }, (req) => subjectLevel(deps, req, req.params.subject, 'DELETE'))
}
