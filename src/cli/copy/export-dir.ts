import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CopyConflict, CopyFailure, canonical, referenceOrder, sameContent, type Snapshot, type Summary, type VersionRecord } from './model.js'

/** The export directory format (README, docs/EXTENSIONS.md §2). */
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

const ndjson = (records: unknown[]): string => records.map((r) => JSON.stringify(r) + '\n').join('')
const parseNdjson = (text: string, file: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as unknown
      } catch {
        throw new CopyFailure(`${file}: line ${i + 1} is not JSON`)
      }
    })

/** True when the directory holds an export (a manifest), false when it is missing or empty; else fails. */
const holdsExport = async (dir: string): Promise<boolean> => {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw new CopyFailure(`${dir}: ${(e as Error).message}`)
  }
  if (names.includes('manifest.json')) return true
  if (names.length === 0) return false
  throw new CopyFailure(`${dir} is neither empty nor an export (no manifest.json)`)
}

export const readExport = async (dir: string): Promise<Snapshot> => {
  let manifest: Manifest
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest
  } catch (e) {
    throw new CopyFailure(`${dir}: no readable export manifest (${(e as Error).message})`)
  }
  if (manifest.format !== EXPORT_FORMAT || manifest.formatVersion !== EXPORT_FORMAT_VERSION) {
    throw new CopyFailure(`${dir}: unsupported export format ${manifest.format} version ${manifest.formatVersion} (this tool reads version ${EXPORT_FORMAT_VERSION})`)
  }
  const read = async (name: string) => parseNdjson(await readFile(join(dir, name), 'utf8'), name)
  return {
    contexts: manifest.contexts,
    versions: referenceOrder((await read(manifest.files.versions)) as VersionRecord[]),
    configs: (await read(manifest.files.configs)) as Snapshot['configs'],
    modes: (await read(manifest.files.modes)) as Snapshot['modes'],
  }
}

/**
 * Writes a snapshot as an export. Into a directory that already holds one, the records are merged: a
 * version already there with the same content is skipped, one with other content is a conflict.
 * Files are written to temporary names and renamed, the manifest last.
 */
export const writeExport = async (dir: string, snap: Snapshot, source: string, summary: Summary, item: () => void): Promise<void> => {
  const existing = (await holdsExport(dir)) ? await readExport(dir) : { contexts: [], versions: [], configs: [], modes: [] }
  const key = (subject: string | null, version?: number) => `${subject ?? ''}\u0000${version ?? ''}`
  const versions = new Map(existing.versions.map((v) => [key(v.subject, v.version), v]))
  const ids = new Map(existing.versions.map((v) => [`${v.subject.startsWith(':.') ? v.subject.split(':')[1] : '.'}\u0000${v.id}`, v]))
  const newIds = new Set<string>()
  for (const r of snap.versions) {
    const old = versions.get(key(r.subject, r.version))
    if (old) {
      if (!sameContent(old, r) || old.deleted !== r.deleted) throw new CopyConflict(`conflict: ${r.subject} version ${r.version} exists in ${dir} with other content or state`)
      summary.skipped++
      item()
      continue
    }
    const idKey = `${r.subject.startsWith(':.') ? r.subject.split(':')[1] : '.'}\u0000${r.id}`
    const sameId = ids.get(idKey)
    if (sameId && (sameId.schema !== r.schema || sameId.schemaType !== r.schemaType)) throw new CopyConflict(`conflict: id ${r.id} is taken by other content in ${dir}`)
    if (!sameId && !newIds.has(idKey)) {
      newIds.add(idKey)
      summary.schemas++
    }
    versions.set(key(r.subject, r.version), r)
    summary.versions++
    item()
  }
  const merge = <T extends { subject: string | null }>(old: T[], incoming: T[], count: () => void): T[] => {
    const m = new Map(old.map((c) => [key(c.subject), c]))
    for (const c of incoming) {
      const prev = m.get(key(c.subject))
      if (!prev || canonical(prev) !== canonical(c)) count()
      m.set(key(c.subject), c)
      item()
    }
    return [...m.values()]
  }
  const configs = merge(existing.configs, snap.configs, () => summary.configs++)
  const modes = merge(existing.modes, snap.modes, () => summary.modes++)
  const allVersions = referenceOrder([...versions.values()])
  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    source,
    contexts: [...new Set([...existing.contexts, ...snap.contexts])],
    counts: { versions: allVersions.length, configs: configs.length, modes: modes.length },
    files: FILES,
  }
  await mkdir(dir, { recursive: true })
  const put = async (name: string, text: string) => {
    await writeFile(join(dir, `${name}.tmp`), text)
    await rename(join(dir, `${name}.tmp`), join(dir, name))
  }
  await put(FILES.versions, ndjson(allVersions))
  await put(FILES.configs, ndjson(configs))
  await put(FILES.modes, ndjson(modes))
  await put('manifest.json', JSON.stringify(manifest, null, 2) + '\n')
}
