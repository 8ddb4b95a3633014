import type { CompatibilityLevel } from '../domain/levels.js'
import type { Formats } from '../formats/formats.js'
import type { RegistryStore } from '../storage/registry-store.js'
import { createCompatibilityService } from './compatibility-service.js'
import { createCompatibilityTestService } from './compatibility-test-service.js'
import { createConfigService } from './config-service.js'
import { createContentService } from './content-service.js'
import { createContextService } from './context-service.js'
import { createDeleteService } from './delete-service.js'
import { createRegisterService } from './register-service.js'
import { createSchemaReads } from './schema-reads.js'
import { createSubjectAttributesService } from './subject-attributes-service.js'
import { createSubjectReads } from './subject-reads.js'

export interface RegistryDeps {
  store: RegistryStore
  formats: Formats
  defaultCompatibility: CompatibilityLevel
}

/** Wires the use cases over one store; the HTTP layer sees only this. */
export const createRegistry = ({ store, formats, defaultCompatibility }: RegistryDeps) => {
  const content = createContentService({ formats })
  const compatibility = createCompatibilityService({ formats })
  const config = createConfigService({ store, defaultLevel: defaultCompatibility })
  const schemas = createSchemaReads({ store, formats, content })
  const registrar = createRegisterService({ store, content, compatibility, config })
  return {
    formats,
    config,
    schemas,
    registrar,
    subjects: createSubjectReads({ store, schemas, registrar, content }),
    deletes: createDeleteService({ store, config }),
    compatibilityTests: createCompatibilityTestService({ store, content, compatibility, registrar }),
    attributes: createSubjectAttributesService({ store, config }),
    contexts: createContextService({ store }),
  }
}

export type Registry = ReturnType<typeof createRegistry>
