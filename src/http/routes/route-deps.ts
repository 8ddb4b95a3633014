import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Registry } from '../../services/registry.js'
import type { SchemaCounts } from '../metrics.js'
import type { RenderedBodies } from '../rendered-bodies.js'

/** What route plugins are built from; each plugin's signature picks the services it uses. */
export type RouteDeps = Omit<Registry, 'close'> & {
  version: string
  commitId: string
  /** Registrations and deletes, counted for metrics from the services' results. */
  counts: SchemaCounts
  /** JSON texts of reads by id, kept while their content is the same. */
  rendered: RenderedBodies
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>()

/** The context (and subject) a `?subject=` query names, for reads by schema id. */
export const scopeOfQuery = (schemas: Pick<Registry['schemas'], 'subjectScope'>, req: FastifyRequest, subject: string | undefined) =>
  schemas.subjectScope(subject, req.registryContext, req.contextPinned)
