import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CRC32C } from '@google-cloud/storage'

/**
 * A local server speaking the part of the GCS JSON API that the real `@google-cloud/storage` client
 * uses for the blob store (create-only upload, download, metadata, list with pages, delete, rewrite),
 * so the tests exercise the client's real HTTP requests. Objects live in memory with generations.
 * An outage switch makes the bucket answer 503, and the server logs what a test checks: requests,
 * precondition failures and any write over an existing object.
 * Anything else answers 501 and is logged, so a request the store starts to make is obvious.
 */
export interface FakeGcs {
  /** `http://127.0.0.1:<port>`: the client's `apiEndpoint`. */
  readonly endpoint: string
  /** Requests that got 501, as `METHOD path`. */
  readonly unknown: string[]
  /** Every request received, outage or not, as `METHOD path`. */
  readonly requests: string[]
  /** Object names whose create-only write (or copy) was refused with 412 because the object existed. */
  readonly preconditionFailures: string[]
  /** Object names written over an existing object (a write without a precondition): must stay empty. */
  readonly overwrites: string[]
  /** The object's content and generation, undefined when there is none. */
  object(bucket: string, name: string): { text: string; generation: number } | undefined
  /** While on, every request answers 503 (after `after` more requests have been served normally). */
  setOutage(on: boolean, opts?: { after?: number }): void
  stop(): Promise<void>
}

interface StoredObject {
  bucket: string
  name: string
  data: Buffer
  contentType: string
  generation: number
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' })
  res.end(JSON.stringify(body))
}

const apiError = (res: ServerResponse, status: number, message: string): void =>
  json(res, status, { error: { code: status, message, errors: [{ message, reason: status === 412 ? 'conditionNotMet' : status === 503 ? 'backendError' : 'notFound' }] } })

const crc32c = (data: Buffer): string => {
  const c = new CRC32C()
  c.update(data)
  return c.toString()
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('base64')

/** The object resource; the client checks `crc32c` and `md5Hash` of an upload against what it sent. */
const resource = (o: StoredObject): Record<string, string> => ({
  kind: 'storage#object',
  id: `${o.bucket}/${o.name}/${o.generation}`,
  bucket: o.bucket,
  name: o.name,
  generation: String(o.generation),
  metageneration: '1',
  contentType: o.contentType,
  size: String(o.data.length),
  md5Hash: md5(o.data),
  crc32c: crc32c(o.data),
})

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The parts of a `multipart/related` body: each part's headers (lower-cased) and bytes. */
const multipartParts = (body: Buffer, contentType: string): Array<{ headers: Record<string, string>; data: Buffer }> => {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1]
  if (boundary === undefined) throw new Error(`no boundary in ${contentType}`)
  const delimiter = Buffer.from(`--${boundary}`)
  const parts = []
  let at = body.indexOf(delimiter)
  while (at !== -1) {
    const start = at + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next === -1) break
    const part = body.subarray(start + 2, next - 2) // drop the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n')
    const headers: Record<string, string> = {}
    for (const line of part.subarray(0, split).toString().split('\r\n')) {
      const colon = line.indexOf(':')
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    parts.push({ headers, data: part.subarray(split + 4) })
    at = next
  }
  return parts
}

/** Starts the server on an ephemeral port. `pageSize` is small so that listing goes through page tokens. */
export const startFakeGcs = async ({ pageSize = 2 } = {}): Promise<FakeGcs> => {
  const objects = new Map<string, StoredObject>()
  const unknown: string[] = []
  const requests: string[] = []
  const preconditionFailures: string[] = []
  const overwrites: string[] = []
  // undefined: up; a number: requests still served before the outage starts
  let outageAfter: number | undefined
  let generations = 1000
  const id = (bucket: string, name: string): string => `${bucket}\u0000${name}`

  /** Checks `ifGenerationMatch` (0: there must be no object) against the current object. */
  const preconditionHolds = (url: URL, current: StoredObject | undefined): boolean => {
    const wanted = url.searchParams.get('ifGenerationMatch')
    if (wanted === null) return true
    return Number(wanted) === (current?.generation ?? 0)
  }

  const put = (bucket: string, name: string, data: Buffer, contentType: string): StoredObject => {
    if (objects.has(id(bucket, name))) overwrites.push(name)
    const o = { bucket, name, data, contentType, generation: ++generations }
    objects.set(id(bucket, name), o)
    return o
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake')
    // Split before decoding: object names arrive percent-encoded and may hold `%2F`.
    const p = url.pathname.split('/').slice(1).map(decodeURIComponent)
    // With STORAGE_EMULATOR_HOST the client sends JSON API calls to that URL as is, without
    // `/storage/v1` (uploads keep their `/upload/storage/v1`): accept both, as emulators do.
    if (p[0] === 'b') p.unshift('storage', 'v1')
    const method = req.method ?? 'GET'
    requests.push(`${method} ${req.url}`)
    if (outageAfter !== undefined) {
      if (outageAfter === 0) {
        await readBody(req)
        return apiError(res, 503, 'fake-gcs: the bucket is down')
      }
      outageAfter -= 1
    }

    // POST /upload/storage/v1/b/{bucket}/o?uploadType=multipart|media&name=...
    if (method === 'POST' && p.length === 6 && p[0] === 'upload' && p[1] === 'storage' && p[3] === 'b' && p[5] === 'o') {
      const bucket = p[4]
      const body = await readBody(req)
      const type = url.searchParams.get('uploadType')
      let name = url.searchParams.get('name') ?? undefined
      let contentType = req.headers['content-type'] ?? 'application/octet-stream'
      let data = body
      if (type === 'multipart') {
        const [meta, content] = multipartParts(body, contentType)
        const metadata = JSON.parse(meta.data.toString('utf8')) as { name?: string; contentType?: string }
        name = metadata.name ?? name
        contentType = metadata.contentType ?? content.headers['content-type'] ?? 'application/octet-stream'
        data = content.data
      } else if (type !== 'media') {
        return notImplemented(req, res)
      }
      if (name === undefined) return apiError(res, 400, 'no object name')
      if (!preconditionHolds(url, objects.get(id(bucket, name)))) {
        preconditionFailures.push(name)
        return apiError(res, 412, 'At least one of the pre-conditions you specified did not hold.')
      }
      return json(res, 200, resource(put(bucket, name, data, contentType)))
    }

    if (p[0] !== 'storage' || p[1] !== 'v1' || p[2] !== 'b' || p[4] !== 'o') return notImplemented(req, res)
    const bucket = p[3]

    // GET /storage/v1/b/{bucket}/o?prefix=&pageToken=
    if (method === 'GET' && p.length === 5) {
      const prefix = url.searchParams.get('prefix') ?? ''
      const names = [...objects.values()].filter((o) => o.bucket === bucket && o.name.startsWith(prefix)).sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
      const from = Number(url.searchParams.get('pageToken') ?? '0')
      const size = Number(url.searchParams.get('maxResults') ?? pageSize)
      const page = names.slice(from, from + Math.min(size, pageSize))
      const next = from + page.length < names.length ? String(from + page.length) : undefined
      return json(res, 200, { kind: 'storage#objects', items: page.map(resource), ...(next === undefined ? {} : { nextPageToken: next }) })
    }

    const name = p[5]
    const current = name === undefined ? undefined : objects.get(id(bucket, name))

    // GET /storage/v1/b/{bucket}/o/{object}[?alt=media]
    if (method === 'GET' && p.length === 6) {
      if (current === undefined) return apiError(res, 404, `No such object: ${bucket}/${name}`)
      if (url.searchParams.get('alt') !== 'media') return json(res, 200, resource(current))
      res.writeHead(200, {
        'content-type': current.contentType,
        'x-goog-generation': String(current.generation),
        'x-goog-hash': `crc32c=${crc32c(current.data)},md5=${md5(current.data)}`,
        // "identity" tells the client the bytes are as stored, so it validates them against the hash.
        'x-goog-stored-content-encoding': 'identity',
      })
      return void res.end(current.data)
    }

    // DELETE /storage/v1/b/{bucket}/o/{object}
    if (method === 'DELETE' && p.length === 6) {
      if (current === undefined) return apiError(res, 404, `No such object: ${bucket}/${name}`)
      objects.delete(id(bucket, name))
      res.writeHead(204)
      return void res.end()
    }

    // POST /storage/v1/b/{bucket}/o/{src}/(rewriteTo|copyTo)/b/{bucket}/o/{dst}
    if (method === 'POST' && p.length === 11 && (p[6] === 'rewriteTo' || p[6] === 'copyTo') && p[7] === 'b' && p[9] === 'o') {
      await readBody(req)
      if (current === undefined) return apiError(res, 404, `No such object: ${bucket}/${name}`)
      const [destBucket, destName] = [p[8], p[10]]
      if (!preconditionHolds(url, objects.get(id(destBucket, destName)))) {
        preconditionFailures.push(destName)
        return apiError(res, 412, 'At least one of the pre-conditions you specified did not hold.')
      }
      const copied = resource(put(destBucket, destName, current.data, current.contentType))
      if (p[6] === 'copyTo') return json(res, 200, copied)
      return json(res, 200, { kind: 'storage#rewriteResponse', totalBytesRewritten: copied.size, objectSize: copied.size, done: true, resource: copied })
    }

    return notImplemented(req, res)
  }

  const notImplemented = (req: IncomingMessage, res: ServerResponse): void => {
    const line = `${req.method} ${req.url}`
    unknown.push(line)
    console.error(`fake-gcs: not implemented: ${line}`)
    apiError(res, 501, `fake-gcs does not implement ${line}`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => apiError(res, 500, String(e)))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    unknown,
    requests,
    preconditionFailures,
    overwrites,
    object(bucket, name) {
      const o = objects.get(id(bucket, name))
      return o === undefined ? undefined : { text: o.data.toString('utf8'), generation: o.generation }
    },
    setOutage(on, { after = 0 } = {}) {
      outageAfter = on ? after : undefined
    },
    stop: () =>
      new Promise<void>((ok, fail) => {
        // The client keeps connections alive; close them so that the port refuses from now on.
        server.close((e) => (e ? fail(e) : ok()))
        server.closeAllConnections()
      }),
  }
}
