import type { FastifyInstance } from 'fastify'
import type { DialectModule } from '../dialects/index.js'
import { compatibilityRoutes } from './compatibility-routes.js'
import { configRoutes } from './config-routes.js'
import { contextRoutes } from './context-routes.js'
import { levelRoutes } from './level-routes.js'
import { modeRoutes } from './mode-routes.js'
import { ownerRoutes } from './owner-routes.js'
import { payloadRoutes } from './payload-routes.js'
import { rootRoutes } from './root-routes.js'
import type { RouteDeps } from './route-deps.js'
import { schemaRoutes } from './schema-routes.js'
import { statusRoutes } from './status-routes.js'
import { stagingRoutes } from './staging-routes.js'
import { subjectRoutes } from './subject-routes.js'
import { versionRoutes } from './version-routes.js'

/**
 * The routes every dialect shares (they present through `request.dialect`), then each dialect's own,
 * constrained to it: inside a dialect's plugin every route it adds gets the `dialect` constraint.
 */
export const registerRoutes = async (app: FastifyInstance, deps: RouteDeps, dialects: readonly DialectModule[]) => {
  for (const routes of [
    rootRoutes,
    schemaRoutes,
    subjectRoutes,
    versionRoutes,
    compatibilityRoutes,
    configRoutes,
    levelRoutes,
    modeRoutes,
    ownerRoutes,
    contextRoutes,
    payloadRoutes,
    statusRoutes,
    stagingRoutes,
  ]) {
    await routes(app, deps)
  }
  for (const dialect of dialects) {
    await app.register(async (scoped) => {
      scoped.addHook('onRoute', (route) => {
        route.constraints = { ...route.constraints, dialect: dialect.name }
      })
      await dialect.routes(scoped, deps)
    })
  }
}
