import { NO_BLOBS, type BlobStore } from '../blobs/blob-store.js'
import type { CompatibilityLevel } from '../domain/levels.js'
import type { Formats } from '../formats/formats.js'
import type { RegistryStore } from '../storage/registry-store.js'
import { createAnalyzer, type AnalyzerOptions } from './analysis/analyzer.js'
import { createAuditService } from './audit-service.js'
import { createCompatibilityTestService } from './compatibility-test-service.js'
import { createConfigService } from './config-service.js'
import { createContentService } from './content-service.js'
import { createContextService } from './context-service.js'
import { createDeleteService } from './delete-service.js'
import { createEventService } from './event-service.js'
import { createOpsService } from './ops-service.js'
import { createOwnershipService } from './ownership-service.js'
import { createPayloadValidation } from './payload-validation.js'
import { createPublishService } from './publish-service.js'
import { createRegisterService } from './register-service.js'
import { createRollbackService } from './rollback-service.js'
import { createSchemaReads } from './schema-reads.js'
import { createStatusCheck } from './status-check.js'
import { createStagingService } from './staging-service.js'
import { createSubjectAttributesService } from './subject-attributes-service.js'
import { createSubjectReads } from './subject-reads.js'
import { createVersionFiles } from './version-files.js'

export interface RegistryDeps {
  store: RegistryStore
  formats: Formats
  defaultCompatibility: CompatibilityLevel
  /** Where parsing and checks run: in-process below the weight, in worker threads above it. */
  analysis?: AnalyzerOptions
  /** The versioned file store; none when absent. */
  blobs?: BlobStore
  /** How long a readiness check waits for the database or the file store (2 s by default). */
  healthTimeoutMs?: number
}

/** Wires the use cases over one store; the HTTP layer sees only this. */
export const createRegistry = ({ store: given, formats, defaultCompatibility, analysis, blobs, healthTimeoutMs }: RegistryDeps) => {
  const owners = createOwnershipService({ store: given })
  // every other service writes through transactions that read again the claims their request was admitted to
  const store = owners.guarded
  const analyzer = createAnalyzer(formats, analysis ?? { offloadWeight: 32 * 1024, timeoutMs: 30_000 })
  const content = createContentService({ analyzer })
  const config = createConfigService({ store, defaultLevel: defaultCompatibility })
  const files = createVersionFiles({ blobs: blobs ?? NO_BLOBS, formats })
  const schemas = createSchemaReads({ store, analyzer, content, files })
  const registrar = createRegisterService({ store, content, analyzer, config, files })
  const subjects = createSubjectReads({ store, schemas, registrar, content, config, files })
  const staging = createStagingService({ store, registrar, config })
  return {
    formats,
    config,
    schemas,
    registrar,
    publisher: createPublishService({ store, formats, registrar, config }),
    subjects,
    deletes: createDeleteService({ store, config, files }),
    compatibilityTests: createCompatibilityTestService({ store, content, analyzer, registrar, config }),
    attributes: createSubjectAttributesService({ store, config }),
    contexts: createContextService({ store }),
    owners,
    audit: createAuditService({ store }),
    staging,
    rollbacks: createRollbackService({ store, registrar, staging }),
    events: createEventService({ store }),
    payloads: createPayloadValidation({ store, formats, content, subjects }),
    statusChecks: createStatusCheck({ store, formats, content, analyzer, config }),
    ops: createOpsService({ store, blobs: blobs ?? NO_BLOBS, timeoutMs: healthTimeoutMs ?? 2000 }),
    /** The analysis threads' heaps (metrics). */
    workerHeapBytes: () => analyzer.workerHeapBytes(),
    /** Stops the worker threads, if any were started. */
    close: () => analyzer.close(),
  }
}

export type Registry = ReturnType<typeof createRegistry>
