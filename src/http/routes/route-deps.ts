import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Registry } from '../../services/registry.js'

export interface RouteDeps {
  registry: Registry
  version: string
  commitId: string
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>()

/** Ids are integers in Confluent bodies and decimal strings in OpenSchema ones. */
export const idOut = (request: FastifyRequest, id: number): number | string => (request.dialect === 'confluent' ? id : String(id))
