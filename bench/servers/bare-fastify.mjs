// Ceiling: one Fastify route answering the same bytes as a registry read, with Fastify's defaults
// and no logger (what the registry's own stack costs above this is its hooks and its work).
import Fastify from 'fastify'

const body = Buffer.from(process.env.BODY ?? '{}')
const app = Fastify({ logger: false, keepAliveTimeout: 60_000 })
app.get('/*', (_req, reply) => reply.type('application/vnd.schemaregistry.v1+json').send(body))
app.post('/*', (_req, reply) => reply.type('application/vnd.schemaregistry.v1+json').send(body))
await app.listen({ port: 0, host: '127.0.0.1' })
process.send?.({ port: app.server.address().port })
