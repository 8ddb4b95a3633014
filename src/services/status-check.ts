import type { CompatibilityLevel } from '../domain/levels.js'
import type { SchemaReference, SchemaType } from '../domain/schema-types.js'
import { qualifySubject, type SubjectRef } from '../domain/subjects.js'
import { invalidSchema } from '../errors/registry-error.js'
import { SCHEMA_TYPE_MISMATCH } from '../formats/format-plugin.js'
import type { Formats } from '../formats/formats.js'
import { protoLockSchema } from '../formats/protobuf/index.js'
import type { RegistryStore } from '../storage/registry-store.js'
import type { SchemaSource } from './analysis/analysis-jobs.js'
import type { Analyzer } from './analysis/analyzer.js'
import type { DirectedIncompatibility } from './compatibility-result.js'
import type { ConfigService } from './config-service.js'
import type { ContentService } from './content-service.js'
import { subjectNotFound } from './version-resolution.js'

/** Whose side of the live schema the caller is on (docs/EXTENSIONS.md §7). */
export type StatusRole = 'producer' | 'consumer' | 'both'

/** What the caller was built with: a schema as a register body gives it, or a proto.lock document. */
export type StatusContract = { schema?: string; schemaType: SchemaType; references: SchemaReference[] } | { protolock: unknown; references?: SchemaReference[] }

/**
 * One finding, with the side it hurts: `producer` when the live schema cannot read the caller's data,
 * `consumer` when the caller cannot read data written with the live schema. `direction` is the
 * checker's (the caller is the candidate), for naming the roles in the message.
 */
export interface StatusWarning extends DirectedIncompatibility {
  role: 'producer' | 'consumer'
}

export interface StatusResult {
  subject: string
  version: number
  id: number
  compatible: boolean
  warnings: StatusWarning[]
}

/** The caller as candidate: BACKWARD asks whether it reads the live data, FORWARD whether the live schema reads its data. */
const LEVELS: Record<StatusRole, CompatibilityLevel> = { consumer: 'BACKWARD', producer: 'FORWARD', both: 'FULL' }

/** A type mismatch breaks every side asked about; other findings the side their direction names. */
const rolesOf = (i: DirectedIncompatibility, role: StatusRole): StatusWarning[] => {
  if (i.kind === SCHEMA_TYPE_MISMATCH) return (role === 'both' ? (['producer', 'consumer'] as const) : [role]).map((r) => ({ ...i, role: r }))
  return [{ ...i, role: i.direction === 'backward' ? 'consumer' : 'producer' }]
}

/**
 * The status check: a service's built-in contract against the subject's live latest version, with
 * the registry's own compatibility rules, whatever the subject's level. Writes nothing.
 */
export const createStatusCheck = ({
  store,
  formats,
  content,
  analyzer,
  config,
}: {
  store: RegistryStore
  formats: Formats
  content: ContentService
  analyzer: Analyzer
  config: ConfigService
}) => {
  /** A proto.lock as the Protobuf text it declares; without references of its own it imports what the live version references. */
  const fromLock = async (contract: { protolock: unknown; references?: SchemaReference[] }, live: SchemaSource & { context: string; id: number }) => {
    const parsedLive = formats.get(live.schemaType).parse(live.schema, live.references, { strict: false })
    const schema = protoLockSchema(contract.protolock, parsedLive)
    const references = contract.references ?? (await store.schemaById(live.context, live.id))?.references ?? []
    return { schemaType: 'PROTOBUF' as const, schema, references }
  }

  return {
    /** Checks `contract` against the latest live version of `subject`; SUBJECT_NOT_FOUND when there is none. */
    async check(subject: SubjectRef, contract: StatusContract, role: StatusRole): Promise<StatusResult> {
      const ref = await config.aliasOf(subject)
      const latest = (await store.versions(ref.context, ref.name, false)).at(-1)
      if (!latest) throw subjectNotFound(ref)
      // STORAGE_ERROR when the version's content is missing
      const [previous] = await content.versionSources(store, [latest])
      const given = 'protolock' in contract ? await fromLock(contract, { ...previous!, context: ref.context, id: latest.schemaId }) : contract
      if (!given.schema) throw invalidSchema('Empty schema')
      const candidate = await content.prepare(store, ref.context, { ...given, schema: given.schema, metadata: null, ruleSet: null }, { normalize: false, strict: true })
      const cfg = await config.effectiveConfig(ref)
      const result = await analyzer.run({
        kind: 'check',
        candidate: content.candidateSource(candidate),
        previous: [previous!],
        level: LEVELS[role],
        policy: cfg.compatibilityPolicy ?? 'STRICT',
      })
      const warnings = result.incompatibilities.flatMap((i) => rolesOf(i, role))
      return { subject: qualifySubject(ref), version: latest.version, id: latest.schemaId, compatible: warnings.length === 0, warnings }
    },
  }
}

export type StatusCheck = ReturnType<typeof createStatusCheck>
