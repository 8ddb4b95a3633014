import type { FastifyInstance } from 'fastify'
import type { ErrorKind, RegistryError } from '../../errors/registry-error.js'
import type { CompatibilityResult } from '../../services/compatibility-service.js'
import type { Policy } from '../../services/policy.js'
import type { RegisterResult } from '../../services/register-service.js'
import type { FileSetFields, SchemaFields } from '../schema-fields.js'
import type { RouteDeps } from '../routes/route-deps.js'
import type { SchemaView, VersionView } from '../../services/views.js'

/** A catalogue kind as this dialect answers it. */
export type StatusAndCode = readonly [status: number, code: number]

/**
 * How a dialect writes the bodies of the routes both dialects share. Services return neutral views;
 * only presenters decide keys, id types and texts.
 */
export interface Presenter {
  /** A schema id as this dialect's bodies carry it (a number or a decimal string). */
  id(id: number): number | string
  /** The answer to `POST /subjects/{s}/versions`. */
  registered(result: RegisterResult): unknown
  /** One subject version (`GET /subjects/{s}/versions/{v}`, `GET /subjects/{s}/metadata`). */
  version(v: VersionView, schema: string): unknown
  /** One item of `GET /schemas`. */
  schemaListItem(subject: string, version: number, v: SchemaView): unknown
  /** The answer to a compatibility test; `verbose` adds the messages. */
  compatibility(result: CompatibilityResult, verbose: boolean): unknown
}

/** Request bodies in this dialect's spellings. */
export interface DialectBodies {
  /** The schema fields of a register or compatibility-test body. */
  schemaFields(body: unknown): SchemaFields
  /**
   * A register body that publishes a set of files (docs/EXTENSIONS.md §9); undefined when the body is
   * not one (it has no `files`). A dialect without it takes no sets of files.
   */
  fileSet?(body: unknown): FileSetFields | undefined
}

/**
 * Everything one REST dialect is (docs/ARCHITECTURE.md, "The HTTP edge"). A new dialect is a new
 * folder exporting one of these and one line in `dialects/index.ts`; nothing else in the tree changes.
 */
export interface DialectModule {
  readonly name: string
  /** A path prefix that selects the dialect and is removed before routing (`/apis/ccompat/v7`). */
  readonly pathPrefix: string
  /** Media types that select the dialect when named in `Content-Type` or `Accept`. */
  readonly selectingMediaTypes: readonly string[]
  /** The media type of responses to a request with this `Accept` header. */
  responseMediaType(accept: string | undefined): string
  /** Status and code of every catalogue kind. */
  readonly errorCodes: Readonly<Record<ErrorKind, StatusAndCode>>
  /** The error body in this dialect's keys. */
  errorBody(code: number, message: string): unknown
  /** The message of a catalogue error in this dialect's words (from the error's details). */
  errorMessage(error: RegistryError): string
  /** The semantic choices services take as one argument. */
  readonly policy: Policy
  readonly bodies: DialectBodies
  readonly present: Presenter
  /**
   * Routes whose operation differs in this dialect (`POST /subjects/{s}` is a lookup in one dialect
   * and an upsert in another). They are registered with the `dialect` route constraint, so the same
   * path can lead to another handler in another dialect.
   */
  routes(app: FastifyInstance, deps: RouteDeps): Promise<void>
}
