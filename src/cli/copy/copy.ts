import { readExport, writeExport } from './export-dir.js'
import { RegistryClient, type Credentials } from './http.js'
import { emptySummary, type Snapshot, type Summary } from './model.js'
import { silentProgress, type Progress } from './progress.js'
import { readRegistry, writeRegistry } from './registry.js'

export interface Endpoint {
  /** A registry URL (`http(s)://…`) or a directory. */
  location: string
  credentials?: Credentials
}

export interface CopyOptions {
  from: Endpoint
  to: Endpoint
  progress?: Progress
}

export interface CopyResult {
  summary: Summary
  /** Set when the copy stopped: the conflict or failure. */
  error?: Error
}

const isUrl = (s: string) => /^https?:\/\//i.test(s)

/** Sources and targets the first slice does not read yet. */
const unsupported = (s: string) => {
  if (/^gs:\/\//i.test(s)) throw new Error(`${s}: gs:// exports are not supported yet`)
}

/** Runs a copy; never throws for a copy that stops, it answers the summary so far and the error. */
export const copy = async (opts: CopyOptions): Promise<CopyResult> => {
  const summary = emptySummary()
  const progress = opts.progress ?? silentProgress
  let started = false
  try {
    unsupported(opts.from.location)
    unsupported(opts.to.location)
    let snap: Snapshot
    let source: string
    if (isUrl(opts.from.location)) {
      const client = new RegistryClient(opts.from.location, opts.from.credentials)
      source = client.display
      snap = await readRegistry(client)
    } else {
      source = opts.from.location
      snap = await readExport(opts.from.location)
    }
    progress.start(snap.versions.length + snap.configs.length + snap.modes.length)
    started = true
    const item = () => progress.item()
    if (isUrl(opts.to.location)) {
      await writeRegistry(new RegistryClient(opts.to.location, opts.to.credentials), snap, summary, { item })
    } else {
      await writeExport(opts.to.location, snap, source, summary, item)
    }
    return { summary }
  } catch (e) {
    return { summary, error: e as Error }
  } finally {
    if (started) progress.stop()
  }
}
