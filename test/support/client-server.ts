import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Authenticator } from '../../src/auth/authenticator.js'
import type { BlobStore } from '../../src/blobs/blob-store.js'
import { composeServer } from '../../src/composition.js'
import { checkContract } from './contract-check.js'
import { openTestStore, primaryEngine, type TestStore } from './stores.js'

type Dialect = 'openschema' | 'confluent'

export interface ClientServer {
  app: FastifyInstance
  test: TestStore
  /** `http://127.0.0.1:<port>`: the real server on a real socket, for the client libraries. */
  url: string
  close(): Promise<void>
}

/**
 * The real app over a fresh real store, listening on an ephemeral port of 127.0.0.1.
 * `dialect` is the server default (API_DIALECT); the Confluent clients pick the Confluent dialect by
 * their media type whatever it is (docs/API.md §1 rule 2). Every response is checked against openapi.yaml.
 */
export const startClientServer = async (
  opts: {
    dialect?: Dialect
    blobs?: BlobStore
    auth?: Authenticator
    /** Told of every request the server receives (method and URL as sent), to count what a client asked for. */
    onRequest?: (method: string, url: string) => void
  } = {},
): Promise<ClientServer> => {
  const test = await openTestStore(primaryEngine())
  const { app } = await composeServer({ store: test.store, dialect: opts.dialect ?? 'confluent', blobs: opts.blobs, auth: opts.auth })
  checkContract(app)
  const seen = opts.onRequest
  if (seen) app.addHook('onRequest', async (req) => seen(req.method, req.originalUrl))
  try {
    await app.listen({ port: 0, host: '127.0.0.1' })
  } catch (e) {
    await app.close()
    await test.dispose()
    throw e
  }
  const { port } = app.server.address() as AddressInfo
  return {
    app,
    test,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close()
      await test.dispose()
    },
  }
}

/** The schema id a Confluent-framed message carries: magic byte 0, then a 4-byte big-endian id. */
export const wireId = (buf: Buffer): number => {
  if (buf.length < 5 || buf[0] !== 0) throw new Error(`not a Confluent-framed message: ${buf.subarray(0, 5).toString('hex')}`)
  return buf.readInt32BE(1)
}
