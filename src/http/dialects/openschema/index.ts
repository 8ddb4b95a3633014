import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from '../../routes/route-deps.js'
import type { DialectModule } from '../dialect-module.js'
import { openSchemaBodies } from './bodies.js'
import { OPENSCHEMA_CODES } from './error-codes.js'
import { openSchemaErrorMessage } from './error-messages.js'
import { openSchemaPolicy } from './policy.js'
import { openSchemaPresenter } from './presenter.js'
import { openSchemaSchemaRoutes } from './schema-routes.js'
import { openSchemaSubjectRoutes } from './subject-routes.js'

const MEDIA_TYPE = 'application/vnd.openschema.v1+json'

/** OpenSchema answers `application/json` to a client whose Accept names only that. */
const responseMediaType = (accept: string | undefined): string => {
  if (accept) {
    const types = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase())
    if (types.length > 0 && types.every((t) => t === 'application/json')) return 'application/json'
  }
  return MEDIA_TYPE
}

/** The OpenSchema / EventMesh registry API, docs/API.md §5. */
export const openSchemaDialect: DialectModule = {
  name: 'openschema',
  pathPrefix: '/apis/openschema/v1',
  selectingMediaTypes: [MEDIA_TYPE],
  responseMediaType,
  errorCodes: OPENSCHEMA_CODES,
  errorBody: (code, message) => ({ errorCode: code, errorMessage: message }),
  errorMessage: openSchemaErrorMessage,
  policy: openSchemaPolicy,
  bodies: openSchemaBodies,
  present: openSchemaPresenter,
  async routes(app: FastifyInstance, deps: RouteDeps) {
    await openSchemaSchemaRoutes(app, deps)
    await openSchemaSubjectRoutes(app, deps)
  },
}
