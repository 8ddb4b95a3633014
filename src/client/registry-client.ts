import { openChangeStream, type ChangeStream, type ReconnectOptions } from './change-stream.js'
import { avroCodec } from './codecs/avro-codec.js'
import type { Codec, CodecFactory, EncodeOptions, ResolvedReference } from './codecs/codec.js'
import { jsonCodec } from './codecs/json-codec.js'
import { protobufCodec } from './codecs/protobuf-codec.js'
import { RegistryClientError, createTransport, segment, type FetchLike } from './http-transport.js'
import { createLatestCache } from './latest-cache.js'
import { createMemo } from './memo.js'
import { matches } from './subjects.js'
import type { ChangeEvent, ChangeFilter, LatestVersion, RegisteredSchema, SchemaInput, SchemaReference, SchemaType, StatusResult, ValidationResult } from './types.js'
import { frame, unframe } from './wire-format.js'

/** Options of `createRegistryClient`. */
export interface RegistryClientOptions {
  /** The registry's base URL, `http://registry:8081` (a path prefix such as `/apis/ccompat/v7` is kept). */
  url: string
  /** HTTP Basic credentials (a user or an API key of the registry's AUTH_FILE). */
  username?: string
  password?: string
  /** A bearer token (OIDC); wins over `username`/`password`. */
  token?: string
  /**
   * Subscribe to the registry's change stream (`GET /events`) at once: `latest` is then cached until
   * the subject changes and `onChange` handlers get every change. Default false.
   */
  watch?: boolean
  /**
   * The seq (an event's `id`) after which the change stream starts, for a process that kept the last
   * one it handled. Default: the registry's default, its whole events log.
   */
  after?: number | string
  /** How long `latest` answers from its cache while no change stream is open. Default 10 000 ms. */
  latestTtlMs?: number
  /** Reconnection delays of the change stream. Default 500 ms doubling to 30 s. */
  reconnect?: Partial<ReconnectOptions>
  /** The `fetch` to use (default the global one of Node 20). */
  fetch?: FetchLike
  /** Told about change stream failures (it reconnects by itself) and about `onChange` handlers that threw. */
  onError?: (error: Error) => void
}

/** A client of the registry that caches what never changes and learns what does from the change stream. */
export interface RegistryClient {
  /** Registers a schema under a subject, or finds the version that already holds it. Throws RegistryClientError (409 when incompatible). */
  register(subject: string, input: SchemaInput): Promise<{ id: number; version: number }>
  /** The schema with this id; ids never change meaning, so each is fetched once (concurrent calls share the request). */
  schemaById(id: number): Promise<RegisteredSchema>
  /** The subject's live latest version, cached (see `watch` and `latestTtlMs`). */
  latest(subject: string): Promise<LatestVersion>
  /**
   * Checks a payload against a version of the subject (default its latest) on the registry: JSON
   * (Avro's JSON encoding, a JSON instance, Protobuf's JSON mapping) or bytes (a `Uint8Array`).
   * `message` names the Protobuf message (default the first).
   */
  validate(subject: string, payload: unknown, options?: { version?: number | 'latest'; message?: string }): Promise<ValidationResult>
  /** Compares the schema a service was built with to the subject's live latest version. */
  status(subject: string, input: SchemaInput, options?: { role?: 'producer' | 'consumer' | 'both' }): Promise<StatusResult>
  /** Calls `handler` with every change the filter takes; opens the change stream if `watch` did not. Returns the unsubscribe function. */
  onChange(filter: ChangeFilter, handler: (event: ChangeEvent) => void): () => void
  /** The value in Confluent's wire format, written with the subject's latest schema; throws when it does not fit. */
  encode(subject: string, value: unknown, options?: EncodeOptions): Promise<Uint8Array>
  /** The value of a record in Confluent's wire format, read with the schema its id names. */
  decode<T = unknown>(bytes: Uint8Array): Promise<T>
  /** Closes the change stream and refuses further calls. Idempotent. */
  close(): Promise<void>
}

const CODECS: Record<SchemaType, CodecFactory> = { AVRO: avroCodec, JSON: jsonCodec, PROTOBUF: protobufCodec }

interface VersionBody {
  subject: string
  id: number
  version: number
  schema: string
  schemaType?: SchemaType
  references?: SchemaReference[]
}

const asSchema = (b: { schema: string; schemaType?: SchemaType; references?: SchemaReference[] }): RegisteredSchema => ({
  schema: b.schema,
  // Confluent leaves schemaType out for Avro
  schemaType: b.schemaType ?? 'AVRO',
  references: b.references ?? [],
})

const registerBody = (input: SchemaInput) => ({
  schema: input.schema,
  ...(input.schemaType && input.schemaType !== 'AVRO' ? { schemaType: input.schemaType } : {}),
  ...(input.references?.length ? { references: input.references } : {}),
})

/** Creates a client; it opens no connection until used (or at once with `watch: true`). */
export const createRegistryClient = (options: RegistryClientOptions): RegistryClient => {
  const http = createTransport({ url: options.url, credentials: options, fetch: options.fetch })
  const reportError = options.onError ?? (() => undefined)
  const handlers = new Set<{ filter: ChangeFilter; handler: (event: ChangeEvent) => void }>()
  const byId = createMemo<number, RegisteredSchema>()
  const versions = createMemo<string, RegisteredSchema>()
  const codecs = createMemo<number, Codec>()
  let stream: ChangeStream | undefined
  let closed = false
  const latestCache = createLatestCache({ ttlMs: options.latestTtlMs ?? 10_000, streamOpen: () => stream?.connected ?? false })

  const open = () => {
    if (closed) throw new RegistryClientError('the registry client is closed', 0)
  }

  const schemaById = (id: number): Promise<RegisteredSchema> => byId.get(id, async () => asSchema(await http.json('GET', `/schemas/ids/${id}`)))

  // a subject's version number keeps its content (a permanent delete is the rare exception), so it is cached too
  const referencedVersion = (ref: SchemaReference): Promise<RegisteredSchema> =>
    versions.get(`${ref.subject}\n${ref.version}`, async () =>
      asSchema(await http.json<VersionBody>('GET', `/subjects/${segment(ref.subject)}/versions/${ref.version}?deleted=true`)),
    )

  /** Every schema the references name, transitively, dependencies before their dependents. */
  const resolveReferences = async (refs: SchemaReference[], seen: Set<string>): Promise<ResolvedReference[]> => {
    const out: ResolvedReference[] = []
    for (const ref of refs) {
      if (seen.has(ref.name)) continue
      seen.add(ref.name)
      const s = await referencedVersion(ref)
      out.push(...(await resolveReferences(s.references, seen)), { name: ref.name, schema: s.schema, schemaType: s.schemaType })
    }
    return out
  }

  const codecFor = (id: number): Promise<Codec> =>
    codecs.get(id, async () => {
      const s = await schemaById(id)
      const factory = CODECS[s.schemaType]
      if (!factory) throw new Error(`schema ${id} has the type ${s.schemaType}, which the client cannot encode`)
      return factory(s.schema, await resolveReferences(s.references, new Set()))
    })

  const latest = async (subject: string): Promise<LatestVersion> => {
    open()
    return latestCache.get(subject, async () => {
      const v = await http.json<VersionBody>('GET', `/subjects/${segment(subject)}/versions/latest`)
      return { subject: v.subject, id: v.id, version: v.version, ...asSchema(v) }
    })
  }

  const dispatch = (event: ChangeEvent): void => {
    latestCache.apply(event, schemaById)
    for (const { filter, handler } of [...handlers]) {
      try {
        if (matches(filter, event)) handler(event)
      } catch (e) {
        reportError(e instanceof Error ? e : new Error(String(e)))
      }
    }
  }

  const startStream = () => {
    stream ??= openChangeStream({
      url: http.baseUrl,
      headers: http.headers,
      fetch: http.fetch,
      after: options.after === undefined ? undefined : String(options.after),
      reconnect: { initialMs: options.reconnect?.initialMs ?? 500, maxMs: options.reconnect?.maxMs ?? 30_000 },
      onEvent: dispatch,
      // without a resume, changes made while the stream was down are unknown: nothing cached can be trusted
      onOpen: (resumed) => (resumed ? undefined : latestCache.clear()),
      onError: reportError,
    })
  }
  if (options.watch) startStream()

  return {
    async register(subject, input) {
      open()
      const body = registerBody(input)
      const answer = await http.json<{ id: number; version?: number }>('POST', `/subjects/${segment(subject)}/versions`, body)
      latestCache.invalidate(subject)
      // Confluent before 7.x answers the id alone: the lookup names the version
      const version = answer.version ?? (await http.json<{ version: number }>('POST', `/subjects/${segment(subject)}`, body)).version
      return { id: answer.id, version }
    },
    async schemaById(id) {
      open()
      return schemaById(id)
    },
    latest,
    async validate(subject, payload, opts = {}) {
      open()
      const query = opts.message === undefined ? '' : `?message=${encodeURIComponent(opts.message)}`
      const path = `/subjects/${segment(subject)}/versions/${opts.version ?? 'latest'}/validate${query}`
      return payload instanceof Uint8Array ? http.send('POST', path, payload, 'application/octet-stream') : http.send('POST', path, JSON.stringify(payload), 'application/json')
    },
    async status(subject, input, opts = {}) {
      open()
      return http.json('POST', `/subjects/${segment(subject)}/status${opts.role ? `?role=${opts.role}` : ''}`, registerBody(input))
    },
    onChange(filter, handler) {
      open()
      const entry = { filter, handler }
      handlers.add(entry)
      startStream()
      return () => void handlers.delete(entry)
    },
    async encode(subject, value, opts = {}) {
      const { id } = await latest(subject)
      return frame(id, (await codecFor(id)).encode(value, opts))
    },
    async decode<T>(bytes: Uint8Array) {
      open()
      const { id, body } = unframe(bytes)
      return (await codecFor(id)).decode(body) as T
    },
    async close() {
      closed = true
      stream?.close()
      handlers.clear()
    },
  }
}
