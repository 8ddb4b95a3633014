import { once } from 'node:events'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import type { Bucket } from '@google-cloud/storage'
import { CopyFailure } from './model.js'

/** Where an export lives: a directory or `gs://bucket/prefix`. Files are flat names (`manifest.json`, ...). */
export interface ExportLocation {
  readonly display: string
  /** The names of the files there; empty when the location is missing or empty. */
  names(): Promise<string[]>
  read(name: string): Promise<string>
  /** A file's lines, streamed. */
  lines(name: string): AsyncIterable<string>
  /** A file written under a temporary name: `commit` puts it in place, `abort` removes it. */
  create(name: string): Promise<ExportFile>
}

export interface ExportFile {
  write(chunk: string): Promise<void>
  commit(): Promise<void>
  abort(): Promise<void>
}

const failure = (where: string, e: unknown) => new CopyFailure(`${where}: ${(e as Error).message}`)

/** Writes with back-pressure: waits for `drain` when the stream's buffer is full. */
const writer = (stream: Writable, where: string) => {
  let failed: Error | undefined
  stream.on('error', (e) => (failed = e))
  return async (chunk: string) => {
    if (failed) throw failure(where, failed)
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), once(stream, 'error')]).catch((e: unknown) => Promise.reject(failure(where, e)))
  }
}

const finish = async (stream: Writable, where: string) => {
  stream.end()
  try {
    await once(stream, 'finish')
    // an fs stream has written everything only once it is closed
    if ((stream as WriteStream).close !== undefined && !(stream as WriteStream).closed) await once(stream, 'close')
  } catch (e) {
    throw failure(where, e)
  }
}

async function* linesOf(stream: Readable, where: string): AsyncGenerator<string> {
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) yield line
  } catch (e) {
    throw failure(where, e)
  }
}

export const dirLocation = (dir: string): ExportLocation => {
  const root = resolve(dir)
  return {
    display: root,
    async names() {
      try {
        return await readdir(root)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw failure(root, e)
      }
    },
    async read(name) {
      try {
        return await readFile(join(root, name), 'utf8')
      } catch (e) {
        throw failure(join(root, name), e)
      }
    },
    lines: (name) => linesOf(createReadStream(join(root, name), 'utf8'), join(root, name)),
    async create(name) {
      const path = join(root, name)
      const temp = `${path}.tmp`
      try {
        await mkdir(root, { recursive: true })
      } catch (e) {
        throw failure(root, e)
      }
      const stream = createWriteStream(temp)
      return {
        write: writer(stream, temp),
        async commit() {
          await finish(stream, temp)
          await rename(temp, path).catch((e: unknown) => Promise.reject(failure(path, e)))
        },
        async abort() {
          stream.destroy()
          await rm(temp, { force: true })
        },
      }
    },
  }
}

/** `gs://bucket/prefix` → bucket and a prefix ending in `/` (or empty). */
export const parseGsUrl = (url: string): { bucket: string; prefix: string } => {
  const m = /^gs:\/\/([^/]+)\/?(.*)$/i.exec(url)
  if (!m) throw new CopyFailure(`${url} is not gs://bucket[/prefix]`)
  const prefix = m[2] === '' || m[2].endsWith('/') ? m[2] : `${m[2]}/`
  return { bucket: m[1], prefix }
}

/** The client is loaded only when a gs:// location is used; it honours STORAGE_EMULATOR_HOST, as the server does. */
export const openBucket = async (bucketName: string): Promise<Bucket> => {
  const { Storage } = await import('@google-cloud/storage')
  return new Storage().bucket(bucketName)
}

export const gcsLocation = (url: string, bucket: Bucket): ExportLocation => {
  const { bucket: bucketName, prefix } = parseGsUrl(url)
  const where = (name: string) => `gs://${bucketName}/${prefix}${name}`
  return {
    display: `gs://${bucketName}/${prefix}`,
    async names() {
      try {
        const [files] = await bucket.getFiles({ prefix, autoPaginate: true })
        return files.map((f) => f.name.slice(prefix.length))
      } catch (e) {
        throw failure(`gs://${bucketName}/${prefix}`, e)
      }
    },
    async read(name) {
      try {
        const [content] = await bucket.file(prefix + name).download()
        return content.toString('utf8')
      } catch (e) {
        throw failure(where(name), e)
      }
    },
    lines: (name) => linesOf(bucket.file(prefix + name).createReadStream(), where(name)),
    async create(name) {
      // an object appears only when its upload completes; the temporary name keeps the old one readable meanwhile
      const temp = bucket.file(`${prefix}${name}.tmp`)
      const stream = temp.createWriteStream({ resumable: false, contentType: name.endsWith('.json') ? 'application/json' : 'application/x-ndjson' })
      return {
        write: writer(stream, where(`${name}.tmp`)),
        async commit() {
          await finish(stream, where(`${name}.tmp`))
          await temp.move(prefix + name).catch((e: unknown) => Promise.reject(failure(where(name), e)))
        },
        async abort() {
          stream.destroy()
          await temp.delete({ ignoreNotFound: true }).catch(() => undefined)
        },
      }
    },
  }
}
