import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** Serves the hand-written contract (`openapi.yaml`) and Swagger UI at `/docs`. */
export const installDocs = async (app: FastifyInstance, openapiPath: string) => {
  await app.register(swagger, { mode: 'static', specification: { path: openapiPath, baseDir: '' } })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
