import { levelPlan, type CompatibilityLevel } from '../domain/levels.js'
import type { VersionSpec } from '../domain/versions.js'
import { isRegistryError } from '../errors/registry-error.js'
import type { SubjectRef } from '../domain/subjects.js'
import type { RegistryStore, VersionRow } from '../storage/registry-store.js'
import type { Analyzer } from './analysis/analyzer.js'
import type { CompatibilityResult } from './compatibility-service.js'
import type { ConfigService } from './config-service.js'
import type { ContentService } from './content-service.js'
import type { RegisterInput, RegisterService } from './register-service.js'
import { comparedVersions } from './compared-versions.js'
import type { Policy } from './policy.js'
import { reservedCheck } from './compatibility-reserved.js'
import { resolveVersion, versionNotFound } from './version-resolution.js'

/**
 * POST /compatibility/...: the check a registration would make, without writing. Against one version
 * the level's direction applies to that version alone; against `versions` the level decides which.
 */
export const createCompatibilityTestService = ({
  store,
  content,
  analyzer,
  registrar,
  config,
}: {
  store: RegistryStore
  content: ContentService
  analyzer: Analyzer
  registrar: RegisterService
  config: ConfigService
}) => {
  /**
   * The version a test names, undefined for `latest` on a subject without live versions (Confluent
   * answers that as compatible). An explicit version must exist (40402) even when the subject does not.
   */
  const pinnedVersion = async (ref: SubjectRef, target: VersionSpec, missingSubjectIsCompatible: boolean): Promise<VersionRow | undefined> => {
    const live = await store.versions(ref.context, ref.name, false)
    if (target.kind !== 'number' && missingSubjectIsCompatible && live.length === 0) return undefined
    return resolveVersion(store, ref, target, false, missingSubjectIsCompatible ? 'live-version' : 'subject-row').catch((e) => {
      // Confluent: an explicit version that is missing is 40402 even when the subject is missing
      if (missingSubjectIsCompatible && isRegistryError(e) && e.kind === 'SUBJECT_NOT_FOUND') throw versionNotFound(target.kind === 'number' ? target.version : 'latest')
      throw e
    })
  }

  /** A candidate that does not parse, answered as incompatible with its parse error. */
  const invalidResult = async (ref: SubjectRef, message: string): Promise<CompatibilityResult> => {
    const cfg = await config.effectiveConfig(ref)
    return { compatible: false, incompatibilities: [], level: cfg.compatibilityLevel ?? 'BACKWARD', validateFields: cfg.validateFields ?? false, invalid: message }
  }

  return {
    /**
     * Tests `given` against the version `target` names or, for `all`, the versions the level checks;
     * the policy decides how a subject without versions and, with `verbose`, an invalid schema answer.
     */
    async test(given: RegisterInput, target: VersionSpec | 'all', verbose: boolean, policy: Policy): Promise<CompatibilityResult> {
      const missingSubjectIsCompatible = policy.testWithoutVersions === 'compatible'
      const invalidAsIncompatible = verbose && policy.invalidSchemaInVerboseTest === 'incompatible'
      const input = { ...given, subject: await config.aliasOf(given.subject) }
      const ref = input.subject
      const pinned = target === 'all' ? undefined : await pinnedVersion(ref, target, missingSubjectIsCompatible)
      let prepared
      try {
        prepared = await registrar.prepareFor(input)
      } catch (e) {
        if (invalidAsIncompatible && isRegistryError(e) && e.kind === 'INVALID_SCHEMA') return invalidResult(ref, e.message)
        throw e
      }
      const { candidate, live, cfg } = prepared
      const level: CompatibilityLevel = cfg.compatibilityLevel ?? 'BACKWARD'
      // Reserved names are checked against the version tested, or the latest for `all` (Confluent)
      const reserved = await reservedCheck(store, cfg, candidate, target === 'all' ? live.at(-1) : pinned)
      // One pinned version is compared in the level's direction, transitive or not.
      const effective = target === 'all' || !levelPlan(level).transitive ? level : (level.replace('_TRANSITIVE', '') as CompatibilityLevel)
      const versions = target === 'all' ? await comparedVersions(store, candidate, live, cfg, effective) : pinned ? [pinned] : []
      const previous = await content.versionSources(store, versions)
      return analyzer.run({
        kind: 'check',
        candidate: content.candidateSource(candidate),
        previous,
        level: effective,
        policy: cfg.compatibilityPolicy ?? 'STRICT',
        validateFields: cfg.validateFields,
        reserved,
      })
    },
  }
}

export type CompatibilityTestService = ReturnType<typeof createCompatibilityTestService>
