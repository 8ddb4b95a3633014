import { createFsBlobStore } from '../../blobs/fs/fs-blob-store.js'
import { createGcsBlobStore } from '../../blobs/gcs/gcs-blob-store.js'
import { dirLocation, gcsLocation, openBucket, parseGsUrl, type ExportLocation } from './export-location.js'
import { exportSource, exportTarget } from './export-format.js'
import { filesSource } from './files-source.js'
import { RegistryClient, type Credentials } from './http.js'
import { emptySummary, type Source, type Summary, type Target } from './model.js'
import { silentProgress, type Progress } from './progress.js'
import { registrySource } from './registry-source.js'
import { registryTarget } from './registry-target.js'

export interface Endpoint {
  /** A registry URL (`http(s)://…`), a directory or `gs://bucket/prefix`. */
  location: string
  credentials?: Credentials
  /** Read the versioned files (docs/EXTENSIONS.md §1) at `location` instead of an export: a source only. */
  files?: boolean
}

export interface CopyOptions {
  from: Endpoint
  to: Endpoint
  progress?: Progress
  /** Subjects listed per request from a source registry (1,000 unless given). */
  pageSize?: number
  /** How long a registry may take to answer one request (30 s unless given). */
  timeoutMs?: number
}

export interface CopyResult {
  summary: Summary
  /** Set when the copy stopped: the conflict or failure. */
  error?: Error
}

const isUrl = (s: string) => /^https?:\/\//i.test(s)
const isGs = (s: string) => /^gs:\/\//i.test(s)

const exportLocation = async (location: string): Promise<ExportLocation> =>
  isGs(location) ? gcsLocation(location, await openBucket(parseGsUrl(location).bucket)) : dirLocation(location)

const sourceOf = async (from: Endpoint, opts: CopyOptions): Promise<Source> => {
  if (from.files) {
    if (isUrl(from.location)) throw new Error(`--from-files reads a directory or gs://bucket/prefix, not ${from.location}`)
    if (!isGs(from.location)) return filesSource(createFsBlobStore(from.location), `${dirLocation(from.location).display}/`)
    const { bucket, prefix } = parseGsUrl(from.location)
    return filesSource(createGcsBlobStore({ bucket: await openBucket(bucket), bucketName: bucket, prefix }), `gs://${bucket}/${prefix}`)
  }
  if (isUrl(from.location)) return registrySource(new RegistryClient(from.location, from.credentials, opts.timeoutMs), opts.pageSize)
  return exportSource(await exportLocation(from.location))
}

const targetOf = async (to: Endpoint, opts: CopyOptions): Promise<Target> => {
  if (to.files) throw new Error('the versioned files are written by a registry, not by copy: copy into that registry instead')
  if (isUrl(to.location)) return registryTarget(new RegistryClient(to.location, to.credentials, opts.timeoutMs))
  return exportTarget(await exportLocation(to.location))
}

/** Runs a copy; never throws for a copy that stops, it answers the summary so far and the error. */
export const copy = async (opts: CopyOptions): Promise<CopyResult> => {
  const summary = emptySummary()
  const progress = opts.progress ?? silentProgress
  let started = false
  try {
    const source = await sourceOf(opts.from, opts)
    const target = await targetOf(opts.to, opts)
    const index = await source.open()
    progress.start(index.versionCount + index.configs.length + index.modes.length)
    started = true
    await target.write(source, index, summary, () => progress.item())
    return { summary }
  } catch (e) {
    return { summary, error: e as Error }
  } finally {
    if (started) progress.stop()
  }
}
