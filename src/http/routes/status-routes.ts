import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { RegistryError } from '../../errors/registry-error.js'
import type { StatusContract } from '../../services/status-check.js'
import { can } from '../access.js'
import { subjectOf, subjectParams } from '../params.js'
import { referenceSchema } from '../schema-fields.js'
import { presentStatusWarnings } from '../warnings.js'
import { typed, type RouteDeps } from './route-deps.js'

const query = z.object({ role: z.enum(['producer', 'consumer', 'both']).default('both') })
const lockBody = z.object({ protolock: z.unknown(), references: z.array(referenceSchema).nullish() })

/** `{"protolock": ...}` (both dialects), else a register body in the request's dialect. */
const contractOf = (req: FastifyRequest): StatusContract => {
  const body = req.body
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'protolock' in body) {
    const parsed = lockBody.safeParse(body)
    if (!parsed.success) throw new RegistryError('INVALID_BODY', { reason: 'references must be a list of {name, subject, version}' })
    return { protolock: parsed.data.protolock, ...(parsed.data.references ? { references: parsed.data.references } : {}) }
  }
  const { schema, schemaType, references } = req.dialect.bodies.schemaFields(body)
  return { schema, schemaType, references }
}

/** The status check (docs/EXTENSIONS.md §7): a read, it writes nothing. */
export const statusRoutes = async (app: FastifyInstance, { statusChecks }: Pick<RouteDeps, 'statusChecks'>) => {
  typed(app).post('/subjects/:subject/status', { ...can.read('subject'), schema: { params: subjectParams, querystring: query, body: z.unknown() } }, async (req) => {
    const result = await statusChecks.check(subjectOf(req, req.params.subject), contractOf(req), req.query.role)
    return { ...result, id: req.dialect.present.id(result.id), warnings: presentStatusWarnings(result.warnings) }
  })
}
