import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CONFIG_FIELDS, type RegistryConfig } from '../../domain/config.js'
import { contextScope, type SubjectRef } from '../../domain/subjects.js'
import { RegistryError } from '../../errors/registry-error.js'
import type { ConfigPatch } from '../../services/config-service.js'
import { flag, scopeOf, subjectOf, subjectParams } from '../params.js'
import { typed, type RouteDeps } from './route-deps.js'

const BOOLEAN_FIELDS = new Set(['normalize', 'validateFields', 'validateRules'])
const OBJECT_FIELDS = new Set(['defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'])

/** A config PUT body: `compatibility` (or `compatibilityLevel`) plus the other stored fields. */
export const toConfigPatch = (body: unknown): ConfigPatch => {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw new RegistryError('INVALID_BODY', 'Request body must be a JSON object')
  const b = body as Record<string, unknown>
  const patch: Record<string, unknown> = {}
  if ('compatibility' in b) patch.compatibilityLevel = b.compatibility
  else if ('compatibilityLevel' in b) patch.compatibilityLevel = b.compatibilityLevel
  for (const key of CONFIG_FIELDS) {
    if (key === 'compatibilityLevel' || !(key in b)) continue
    const v = b[key]
    const wrongType =
      v !== null &&
      (BOOLEAN_FIELDS.has(key) ? typeof v !== 'boolean' : OBJECT_FIELDS.has(key) ? typeof v !== 'object' || Array.isArray(v) : typeof v !== 'string')
    if (wrongType) throw new RegistryError('INVALID_BODY', `Invalid config field ${key}`)
    patch[key] = v
  }
  return patch as ConfigPatch
}

/** GET shape: the level under `compatibilityLevel`; PUT echoes it under `compatibility`. */
const asGet = (c: RegistryConfig) => c
const asPut = ({ compatibilityLevel, ...rest }: RegistryConfig) => ({ ...(compatibilityLevel ? { compatibility: compatibilityLevel } : {}), ...rest })

export const configRoutes = async (app: FastifyInstance, { registry }: RouteDeps) => {
  const r = typed(app)
  const { config } = registry
  const contextOfRequest = (req: FastifyRequest): SubjectRef => contextScope(req.registryContext)

  r.get('/config', { schema: { querystring: z.object({ defaultToGlobal: flag }) } }, async (req) => asGet(await config.effectiveConfig(contextOfRequest(req))))
  r.put('/config', { schema: { body: z.unknown() } }, async (req) => asPut(await config.updateConfig(contextOfRequest(req), toConfigPatch(req.body))))
  r.delete('/config', async (req) => {
    const ref = contextOfRequest(req)
    const before = await config.effectiveConfig(ref)
    await config.deleteConfig(ref)
    return asGet(before)
  })

  // In the OpenSchema dialect /config/{s} is an alias of /compatibility/{s} (docs/API.md §5, rows 12-13).
  const openSchemaLevel = async (req: FastifyRequest, raw: string, method: 'GET' | 'PUT' | 'DELETE') => {
    const ref = subjectOf(req, raw)
    await registry.subjects.subject(ref)
    if (method === 'PUT') {
      const patch = toConfigPatch(req.body)
      if (patch.compatibilityLevel !== undefined) await registry.attributes.upsert(ref, { compatibility: patch.compatibilityLevel })
    }
    if (method === 'DELETE') await config.deleteConfig(ref)
    return { compatibility: (await config.effectiveConfig(ref)).compatibilityLevel }
  }

  for (const base of ['/config', '/compatibility']) {
    const confluentToo = base === '/config'
    r.get(`${base}/:subject`, { schema: { params: subjectParams, querystring: z.object({ defaultToGlobal: flag }) } }, async (req) => {
      if (req.dialect === 'openschema' || !confluentToo) return openSchemaLevel(req, req.params.subject, 'GET')
      const ref = scopeOf(req, req.params.subject)
      if (req.query.defaultToGlobal) return asGet(await config.effectiveConfig(ref))
      const stored = await config.storedConfig(ref)
      if (!stored) throw new RegistryError('SUBJECT_CONFIG_NOT_FOUND', `Subject '${req.params.subject}' does not have subject-level compatibility configured`)
      return asGet(stored)
    })
    r.put(`${base}/:subject`, { schema: { params: subjectParams, body: z.unknown() } }, async (req) => {
      if (req.dialect === 'openschema' || !confluentToo) return openSchemaLevel(req, req.params.subject, 'PUT')
      return asPut(await config.updateConfig(scopeOf(req, req.params.subject), toConfigPatch(req.body)))
    })
    r.delete(`${base}/:subject`, { schema: { params: subjectParams } }, async (req) => {
      if (req.dialect === 'openschema' || !confluentToo) return openSchemaLevel(req, req.params.subject, 'DELETE')
      const previous = await config.deleteConfig(scopeOf(req, req.params.subject))
      if (!previous) throw new RegistryError('SUBJECT_NOT_FOUND', `Subject '${req.params.subject}' not found.`)
      return asGet(previous)
    })
  }
}
