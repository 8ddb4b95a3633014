import type { AuditActor } from '../domain/audit.js'
import type { SchemaReference } from '../domain/schema-types.js'
import { parseSubject, qualifySubject, type SubjectRef } from '../domain/subjects.js'
import { isRegistryError, RegistryError, type ErrorKind } from '../errors/registry-error.js'
import type { RegistryStore, StagedSchema, StoreWriter } from '../storage/registry-store.js'
import { auditOf, auditTargetOf } from './audit-service.js'
import type { DirectedIncompatibility } from './compatibility-result.js'
import type { ConfigService } from './config-service.js'
import type { Policy } from './policy.js'
import type { RegisterInput, RegisterService } from './register-service.js'
import { stagedView } from './staged-view.js'

/** A staged schema as `GET /staging` lists it. */
export interface StagedView {
  /** Qualified outside the default context (`:.ctx:s`). */
  subject: string
  schemaType: StagedSchema['schemaType']
  schema: string
  references: SchemaReference[]
}

export interface Promoted {
  subject: string
  id: number
  version: number
}

/** Decides whether the caller may change the staging of these subjects; throws FORBIDDEN when not. */
export type AdmitSubjects = (subjects: SubjectRef[]) => Promise<void>

// Failures of the database or the server are not the staged change's fault: they keep their kind (5xx).
const SERVER_KINDS: ReadonlySet<ErrorKind> = new Set(['STORAGE_ERROR', 'TIMEOUT', 'INTERNAL'])

/** A promotion failure, naming the staged subject; an incompatibility already names it and keeps its details. */
const promotionFailure = (ref: SubjectRef, e: unknown): unknown => {
  if (!isRegistryError(e) || SERVER_KINDS.has(e.kind) || e.kind === 'INCOMPATIBLE_SCHEMA') return e
  return new RegistryError('PROMOTION_FAILED', { subject: qualifySubject(ref), reason: e.message })
}

/** The subjects of a context's staging that a staged schema names with `version: -1`. */
const stagedDependencies = (s: StagedSchema, staged: ReadonlySet<string>): string[] =>
  s.references
    .filter((r) => r.version === -1)
    .map((r) => parseSubject(r.subject, s.context))
    .filter((t) => t.context === s.context && staged.has(t.name) && t.name !== s.subject)
    .map((t) => t.name)

/** Dependencies first (a depth-first walk in subject order); a cycle fails the promotion. */
export const referenceOrder = (staged: readonly StagedSchema[]): StagedSchema[] => {
  const bySubject = new Map(staged.map((s) => [s.subject, s]))
  const names = new Set(bySubject.keys())
  const done = new Set<string>()
  const visiting = new Set<string>()
  const out: StagedSchema[] = []
  const visit = (s: StagedSchema) => {
    if (done.has(s.subject)) return
    if (visiting.has(s.subject)) {
      throw new RegistryError('PROMOTION_FAILED', { subject: qualifySubject({ context: s.context, name: s.subject }), reason: 'staged references form a cycle' })
    }
    visiting.add(s.subject)
    for (const d of stagedDependencies(s, names)) visit(bySubject.get(d)!)
    visiting.delete(s.subject)
    done.add(s.subject)
    out.push(s)
  }
  staged.forEach(visit)
  return out
}

const lockOf = (context: string) => `staging:${context}`

/** A subject staged between the access decision and the lock was not decided on: the caller tries again. */
const assertAdmitted = (context: string, staged: readonly StagedSchema[], admitted: ReadonlySet<string>) => {
  const late = staged.find((s) => !admitted.has(s.subject))
  if (late) {
    throw new RegistryError('PROMOTION_FAILED', {
      subject: qualifySubject({ context, name: late.subject }),
      reason: 'it was staged while the request was being authorized; try again',
    })
  }
}

/**
 * Staging and promotion (docs/EXTENSIONS.md §8). Every change to a context's staging takes that
 * context's staging lock, so a promotion sees a staging nobody changes under it. A promotion also
 * takes each subject's lock through the registration, as a direct registration does, so the two
 * serialize per subject and version numbers stay without gaps.
 */
export const createStagingService = ({ store, registrar, config }: { store: RegistryStore; registrar: RegisterService; config: ConfigService }) => {
  /** One staged schema through the registration, its `-1` references to promoted subjects made exact. */
  const promoteOne = (tx: StoreWriter, s: StagedSchema, versions: ReadonlyMap<string, number>, policy: Policy, actor: AuditActor | undefined) => {
    const references = s.references.map((r) => {
      const target = parseSubject(r.subject, s.context)
      const version = r.version === -1 && target.context === s.context ? versions.get(target.name) : undefined
      return version === undefined ? r : { ...r, version }
    })
    const { context, subject, schema, schemaType, metadata, ruleSet, forced } = s
    const input = { subject: { context, name: subject }, schema, schemaType, references, metadata, ruleSet, normalize: false, force: forced, asLatest: true }
    return registrar.registerIn(tx, input, policy, actor)
  }

  /**
   * Asks `admit` about the staging as it is before the transaction: deciding may read the store
   * (claims), which a transaction on PGlite's one connection must not wait for.
   */
  const admitStaging = async (context: string, admit: AdmitSubjects): Promise<ReadonlySet<string>> => {
    const staged = await store.stagedSchemas(context)
    await admit(staged.map((s) => ({ context, name: s.subject })))
    return new Set(staged.map((s) => s.subject))
  }

  return {
    /**
     * Checks the schema against the subject's live versions at its level, as a registration would, and
     * stages it (replacing what the subject had staged). References with `version: -1` resolve to the
     * staged schema of the referenced subject where it has one. Answers the check's findings with `force`.
     */
    async stage(given: RegisterInput, policy: Policy, actor?: AuditActor): Promise<{ subject: string; warnings?: DirectedIncompatibility[] }> {
      // an id or a version number means nothing before promotion
      const input: RegisterInput = { ...given, subject: await config.aliasOf(given.subject), id: undefined, version: undefined, asLatest: true }
      const ref = input.subject
      return store.transaction(async (tx) => {
        await tx.lock(lockOf(ref.context))
        const staged = await tx.stagedSchemas(ref.context)
        const { candidate, warnings } = await registrar.checkIn(stagedView(tx, staged, ref.name), input, policy)
        await tx.stageSchema({
          context: ref.context,
          subject: ref.name,
          schemaType: candidate.schemaType,
          schema: candidate.schema,
          // as given, `-1` included: resolved again at promotion (an empty schema took the latest's)
          references: input.schema ? input.references : candidate.references,
          metadata: candidate.metadata,
          ruleSet: candidate.ruleSet,
          // only what needed the force keeps it: anything else is re-checked at promotion like the rest
          forced: (warnings?.length ?? 0) > 0,
        })
        await tx.appendEvent({
          action: 'staging.stage',
          context: ref.context,
          subject: ref.name,
          ...auditOf(actor, {
            eventType: 'staging_stage',
            ...auditTargetOf(ref),
            schemaType: candidate.schemaType,
            afterHash: candidate.contentHash,
            ...(warnings && warnings.length > 0 ? { reason: 'forced' } : {}),
          }),
        })
        return { subject: qualifySubject(ref), ...(warnings ? { warnings } : {}) }
      })
    },

    /** The context's staging, by subject. */
    async list(context: string): Promise<StagedView[]> {
      return (await store.stagedSchemas(context)).map((s) => ({
        subject: qualifySubject({ context: s.context, name: s.subject }),
        schemaType: s.schemaType,
        schema: s.schema,
        references: s.references,
      }))
    },

    /** Discards one subject's staged schema; nothing staged is no error. */
    async discard(ref: SubjectRef, actor?: AuditActor): Promise<void> {
      await store.transaction(async (tx) => {
        await tx.lock(lockOf(ref.context))
        if ((await tx.discardStaged(ref.context, ref.name)) === 0) return
        await tx.appendEvent({ action: 'staging.discard', context: ref.context, subject: ref.name, ...auditOf(actor, { eventType: 'staging_discard', ...auditTargetOf(ref) }) })
      })
    },

    /** Discards the whole staging of a context, once `admit` allows it for every staged subject. */
    async discardAll(context: string, admit: AdmitSubjects, actor?: AuditActor): Promise<void> {
      const admitted = await admitStaging(context, admit)
      await store.transaction(async (tx) => {
        await tx.lock(lockOf(context))
        const staged = await tx.stagedSchemas(context)
        if (staged.length === 0) return
        assertAdmitted(context, staged, admitted)
        await tx.discardStaged(context)
        await tx.appendEvent({
          action: 'staging.discard',
          context,
          detail: { discarded: staged.map((s) => qualifySubject({ context, name: s.subject })) },
          ...auditOf(actor, { eventType: 'staging_discard', ...auditTargetOf({ context, name: '' }) }),
        })
      })
    },

    /**
     * Registers every staged schema of the context in one transaction, dependencies first, each
     * re-checked by the registration; `-1` references to a staged subject name the version it just got.
     * All or nothing: the first failure rolls everything back and keeps the staging (PROMOTION_FAILED or
     * INCOMPATIBLE_SCHEMA naming the subject). On success the staging is emptied in the same transaction.
     */
    async promote(context: string, policy: Policy, admit: AdmitSubjects, actor?: AuditActor): Promise<Promoted[]> {
      const admitted = await admitStaging(context, admit)
      return store.transaction(async (tx) => {
        await tx.lock(lockOf(context))
        const staged = await tx.stagedSchemas(context)
        if (staged.length === 0) return []
        assertAdmitted(context, staged, admitted)
        const versions = new Map<string, number>()
        const promoted: Promoted[] = []
        for (const s of referenceOrder(staged)) {
          const ref = { context, name: s.subject }
          const result = await promoteOne(tx, s, versions, policy, actor).catch((e: unknown) => {
            throw promotionFailure(ref, e)
          })
          versions.set(s.subject, result.version)
          promoted.push({ subject: qualifySubject(ref), id: result.id, version: result.version })
        }
        await tx.discardStaged(context)
        await tx.appendEvent({
          action: 'staging.promote',
          context,
          detail: { promoted },
          ...auditOf(actor, { eventType: 'staging_promote', ...auditTargetOf({ context, name: '' }) }),
        })
        return promoted
      })
    },
  }
}

export type StagingService = ReturnType<typeof createStagingService>
