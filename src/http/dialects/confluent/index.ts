import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from '../../routes/route-deps.js'
import type { DialectModule } from '../dialect-module.js'
import type { RegistryError } from '../../../errors/registry-error.js'
import { confluentBodies } from './bodies.js'
import { confluentIncompatibleSchemaMessage } from './compatibility-messages.js'
import { CONFLUENT_CODES } from './error-codes.js'
import { confluentPolicy } from './policy.js'
import { confluentPresenter } from './presenter.js'
import { confluentSchemaRoutes } from './schema-routes.js'
import { confluentSubjectRoutes } from './subject-routes.js'

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json'

/** The Confluent Schema Registry API (v7/v8), docs/API.md §4. */
export const confluentDialect: DialectModule = {
  name: 'confluent',
  pathPrefix: '/apis/ccompat/v7',
  // every Confluent client sends one of these, GETs included
  selectingMediaTypes: [MEDIA_TYPE, 'application/vnd.schemaregistry+json'],
  responseMediaType: () => MEDIA_TYPE,
  errorCodes: CONFLUENT_CODES,
  errorBody: (code, message) => ({ error_code: code, message }),
  // the catalogue's texts are Confluent's; a rejected registration lists the checker's findings
  errorMessage: (error) => (error.kind === 'INCOMPATIBLE_SCHEMA' ? confluentIncompatibleSchemaMessage((error as RegistryError<'INCOMPATIBLE_SCHEMA'>).details) : error.message),
  policy: confluentPolicy,
  bodies: confluentBodies,
  present: confluentPresenter,
  async routes(app: FastifyInstance, deps: RouteDeps) {
    await confluentSchemaRoutes(app, deps)
    await confluentSubjectRoutes(app, deps)
  },
}
