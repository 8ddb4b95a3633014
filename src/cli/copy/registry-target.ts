import { describe, enc, errorCode, type RegistryClient } from './http.js'
import { CopyConflict, CopyFailure, canonical, contextOf, inReferenceOrder, sameContent, type Source, type SourceIndex, type Summary, type Target } from './model.js'
import { asVersion } from './registry-source.js'

/** The body PUT /config takes for a config GET /config answered (`compatibilityLevel` → `compatibility`). */
const configBody = (config: Record<string, unknown>): Record<string, unknown> => {
  const { compatibilityLevel, ...rest } = config
  return compatibilityLevel === undefined ? rest : { compatibility: compatibilityLevel, ...rest }
}

const configPath = (subject: string | null) => (subject === null ? '/config' : `/config/${enc(subject)}`)
const modePath = (subject: string | null) => (subject === null ? '/mode' : `/mode/${enc(subject)}`)

/** Global mode last; a context's (`:.ctx:`) after its subjects'. */
const scopeOrder = (a: string | null, b: string | null): number => rank(a) - rank(b)
const rank = (scope: string | null) => (scope === null ? 2 : /^:\.[^:]*:$/.test(scope) ? 1 : 0)

/**
 * Writes into a registry: IMPORT mode (global on an empty target, else per subject), versions with
 * explicit ids and numbers in reference order, soft deletes, configs, then the source's modes. A copy
 * that stops puts back the target's modes as they were. `summary` is updated as items land.
 */
export const registryTarget = (client: RegistryClient): Target => ({ write: (source, index, summary, item) => writeRegistry(client, source, index, summary, item) })

const writeRegistry = async (client: RegistryClient, source: Source, index: SourceIndex, summary: Summary, item: () => void): Promise<void> => {
  // one subject is enough to know (a registry that ignores `limit` answers them all)
  const emptyTarget = ((await client.must('GET', '/subjects?deleted=true&limit=1')) as string[]).length === 0
  /** Modes as they were on the target before this copy changed them: subject (null: global) → mode or null. */
  const before = new Map<string | null, string | null>()
  const readMode = async (subject: string | null): Promise<string | null> => {
    const m = await client.must('GET', modePath(subject), undefined, [404])
    return m ? (m as { mode: string }).mode : null
  }
  const setMode = async (subject: string | null, mode: string | null): Promise<void> => {
    if (!before.has(subject)) before.set(subject, await readMode(subject))
    await putMode(subject, mode)
  }
  const putMode = async (subject: string | null, mode: string | null): Promise<void> => {
    if (mode === null) {
      await client.must('DELETE', modePath(subject), undefined, [404])
      return
    }
    const a = await client.request('PUT', modePath(subject), { mode })
    if (a.status === 200) return
    // A subject holding live versions may be switched to IMPORT only with force. Force also removes the
    // scope's subjects whose every version is soft-deleted: never used globally, and harmless for a
    // subject that holds live versions (the only case this answer comes back for).
    if (subject !== null && errorCode(a.body) === 42205) {
      await client.must('PUT', `${modePath(subject)}?force=true`, { mode })
      return
    }
    throw new CopyFailure(`PUT ${modePath(subject)} ${mode}: ${a.status} ${describe(a.body)}`)
  }
  const importing = new Set<string | null>()
  const ensureImport = async (subject: string) => {
    // The global mode covers the default context only: a subject of another context gets its own mode.
    const scope = emptyTarget && contextOf(subject) === '.' ? null : subject
    if (importing.has(scope)) return
    await setMode(scope, 'IMPORT')
    importing.add(scope)
  }
  const restore = async (modes: Map<string | null, string | null>) => {
    // subjects first, the global mode last (a global READONLY would not block mode changes, but keep the order plain)
    for (const [subject, mode] of [...modes].sort(([a], [b]) => scopeOrder(a, b))) {
      await putMode(subject, mode)
    }
  }

  try {
    const ids = new Set<string>()
    // only the keys of what is to be soft-deleted are kept, never the versions
    const toDelete: { subject: string; version: number }[] = []
    for await (const r of inReferenceOrder(source)) {
      const path = `/subjects/${enc(r.subject)}/versions/${r.version}`
      const existing = await client.request('GET', `${path}?deleted=true`)
      if (existing.status === 200) {
        const t = asVersion(r.subject, existing.body as Record<string, unknown>)
        if (!sameContent(r, t)) {
          throw new CopyConflict(`conflict: ${r.subject} version ${r.version} exists on the target with other content (target id ${t.id}, source id ${r.id})`)
        }
        if (t.deleted && !r.deleted) throw new CopyConflict(`conflict: ${r.subject} version ${r.version} is soft-deleted on the target but live on the source`)
        if (r.deleted && !t.deleted) toDelete.push({ subject: r.subject, version: r.version })
        summary.skipped++
        item()
        continue
      }
      if (existing.status !== 404) throw new CopyFailure(`GET ${path}: ${existing.status} ${describe(existing.body)}`)
      await ensureImport(r.subject)
      const body: Record<string, unknown> = { schema: r.schema, schemaType: r.schemaType, id: r.id, version: r.version }
      if (r.references) body.references = r.references
      if (r.metadata !== undefined) body.metadata = r.metadata
      if (r.ruleSet !== undefined) body.ruleSet = r.ruleSet
      const a = await client.request('POST', `/subjects/${enc(r.subject)}/versions`, body)
      if (a.status !== 200) {
        if (errorCode(a.body) === 42205 && /overwrite/i.test(describe(a.body))) {
          throw new CopyConflict(
            `conflict: id ${r.id} in context ${contextOf(r.subject)} (for ${r.subject} version ${r.version}) is taken by other content on the target: ${describe(a.body)}`,
          )
        }
        throw new CopyFailure(`POST /subjects/${r.subject}/versions (id ${r.id}, version ${r.version}): ${a.status} ${describe(a.body)}`)
      }
      // a registry that answers another version (the same content live under another number) did not create this one
      const answered = (a.body as { version?: unknown } | null)?.version
      if (answered !== undefined && answered !== r.version) {
        throw new CopyFailure(`POST /subjects/${r.subject}/versions (id ${r.id}, version ${r.version}): the target answered version ${String(answered)} instead`)
      }
      const key = `${contextOf(r.subject)}\u0000${r.id}`
      if (!ids.has(key)) {
        ids.add(key)
        summary.schemas++
      }
      summary.versions++
      // soft-deleted at once, so that it is not the latest live version the next one inherits
      // metadata from; kept live to the end when something will reference it
      if (r.deleted) {
        if (await source.isReferenced(r.subject, r.version)) toDelete.push({ subject: r.subject, version: r.version })
        else await client.must('DELETE', `/subjects/${enc(r.subject)}/versions/${r.version}`)
      }
      item()
    }
    // Soft deletes after every registration, referrers first, so that no live referrer blocks one.
    for (const r of [...toDelete].reverse()) {
      await client.must('DELETE', `/subjects/${enc(r.subject)}/versions/${r.version}`)
    }
    for (const c of index.configs) {
      const current = await client.must('GET', configPath(c.subject), undefined, [404])
      if (current && canonical(current) === canonical(c.config)) {
        item()
        continue
      }
      await client.must('PUT', configPath(c.subject), configBody(c.config))
      summary.configs++
      item()
    }
    // The source's modes: every mode the copy switched, and every mode the source sets.
    const wanted = new Map<string | null, string | null>()
    for (const s of importing) wanted.set(s, null)
    const fromSource = new Set(index.modes.map((m) => m.subject))
    for (const m of index.modes) wanted.set(m.subject, m.mode)
    if (!wanted.has(null)) wanted.set(null, 'READWRITE')
    for (const [subject, mode] of [...wanted].sort(([a], [b]) => scopeOrder(a, b))) {
      const original = before.has(subject) ? before.get(subject)! : await readMode(subject)
      const current = await readMode(subject)
      if (current !== mode) await putMode(subject, mode)
      if (original !== mode && fromSource.has(subject)) summary.modes++
      if (fromSource.has(subject)) item()
    }
  } catch (e) {
    try {
      await restore(before)
    } catch (r) {
      throw new CopyFailure(`${(e as Error).message}; restoring the target's modes failed too: ${(r as Error).message}`)
    }
    throw e
  }
}
