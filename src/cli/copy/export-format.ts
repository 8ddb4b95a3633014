import { createHash } from 'node:crypto'
import type { ExportFile, ExportLocation } from './export-location.js'
import {
  CopyConflict,
  CopyFailure,
  canonical,
  contextOf,
  inReferenceOrder,
  qualifiedRef,
  type ConfigRecord,
  type ModeRecord,
  type Source,
  type SourceIndex,
  type Summary,
  type Target,
  type VersionRecord,
} from './model.js'

/** The export format (README, docs/EXTENSIONS.md §2.4). */
export const EXPORT_FORMAT = 'schema-registry-export'
export const EXPORT_FORMAT_VERSION = 1

export interface Manifest {
  format: typeof EXPORT_FORMAT
  formatVersion: number
  createdAt: string
  source: string
  contexts: string[]
  counts: { versions: number; configs: number; modes: number }
  files: { versions: string; configs: string; modes: string }
}

const FILES = { versions: 'versions.ndjson', configs: 'configs.ndjson', modes: 'modes.ndjson' }
const MANIFEST = 'manifest.json'

/** One NDJSON line, keys in the documented order. */
const versionLine = (r: VersionRecord): string => {
  const { subject, version, id, schemaType, schema, references, metadata, ruleSet, guid, deleted } = r
  return JSON.stringify({ subject, version, id, schemaType, schema, references, metadata, ruleSet, guid, deleted }) + '\n'
}

async function* records<T>(location: ExportLocation, name: string): AsyncGenerator<T> {
  let n = 0
  for await (const line of location.lines(name)) {
    n++
    if (line.trim() === '') continue
    try {
      yield JSON.parse(line) as T
    } catch {
      throw new CopyFailure(`${location.display}: ${name} line ${n} is not JSON`)
    }
  }
}

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

const readManifest = async (location: ExportLocation): Promise<Manifest> => {
  let manifest: Manifest
  try {
    manifest = JSON.parse(await location.read(MANIFEST)) as Manifest
  } catch (e) {
    throw new CopyFailure(`${location.display}: no readable export manifest (${(e as Error).message})`)
  }
  if (manifest.format !== EXPORT_FORMAT || manifest.formatVersion !== EXPORT_FORMAT_VERSION) {
    throw new CopyFailure(`${location.display}: unsupported export format ${manifest.format} version ${manifest.formatVersion} (this tool reads version ${EXPORT_FORMAT_VERSION})`)
  }
  return manifest
}

/** An export read back: versions stream from its NDJSON file, which is written in reference order. */
export const exportSource = (location: ExportLocation): Source => {
  let manifest: Manifest | undefined
  const versionsFile = () => {
    if (!manifest) throw new Error('exportSource: open() first')
    return manifest.files.versions
  }
  // what a copy asks of versions out of their turn: one scan keeping numbers and referenced keys only
  let index: Promise<{ numbers: Map<string, number[]>; referenced: Set<string> }> | undefined
  const scan = () =>
    (index ??= (async () => {
      const numbers = new Map<string, number[]>()
      const referenced = new Set<string>()
      for await (const r of records<VersionRecord>(location, versionsFile())) {
        numbers.set(r.subject, [...(numbers.get(r.subject) ?? []), r.version])
        for (const ref of r.references ?? []) referenced.add(`${qualifiedRef(r.subject, ref.subject)}\u0000${ref.version}`)
      }
      for (const list of numbers.values()) list.sort((a, b) => a - b)
      return { numbers, referenced }
    })())
  return {
    display: location.display,
    async open(): Promise<SourceIndex> {
      manifest = await readManifest(location)
      return {
        contexts: manifest.contexts,
        versionCount: manifest.counts?.versions ?? 0,
        configs: await collect(records<ConfigRecord>(location, manifest.files.configs)),
        modes: await collect(records<ModeRecord>(location, manifest.files.modes)),
      }
    },
    versions: () => records<VersionRecord>(location, versionsFile()),
    // only an export written out of order needs this: a scan, rare and bounded by the file
    async version(subject, version) {
      for await (const r of records<VersionRecord>(location, versionsFile())) if (r.subject === subject && r.version === version) return r
      return undefined
    },
    versionNumbers: async (subject) => (await scan()).numbers.get(subject) ?? [],
    isReferenced: async (subject, version) => (await scan()).referenced.has(`${subject}\u0000${version}`),
  }
}

const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64')
/** What makes two versions the same (id, type, text, references); subject and version are the map key. */
const fingerprint = (r: VersionRecord) => sha(String(r.id), r.schemaType, r.schema, canonical(r.references ?? []))
const idKey = (r: VersionRecord) => `${contextOf(r.subject)}\u0000${r.id}`

/**
 * Writes an export. Into a location that already holds one, the records merge: a version already there
 * with the same content is skipped, one with other content (or another content under a known id) is a
 * conflict and leaves the export as it was. The old versions are streamed into the new file first and
 * only fingerprints are remembered; every file goes under a temporary name, the manifest last.
 */
export const exportTarget = (location: ExportLocation): Target => ({
  async write(source: Source, index: SourceIndex, summary: Summary, item: () => void): Promise<void> {
    const names = await location.names()
    const holds = names.includes(MANIFEST)
    if (!holds && names.length > 0) throw new CopyFailure(`${location.display} is neither empty nor an export (no ${MANIFEST})`)
    const old = holds ? exportSource(location) : undefined
    const oldIndex = old ? await old.open() : { contexts: [], versionCount: 0, configs: [], modes: [] }

    const files: ExportFile[] = []
    const create = async (name: string) => {
      const f = await location.create(name)
      files.push(f)
      return f
    }
    try {
      const versions = await create(FILES.versions)
      const known = new Map<string, { fingerprint: string; deleted: boolean }>()
      const contentOfId = new Map<string, string>()
      let count = 0
      if (old) {
        for await (const r of old.versions()) {
          known.set(`${r.subject}\u0000${r.version}`, { fingerprint: fingerprint(r), deleted: r.deleted })
          contentOfId.set(idKey(r), sha(r.schemaType, r.schema))
          await versions.write(versionLine(r))
          count++
        }
      }
      for await (const r of inReferenceOrder(source)) {
        const there = known.get(`${r.subject}\u0000${r.version}`)
        if (there) {
          if (there.fingerprint !== fingerprint(r) || there.deleted !== r.deleted) {
            throw new CopyConflict(`conflict: ${r.subject} version ${r.version} exists in ${location.display} with other content or state`)
          }
          summary.skipped++
          item()
          continue
        }
        const content = contentOfId.get(idKey(r))
        if (content !== undefined && content !== sha(r.schemaType, r.schema)) throw new CopyConflict(`conflict: id ${r.id} is taken by other content in ${location.display}`)
        if (content === undefined) {
          contentOfId.set(idKey(r), sha(r.schemaType, r.schema))
          summary.schemas++
        }
        known.set(`${r.subject}\u0000${r.version}`, { fingerprint: fingerprint(r), deleted: r.deleted })
        await versions.write(versionLine(r))
        count++
        summary.versions++
        item()
      }
      const merge = <T extends { subject: string | null }>(before: T[], incoming: T[], counted: () => void): T[] => {
        const m = new Map(before.map((c) => [c.subject, c]))
        for (const c of incoming) {
          const prev = m.get(c.subject)
          if (!prev || canonical(prev) !== canonical(c)) counted()
          m.set(c.subject, c)
          item()
        }
        return [...m.values()]
      }
      const configs = merge(oldIndex.configs, index.configs, () => summary.configs++)
      const modes = merge(oldIndex.modes, index.modes, () => summary.modes++)
      const configsFile = await create(FILES.configs)
      for (const c of configs) await configsFile.write(JSON.stringify(c) + '\n')
      const modesFile = await create(FILES.modes)
      for (const m of modes) await modesFile.write(JSON.stringify(m) + '\n')
      const manifest: Manifest = {
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        source: source.display,
        contexts: [...new Set([...oldIndex.contexts, ...index.contexts])],
        counts: { versions: count, configs: configs.length, modes: modes.length },
        files: FILES,
      }
      const manifestFile = await create(MANIFEST)
      await manifestFile.write(JSON.stringify(manifest, null, 2) + '\n')
      for (const f of files) await f.commit()
    } catch (e) {
      for (const f of files) await f.abort()
      throw e
    }
  },
})
