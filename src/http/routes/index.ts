import type { FastifyInstance } from 'fastify'
import { compatibilityRoutes } from './compatibility-routes.js'
import { configRoutes } from './config-routes.js'
import { contextRoutes } from './context-routes.js'
import { modeRoutes } from './mode-routes.js'
import { rootRoutes } from './root-routes.js'
import type { RouteDeps } from './route-deps.js'
import { schemaRoutes } from './schema-routes.js'
import { subjectRoutes } from './subject-routes.js'
import { versionRoutes } from './version-routes.js'

export const registerRoutes = async (app: FastifyInstance, deps: RouteDeps) => {
  for (const routes of [rootRoutes, schemaRoutes, subjectRoutes, versionRoutes, compatibilityRoutes, configRoutes, modeRoutes, contextRoutes]) {
    await routes(app, deps)
  }
}
