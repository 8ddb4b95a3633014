import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { VersionSpec } from '../../domain/versions.js'
import type { CompatibilityResult } from '../../services/compatibility-service.js'
import { compatibilityMessages } from '../dialects/compatibility-messages.js'
import { flag, subjectOf, subjectParams, versionOf, versionParams } from '../params.js'
import { schemaFieldsOf } from '../schema-bodies.js'
import { typed, type RouteDeps } from './route-deps.js'

const query = z.object({ normalize: flag, verbose: flag })

const present = (req: FastifyRequest, verbose: boolean, result: CompatibilityResult) => {
  const key = req.dialect === 'confluent' ? 'is_compatible' : 'isCompatible'
  return verbose ? { [key]: result.compatible, messages: compatibilityMessages(req.dialect, result) } : { [key]: result.compatible }
}

export const compatibilityRoutes = async (app: FastifyInstance, { registry }: RouteDeps) => {
  const r = typed(app)

  const test = async (req: FastifyRequest, subject: string, target: VersionSpec | 'all', q: z.infer<typeof query>) => {
    const fields = schemaFieldsOf(req)
    const result = await registry.compatibilityTests.test({ ...fields, subject: subjectOf(req, subject), normalize: q.normalize }, target, {
      // Confluent answers an invalid schema with verbose=true as incompatible; OpenSchema always 42201
      invalidAsIncompatible: req.dialect === 'confluent' && q.verbose,
      // Confluent answers `latest` on a subject without live versions as compatible; OpenSchema 40402.
      missingSubjectIsCompatible: req.dialect === 'confluent',
    })
    return present(req, q.verbose, result)
  }

  r.post('/compatibility/subjects/:subject/versions/:version', { schema: { params: versionParams, querystring: query, body: z.unknown() } }, (req) => {
    const spec = versionOf(req.params.version)
    return test(req, req.params.subject, spec, req.query)
  })
  r.post('/compatibility/subjects/:subject/versions', { schema: { params: subjectParams, querystring: query, body: z.unknown() } }, (req) =>
    test(req, req.params.subject, 'all', req.query),
  )
}
