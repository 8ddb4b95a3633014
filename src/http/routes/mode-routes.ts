import type { FastifyInstance, FastifyRequest } from 'fastify'
import { actorOf } from '../audit.js'
import { z } from 'zod'
import { can } from '../access.js'
import { contextScope, type SubjectRef } from '../../domain/subjects.js'
import { RegistryError } from '../../errors/registry-error.js'
import { flag, scopeOf, subjectParams } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

const modeOfBody = (body: unknown): unknown => {
  if (body === undefined || body === null) throw new RegistryError('MISSING_BODY', { reason: 'Request body is missing' })
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RegistryError('INVALID_MODE', { reason: 'Request body must be {"mode": ...}' })
  return (body as { mode?: unknown }).mode
}

export const modeRoutes = async (app: FastifyInstance, { config }: Pick<RouteDeps, 'config'>) => {
  const r = typed(app)
  const contextOfRequest = (req: FastifyRequest): SubjectRef => contextScope(req.registryContext)

  /** PUT echoes the mode set; `{"mode": null}` clears the scope's mode, as Confluent does. */
  const put = async (req: FastifyRequest, ref: SubjectRef, body: unknown, force: boolean) => {
    const raw = modeOfBody(body)
    if (raw === null) {
      await config.deleteMode(ref, false, actorOf(req))
      return { mode: null }
    }
    return { mode: await config.setMode(ref, raw, force, actorOf(req)) }
  }

  r.get('/mode', can.read('scope'), async (req) => ({ mode: await config.effectiveMode(contextOfRequest(req)) }))
  r.put('/mode', { ...can.admin('scope'), schema: { body: z.unknown(), querystring: z.object({ force: flag }) } }, (req) =>
    put(req, contextOfRequest(req), req.body, req.query.force),
  )
  r.delete('/mode', { ...can.admin('scope'), schema: { querystring: z.object({ recursive: flag }) } }, async (req) => {
    const ref = contextOfRequest(req)
    const before = await config.effectiveMode(ref)
    await config.deleteMode(ref, req.query.recursive, actorOf(req))
    return { mode: before }
  })

  r.get('/mode/:subject', { ...can.read('subject'), schema: { params: subjectParams, querystring: z.object({ defaultToGlobal: flag }) } }, async (req) => {
    const ref = scopeOf(req, req.params.subject)
    const effective = await config.effectiveMode(ref)
    // a READONLY_OVERRIDE above the subject is what the subject is in, set or not (Confluent)
    if (req.query.defaultToGlobal || effective === 'READONLY_OVERRIDE') return { mode: effective }
    const stored = await config.storedMode(ref)
    if (!stored) throw new RegistryError('SUBJECT_MODE_NOT_FOUND', { subject: req.params.subject })
    return { mode: stored }
  })
  r.put('/mode/:subject', { ...can.admin('subject'), schema: { params: subjectParams, body: z.unknown(), querystring: z.object({ force: flag }) } }, (req) =>
    put(req, scopeOf(req, req.params.subject), req.body, req.query.force),
  )
  r.delete('/mode/:subject', { ...can.admin('subject'), schema: { params: subjectParams, querystring: z.object({ recursive: flag }) } }, async (req) => {
    const ref = scopeOf(req, req.params.subject)
    const previous = await config.deleteMode(ref, req.query.recursive, actorOf(req))
    if (!previous && !req.query.recursive) throw new RegistryError('SUBJECT_NOT_FOUND', { subject: req.params.subject })
    return { mode: previous ?? null }
  })
}
