/**
 * `openschema-registry/client`: a caching TypeScript client of the registry (docs/EXTENSIONS.md §11).
 *
 * ```ts
 * import { createRegistryClient } from 'openschema-registry/client'
 * const registry = createRegistryClient({ url: 'http://localhost:8081', watch: true })
 * const bytes = await registry.encode('orders-value', { id: 'o-1', amount: 12.5 })
 * const order = await registry.decode(bytes)
 * ```
 *
 * It imports nothing of the server: only avsc, ajv and protobufjs (the libraries the server uses for
 * the same formats) and Node 20's built-ins.
 */
export { createRegistryClient, type RegistryClient, type RegistryClientOptions } from './registry-client.js'
export { RegistryClientError, type FetchLike } from './http-transport.js'
export type { ReconnectOptions } from './change-stream.js'
export type { EncodeOptions } from './codecs/codec.js'
export type {
  ChangeEvent,
  ChangeFilter,
  ChangeType,
  LatestVersion,
  PayloadError,
  RegisteredSchema,
  SchemaInput,
  SchemaReference,
  SchemaType,
  StatusResult,
  StatusWarning,
  ValidationResult,
} from './types.js'
