import { validateMetadata, validateRuleSet } from '../domain/data-contracts.js'
import { mergeMetadata, mergeRuleSets } from '../domain/metadata.js'
import type { RegistryConfig } from '../domain/config.js'
import type { Metadata, RuleSet, SchemaReference, SchemaType } from '../domain/schema-types.js'
import { qualifySubject, scopeKey, type SubjectRef } from '../domain/subjects.js'
import { invalidSchema, RegistryError } from '../errors/registry-error.js'
import type { RegistryStore, SchemaRow, StoreReader, StoreWriter, VersionRow } from '../storage/registry-store.js'
import type { AuditActor } from '../domain/audit.js'
import type { Analyzer } from './analysis/analyzer.js'
import { auditOf, auditTargetOf } from './audit-service.js'
import { comparedVersions } from './compared-versions.js'
import { stableJson } from './content-hash.js'
import { reservedCheck } from './compatibility-reserved.js'
import { incompatibleSchema, type DirectedIncompatibility } from './compatibility-result.js'
import type { ConfigService } from './config-service.js'
import type { ContentService, PreparedSchema } from './content-service.js'
import type { Policy } from './policy.js'
import type { VersionFiles } from './version-files.js'
import { createRegisterMemo } from './register-memo.js'
import type { SchemaView } from './views.js'

export interface RegisterInput {
  subject: SubjectRef
  /** Empty or undefined: reuse the latest live version's schema with new metadata / rule set. */
  schema?: string
  schemaType: SchemaType
  references: SchemaReference[]
  /** Undefined: inherit from the latest live version. */
  metadata?: Metadata | null
  ruleSet?: RuleSet | null
  id?: number
  version?: number
  normalize: boolean
  /** Register even when the level rejects the schema; the answer carries what the check found (docs/EXTENSIONS.md §6). */
  force?: boolean
  /**
   * Make the content the subject's latest version (rollback, promotion: docs/EXTENSIONS.md §8): only
   * the latest live version counts as already registered, so content live at an earlier version is
   * registered again as a new version (with the id it has).
   */
  asLatest?: boolean
  annotations?: { name?: string | null; comment?: string | null; validator?: string | null }
}

export type RegisterResult = Pick<SchemaView, 'id' | 'guid' | 'schemaType' | 'schema' | 'references' | 'metadata' | 'ruleSet'> & {
  version: number
  /** False when the content was already live under the subject and nothing was written. */
  created: boolean
  /** Only for a forced registration: what the compatibility check found (empty when compatible). */
  warnings?: DirectedIncompatibility[]
}

type Deps = {
  store: RegistryStore
  content: ContentService
  analyzer: Analyzer
  config: ConfigService
  files: VersionFiles
}

/** Metadata and rule set as stored: merge(merge(config default, given or inherited), config override). */
const effectiveExtras = (input: RegisterInput, latest: PreparedLike | undefined, config: RegistryConfig) => ({
  metadata: mergeMetadata(mergeMetadata(config.defaultMetadata, input.metadata === undefined ? latest?.metadata : input.metadata), config.overrideMetadata),
  ruleSet: mergeRuleSets(mergeRuleSets(config.defaultRuleSet, input.ruleSet === undefined ? latest?.ruleSet : input.ruleSet), config.overrideRuleSet),
})
type PreparedLike = { metadata: Metadata | null; ruleSet: RuleSet | null }
/** A prepared candidate, the latest live version's row it follows, and what it was prepared from. */
type Prepared = { candidate: PreparedSchema; latestRow: SchemaRow | undefined; basis: string }

/** `?normalize=true` or the subject config's `normalize`; IMPORT stores what it is given. */
const normalizes = (input: RegisterInput, cfg: RegistryConfig, importing: boolean) => !importing && (input.normalize || cfg.normalize === true)

/**
 * Everything a registration decides inside its transaction, in Confluent's order: the lookup of an
 * existing registration comes before the mode check, so auto-registering producers keep working
 * against a READONLY registry.
 */
export const createRegisterService = ({ store, content, analyzer, config, files }: Deps) => {
  const memo = createRegisterMemo(store)

  /**
   * Prepares the candidate: fills an empty schema from the latest version and applies metadata rules.
   * Without references it is a pure function of the request and its `basis`: `earlier`, prepared
   * before the transaction from the same basis, is not canonicalized again inside it.
   */
  const prepareCandidate = async (tx: StoreReader, input: RegisterInput, live: VersionRow[], cfg: RegistryConfig, importing: boolean, earlier?: Prepared): Promise<Prepared> => {
    const latestRow = live.length > 0 ? await tx.schemaById(input.subject.context, live.at(-1)!.schemaId) : undefined
    const basis = stableJson([latestRow?.contentHash ?? null, cfg, importing])
    if (earlier && earlier.basis === basis && earlier.candidate.resolved.length === 0) return { ...earlier, latestRow }
    let { schema, schemaType, references } = input
    if (!schema) {
      if (!latestRow) throw invalidSchema('Empty schema')
      ;({ schema, schemaType, references } = latestRow)
    }
    validateMetadata(input.metadata)
    validateRuleSet(input.ruleSet)
    const source = { schemaType, schema, references, ...effectiveExtras(input, latestRow, cfg) }
    const candidate = await content.prepare(tx, input.subject.context, source, { normalize: normalizes(input, cfg, importing), strict: !importing })
    return { candidate, latestRow, basis }
  }

  const checkCompatibility = async (tx: StoreReader, input: RegisterInput, candidate: PreparedSchema, live: VersionRow[], cfg: RegistryConfig) => {
    const level = cfg.compatibilityLevel ?? 'BACKWARD'
    const compared = await comparedVersions(tx, candidate, input.version === -1 ? live.slice(-1) : live, cfg, level)
    const previous = await content.versionSources(tx, compared)
    // validateFields checks reserved names against the latest version, whatever the level or group
    const reserved = await reservedCheck(tx, cfg, candidate, live.at(-1))
    if (previous.length === 0 && !reserved) return
    const result = await analyzer.run({
      kind: 'check',
      candidate: content.candidateSource(candidate),
      previous,
      level,
      policy: cfg.compatibilityPolicy ?? 'STRICT',
      validateFields: cfg.validateFields,
      reserved,
    })
    if (!result.compatible && !input.force) throw incompatibleSchema(qualifySubject(input.subject), result)
    return result
  }

  /** Binds the content to an id: the explicit one in IMPORT (never rebinding an id), else dedupe. */
  const bindId = async (tx: StoreWriter, input: RegisterInput, candidate: PreparedSchema): Promise<number> => {
    const { context } = input.subject
    if (input.id === undefined) return tx.insertSchema({ context, ...candidate })
    const bound = await tx.schemaById(context, input.id)
    if (bound && bound.contentHash !== candidate.contentHash) {
      throw new RegistryError('OPERATION_NOT_PERMITTED', { reason: `Overwrite new schema with id ${input.id} in context ${context} is not permitted.` })
    }
    if (!bound) await tx.insertSchemaWithId({ context, ...candidate }, input.id)
    return input.id
  }

  /**
   * Registering content whose registration here is soft-deleted drops that row (unless referenced),
   * except the row about to be overwritten (IMPORT of the same version makes it live again).
   */
  const dropSoftDeletedTwins = async (tx: StoreWriter, all: VersionRow[], id: number, writing: number) => {
    for (const v of all.filter((r) => r.deleted && r.schemaId === id && r.version !== writing)) {
      if ((await tx.referrers(v.context, v.subject, v.version)).length > 0) continue
      await files.purge({ context: v.context, name: v.subject }, v.version)
      await tx.deleteVersion(v.context, v.subject, v.version)
    }
  }

  const chooseVersion = (input: RegisterInput, all: VersionRow[], importing: boolean): { version: number; overwrite: boolean } => {
    const next = (all.at(-1)?.version ?? 0) + 1
    if (importing && input.version !== undefined && input.version > 0) {
      return { version: input.version, overwrite: all.some((v) => v.version === input.version) }
    }
    if (input.version !== undefined && input.version !== -1 && input.version !== next) {
      throw invalidSchema('Version is not one more than previous version')
    }
    return { version: next, overwrite: false }
  }

  /** What a registration reads before it decides: the same on the cached store and in the transaction. */
  const assess = async (reader: StoreReader, given: RegisterInput, policy: Policy, earlier?: Prepared) => {
    const ref = given.subject
    const { mode, config: cfg } = await config.effectiveIn(reader, ref)
    const importing = mode === 'IMPORT'
    const input = policy.idsOutsideImport === 'ignore' && !importing ? { ...given, id: undefined, version: undefined } : given
    const all = await reader.versions(ref.context, ref.name, true)
    const live = all.filter((v) => !v.deleted)
    const prepared = await prepareCandidate(reader, input, live, cfg, importing, earlier)
    const { candidate } = prepared
    const existing = await content.findRegistration(reader, ref.context, input.asLatest ? live.slice(-1) : live, candidate, normalizes(input, cfg, importing))
    // An IMPORT that names its version asks for that version: the same content live under another
    // number does not answer it (Confluent registers the named version; a copy replays it so)
    const askedOther = importing && input.version !== undefined && input.version > 0 && existing !== undefined && existing.version !== input.version
    const reused = existing && !askedOther && (input.id === undefined || input.id === existing.schemaId) ? existing : undefined
    return { ref, mode, importing, input, cfg, all, live, candidate, reused, prepared }
  }

  const resultOf = (c: PreparedSchema, id: number, version: number, created: boolean): RegisterResult => ({
    id,
    version,
    guid: c.guid,
    schemaType: c.schemaType,
    schema: c.schema,
    references: c.references,
    metadata: c.metadata,
    ruleSet: c.ruleSet,
    created,
  })

  const register = async (tx: StoreWriter, given: RegisterInput, policy: Policy, actor: AuditActor | undefined, earlier?: Prepared): Promise<RegisterResult> => {
    await tx.lock(`subject:${scopeKey(given.subject)}`)
    const { ref, mode, importing, input, cfg, all, live, candidate, reused, prepared } = await assess(tx, given, policy, earlier)
    if (reused) return { ...resultOf(candidate, reused.schemaId, reused.version, false), ...(input.force ? { warnings: [] } : {}) }

    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') {
      throw new RegistryError('OPERATION_NOT_PERMITTED', { reason: `Subject ${qualifySubject(ref)} is in read-only mode` })
    }
    if (importing && input.id === undefined) throw new RegistryError('OPERATION_NOT_PERMITTED', { reason: 'Subject is in import mode; a schema id is required' })
    if (!importing && input.id !== undefined) {
      throw new RegistryError('OPERATION_NOT_PERMITTED', { reason: `Subject ${qualifySubject(ref)} is not in import mode; an explicit id is not permitted` })
    }
    const { version, overwrite } = chooseVersion(input, all, importing)
    const checked = importing ? undefined : await checkCompatibility(tx, input, candidate, live, cfg)
    // a forced registration goes through whatever the check found, and says what that was
    const warnings = input.force ? (checked?.incompatibilities ?? []) : undefined

    const id = await bindId(tx, input, candidate)
    await dropSoftDeletedTwins(tx, all, id, version)
    // an IMPORT over an existing version moves that version's files aside: nothing is overwritten
    if (overwrite) await files.purge(ref, version)
    // the files go first: a store that cannot be written fails the request before anything commits
    await files.writeVersion({ ...candidate, subject: ref, version, id, registeredAt: new Date() })
    const row = { context: ref.context, subject: ref.name, version, schemaId: id, ...input.annotations }
    if (overwrite) {
      await tx.touchSubject(ref.context, ref.name)
      await tx.replaceVersion(row)
    } else await tx.insertVersion(row) // creates or bumps the subject row too
    await tx.appendEvent({
      action: 'schema.register',
      context: ref.context,
      subject: ref.name,
      version,
      schemaId: id,
      ...auditOf(actor, {
        eventType: 'schema_register',
        ...auditTargetOf(ref),
        schemaType: candidate.schemaType,
        // the content hash of the latest live version before this one (none for a first version)
        beforeHash: prepared.latestRow?.contentHash,
        afterHash: candidate.contentHash,
        ...(warnings && warnings.length > 0 ? { reason: 'forced' } : {}),
      }),
    })
    return { ...resultOf(candidate, id, version, true), ...(warnings ? { warnings } : {}) }
  }

  return {
    registerIn: register,
    /**
     * Registers (or finds) the schema under the subject in one transaction. Producers re-register
     * the same schema all the time, so an existing registration is first looked up on the cached
     * store, without a transaction or a lock. A registration that finds its content live writes
     * nothing, so it records no audit event either.
     */
    async register(given: RegisterInput, policy: Policy, actor?: AuditActor): Promise<RegisterResult> {
      const known = memo.recall(given, policy)
      if (known) return { ...known, ...(given.force ? { warnings: [] } : {}) }
      const remember = memo.start(given, policy)
      const input = { ...given, subject: await config.aliasOf(given.subject) }
      const fast = await assess(store, input, policy)
      if (fast.reused) {
        const result = resultOf(fast.candidate, fast.reused.schemaId, fast.reused.version, false)
        remember(result)
        return { ...result, ...(input.force ? { warnings: [] } : {}) }
      }
      return store.transaction((tx) => register(tx, input, policy, actor, fast.prepared))
    },
    /** Prepares content against the subject's config without writing: lookups and compatibility tests. */
    async prepareFor(input: RegisterInput): Promise<{ candidate: PreparedSchema; live: VersionRow[]; cfg: RegistryConfig; normalize: boolean }> {
      const ref = input.subject
      const cfg = await config.effectiveConfig(ref)
      const live = await store.versions(ref.context, ref.name, false)
      const { candidate } = await prepareCandidate(store, input, live, cfg, false)
      return { candidate, live, cfg, normalize: normalizes(input, cfg, false) }
    },
    /**
     * The check a registration makes, without registering (staging, docs/EXTENSIONS.md §8): content
     * already registered passes; otherwise INCOMPATIBLE_SCHEMA when the level rejects it, unless
     * `force`, which answers what the check found instead. Reads through `reader` (a transaction, or
     * a view that adds staged versions).
     */
    async checkIn(reader: StoreReader, given: RegisterInput, policy: Policy): Promise<{ candidate: PreparedSchema; warnings?: DirectedIncompatibility[] }> {
      const { input, cfg, live, candidate, reused } = await assess(reader, given, policy)
      const checked = reused ? undefined : await checkCompatibility(reader, input, candidate, live, cfg)
      return { candidate, ...(input.force ? { warnings: checked?.incompatibilities ?? [] } : {}) }
    },
  }
}

export type RegisterService = ReturnType<typeof createRegisterService>
