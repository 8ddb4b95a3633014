import { CONFIG_FIELDS, mergeConfigs, type RegistryConfig } from '../domain/config.js'
import { validateMetadata, validateRuleSet } from '../domain/data-contracts.js'
import { parseLevel, parseMode, parsePolicy, type CompatibilityLevel, type Mode } from '../domain/levels.js'
import { contextScope, GLOBAL_SCOPE, parseSubject, scopeKey, type SubjectRef } from '../domain/subjects.js'
import { RegistryError } from '../errors/registry-error.js'
import type { AuditActor } from '../domain/audit.js'
import type { RegistryStore, StoreReader, StoreWriter } from '../storage/registry-store.js'
import { auditOf, auditTargetOf, settingHash } from './audit-service.js'

/** A config update as a client sends it: a field left out keeps its value, `null` clears it. */
export type ConfigPatch = { [K in keyof RegistryConfig]?: RegistryConfig[K] | null }

/** The scopes a ref falls back to, most specific first (docs/API.md §3, "Resolution order"). */
const scopeChain = (ref: SubjectRef): string[] => {
  const chain = ref.name === '' ? [] : [scopeKey(ref)]
  if (ref.context !== GLOBAL_SCOPE.context) chain.push(scopeKey(contextScope(ref.context)))
  chain.push(scopeKey(GLOBAL_SCOPE))
  return chain
}

const validatePatch = (patch: ConfigPatch): ConfigPatch => {
  const out: ConfigPatch = {}
  for (const key of CONFIG_FIELDS) {
    const v = patch[key]
    if (v === undefined) continue
    if (v === null) out[key] = null
    else if (key === 'compatibilityLevel') out.compatibilityLevel = parseLevel(v)
    else if (key === 'compatibilityPolicy') out.compatibilityPolicy = parsePolicy(v)
    else if (key === 'defaultMetadata' || key === 'overrideMetadata') {
      validateMetadata(v as RegistryConfig['defaultMetadata'], key)
      out[key] = v as RegistryConfig['defaultMetadata']
    } else if (key === 'defaultRuleSet' || key === 'overrideRuleSet') {
      validateRuleSet(v as RegistryConfig['defaultRuleSet'], key)
      out[key] = v as RegistryConfig['defaultRuleSet']
    } else (out as Record<string, unknown>)[key] = v
  }
  return out
}

export const applyPatch = (stored: RegistryConfig | undefined, patch: ConfigPatch): RegistryConfig | undefined => {
  const next: Record<string, unknown> = { ...(stored ?? {}) }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k]
    else if (v !== undefined) next[k] = v
  }
  return Object.keys(next).length === 0 ? undefined : (next as RegistryConfig)
}

/**
 * Confluent refuses LOGICAL with a forward level: the tables it protects (Iceberg) only evolve
 * backward. The level and policy are the request's, else those in effect (Confluent's order).
 */
const assertPolicyFitsLevel = (level: CompatibilityLevel | undefined, policy: string | undefined) => {
  if (policy === 'LOGICAL' && (level === 'FORWARD' || level === 'FORWARD_TRANSITIVE')) {
    throw new RegistryError('INVALID_COMPATIBILITY_LEVEL', {
      value: policy,
      field: 'compatibilityPolicy',
      reason: `compatibilityPolicy=LOGICAL cannot be combined with compatibilityLevel=${level}: Iceberg only supports backward-compatible schema evolution`,
    })
  }
}

export const createConfigService = ({ store, defaultLevel }: { store: RegistryStore; defaultLevel: CompatibilityLevel }) => {
  const serverDefault: RegistryConfig = { compatibilityLevel: defaultLevel }

  // the scope chain's configs and modes in one read: the same cost for one of them as for both
  const settingsOf = (reader: StoreReader, ref: SubjectRef) => reader.settings(scopeChain(ref))

  const configOf = ({ configs }: { configs: (RegistryConfig | undefined)[] }): RegistryConfig => mergeConfigs(serverDefault, ...[...configs].reverse())

  const modeOf = (ref: SubjectRef, { modes }: { modes: (Mode | undefined)[] }): Mode => {
    // A READONLY_OVERRIDE above the subject beats the subject's own mode (Confluent up to 8.1).
    if (modes.slice(ref.name === '' ? 0 : 1).includes('READONLY_OVERRIDE')) return 'READONLY_OVERRIDE'
    return modes.find((m) => m !== undefined) ?? 'READWRITE'
  }

  const effectiveConfig = async (reader: StoreReader, ref: SubjectRef): Promise<RegistryConfig> => configOf(await settingsOf(reader, ref))
  const effectiveMode = async (reader: StoreReader, ref: SubjectRef): Promise<Mode> => modeOf(ref, await settingsOf(reader, ref))

  /** Throws OPERATION_NOT_PERMITTED when the scope's mode forbids writes. */
  const assertWritable = async (reader: StoreReader, ref: SubjectRef): Promise<Mode> => {
    const mode = await effectiveMode(reader, ref)
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') {
      throw new RegistryError('OPERATION_NOT_PERMITTED', { reason: `Subject ${ref.name || ref.context} is in read-only mode` })
    }
    return mode
  }

  return {
    effectiveConfig: (ref: SubjectRef) => effectiveConfig(store, ref),
    effectiveConfigIn: effectiveConfig,
    effectiveMode: (ref: SubjectRef) => effectiveMode(store, ref),
    effectiveModeIn: effectiveMode,
    /** Mode and config in effect, in one read. */
    async effectiveIn(reader: StoreReader, ref: SubjectRef): Promise<{ mode: Mode; config: RegistryConfig }> {
      const settings = await settingsOf(reader, ref)
      return { mode: modeOf(ref, settings), config: configOf(settings) }
    },
    assertWritable,

    /**
     * The subject a request about `ref` is served from: a subject config's `alias` names another
     * subject (one hop, resolved in ref's context), as Confluent's subject aliases do.
     */
    async aliasOf(ref: SubjectRef): Promise<SubjectRef> {
      // the chain's read (its first scope is the subject's), which the effective config then finds cached
      const alias = ref.name === '' ? undefined : (await settingsOf(store, ref)).configs[0]?.alias
      return alias ? parseSubject(alias, ref.context) : ref
    },

    /** The config stored at exactly this scope; undefined when none is. */
    storedConfig: (ref: SubjectRef) => store.config(scopeKey(ref)),
    storedMode: (ref: SubjectRef) => store.mode(scopeKey(ref)),

    /** Merges `patch` into the scope's stored config and returns the stored result. */
    async updateConfig(ref: SubjectRef, patch: ConfigPatch, actor?: AuditActor): Promise<RegistryConfig> {
      const valid = validatePatch(patch)
      return store.transaction(async (tx) => {
        await assertWritable(tx, ref)
        const current = await effectiveConfig(tx, ref)
        assertPolicyFitsLevel(valid.compatibilityLevel ?? current.compatibilityLevel, valid.compatibilityPolicy ?? current.compatibilityPolicy)
        const key = scopeKey(ref)
        const before = await tx.config(key)
        const next = applyPatch(before, valid)
        await tx.setConfig(key, next)
        if (ref.name !== '') await tx.bumpSubject(ref.context, ref.name)
        await tx.appendEvent({
          action: 'config.update',
          context: ref.context,
          subject: ref.name || undefined,
          // which fields the request set, and the scope's stored config after it (null: none left) for
          // the change stream (docs/EXTENSIONS.md §10): what any reader of the scope may GET anyway
          detail: { fields: Object.keys(valid), config: next ?? null },
          ...auditOf(actor, { eventType: 'config_update', ...auditTargetOf(ref), beforeHash: settingHash(before), afterHash: settingHash(next) }),
        })
        return next ?? {}
      })
    },

    /** Removes the scope's config and returns what it was (undefined when none was set). */
    async deleteConfig(ref: SubjectRef, actor?: AuditActor): Promise<RegistryConfig | undefined> {
      return store.transaction(async (tx) => {
        await assertWritable(tx, ref)
        const key = scopeKey(ref)
        const previous = await tx.config(key)
        if (previous) {
          await tx.setConfig(key, undefined)
          if (ref.name !== '') await tx.bumpSubject(ref.context, ref.name)
          await tx.appendEvent({
            action: 'config.delete',
            context: ref.context,
            subject: ref.name || undefined,
            ...auditOf(actor, { eventType: 'config_delete', ...auditTargetOf(ref), beforeHash: settingHash(previous) }),
          })
        }
        return previous
      })
    },

    async setMode(ref: SubjectRef, raw: unknown, force: boolean, actor?: AuditActor): Promise<Mode> {
      const mode = parseMode(raw)
      if (mode === 'FORWARD' && ref.name !== '') {
        throw new RegistryError('INVALID_MODE', { reason: 'Forward mode only supported on global level' })
      }
      return store.transaction(async (tx) => {
        if (mode === 'IMPORT') {
          if (!force) await assertNoLiveSubjects(tx, ref)
          await purgeSoftDeleted(tx, ref)
        }
        const before = await tx.mode(scopeKey(ref))
        await tx.setMode(scopeKey(ref), mode)
        await tx.appendEvent({
          action: 'mode.update',
          context: ref.context,
          subject: ref.name || undefined,
          detail: { mode },
          ...auditOf(actor, { eventType: 'mode_update', ...auditTargetOf(ref), beforeHash: settingHash(before), afterHash: settingHash(mode) }),
        })
        return mode
      })
    },

    /**
     * Removes the scope's mode and answers what it was. `recursive` on a context or the global scope
     * also removes the modes of the subjects in it (Confluent's `?recursive=true`).
     */
    async deleteMode(ref: SubjectRef, recursive = false, actor?: AuditActor): Promise<Mode | undefined> {
      return store.transaction(async (tx) => {
        const key = scopeKey(ref)
        const previous = await tx.mode(key)
        if (previous) await tx.setMode(key, undefined)
        // the global scope covers every context; a context scope its own subjects
        if (recursive && ref.name === '') await tx.clearModes(ref.context === GLOBAL_SCOPE.context ? '' : key)
        await tx.appendEvent({
          action: 'mode.delete',
          context: ref.context,
          subject: ref.name || undefined,
          detail: { recursive },
          ...auditOf(actor, { eventType: 'mode_delete', ...auditTargetOf(ref), beforeHash: settingHash(previous) }),
        })
        return previous
      })
    },
  }
}

const subjectsInScope = async (reader: StoreReader, ref: SubjectRef) => {
  const subjects = ref.context === GLOBAL_SCOPE.context ? await reader.listSubjects() : await reader.listSubjects(ref.context)
  return subjects.filter((s) => ref.name === '' || s.name === ref.name)
}

/**
 * Switching a scope to IMPORT removes its soft-deleted subjects, so imported versions cannot collide
 * with them (Confluent). Versions still referenced from elsewhere stay.
 */
const purgeSoftDeleted = async (tx: StoreWriter, ref: SubjectRef): Promise<void> => {
  for (const s of await subjectsInScope(tx, ref)) {
    if (s.liveVersions > 0 || s.allVersions === 0) continue
    let kept = false
    for (const v of await tx.versions(s.context, s.name, true)) {
      if ((await tx.referrers(s.context, s.name, v.version)).length > 0) {
        kept = true
        continue
      }
      await tx.deleteVersion(s.context, s.name, v.version)
      await tx.deleteSchemaIfUnused(s.context, v.schemaId)
    }
    if (!kept) await tx.deleteSubject(s.context, s.name)
  }
}

/** IMPORT may only be switched on where no live subject could be overwritten (42205 otherwise). */
const assertNoLiveSubjects = async (reader: StoreReader, ref: SubjectRef): Promise<void> => {
  const inScope = await subjectsInScope(reader, ref)
  if (inScope.some((s) => s.liveVersions > 0)) {
    throw new RegistryError('OPERATION_NOT_PERMITTED', { reason: 'Cannot import since found existing subjects' })
  }
}

export type ConfigService = ReturnType<typeof createConfigService>
