import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

// What the copy tests share: requests in the Confluent dialect, a small source registry, and what a
// registry holds as a copy should reproduce it (docs/EXTENSIONS.md §2).
const CT = 'application/vnd.schemaregistry.v1+json'
export const run = promisify(execFile)

export const call = async (base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const res = await fetch(base + path, {
    method,
    headers: { accept: CT, ...(body === undefined ? {} : { 'content-type': CT }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}
export const ok = async (base: string, method: string, path: string, body?: unknown) => {
  const r = await call(base, method, path, body)
  if (r.status !== 200 && r.status !== 204) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

export const ADDRESS = JSON.stringify({ type: 'record', name: 'Address', namespace: 'x', fields: [{ name: 'street', type: 'string' }] })
export const PERSON = JSON.stringify({ type: 'record', name: 'Person', namespace: 'x', fields: [{ name: 'home', type: 'x.Address' }] })
export const PERSON2 = JSON.stringify({
  type: 'record',
  name: 'Person',
  namespace: 'x',
  fields: [
    { name: 'home', type: 'x.Address' },
    { name: 'age', type: 'int', default: 0 },
  ],
})
export const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } })
export const PROTO = 'syntax = "proto3";\npackage p;\n\nmessage Order {\n  string id = 1;\n}\n'

/** Source data: Avro with a reference, JSON, Protobuf, a soft-deleted version, a context, a subject config and mode. */
export const seed = async (base: string) => {
  await ok(base, 'POST', '/subjects/address/versions', { schema: ADDRESS })
  const refs = [{ name: 'x.Address', subject: 'address', version: 1 }]
  await ok(base, 'POST', '/subjects/person/versions', { schema: PERSON, references: refs, metadata: { properties: { owner: 'team-a' } } })
  await ok(base, 'POST', '/subjects/person/versions', { schema: PERSON2, references: refs })
  await ok(base, 'POST', '/subjects/json-s/versions', { schema: JSON_SCHEMA, schemaType: 'JSON' })
  await ok(base, 'POST', '/subjects/json-s/versions', { schema: JSON.stringify({ type: 'object' }), schemaType: 'JSON' })
  await ok(base, 'DELETE', '/subjects/json-s/versions/2')
  await ok(base, 'POST', '/subjects/orders/versions', { schema: PROTO, schemaType: 'PROTOBUF' })
  await ok(base, 'POST', `/subjects/${encodeURIComponent(':.ctx:inctx')}/versions`, { schema: ADDRESS })
  await ok(base, 'PUT', '/config/person', { compatibility: 'FULL' })
  await ok(base, 'PUT', '/mode/orders', { mode: 'READONLY' })
  await ok(base, 'PUT', '/config', { compatibility: 'FORWARD' })
}

/** What a registry holds, as the copy should reproduce it. */
export const state = async (base: string) => {
  const subjects: string[] = await ok(base, 'GET', '/subjects?deleted=true')
  const contexts: string[] = await ok(base, 'GET', '/contexts')
  const versions: unknown[] = []
  const configs: Record<string, unknown> = { '': await ok(base, 'GET', '/config') }
  const modes: Record<string, unknown> = { '': (await ok(base, 'GET', '/mode')).mode }
  // a context's own config and mode sit at `:.ctx:`
  for (const s of [...contexts.filter((c) => c !== '.').map((c) => `:${c}:`), ...subjects.sort()]) {
    const e = encodeURIComponent(s)
    for (const v of s.endsWith(':') ? [] : await ok(base, 'GET', `/subjects/${e}/versions?deleted=true`)) {
      const b = await ok(base, 'GET', `/subjects/${e}/versions/${v}?deleted=true`)
      versions.push({ subject: s, version: b.version, id: b.id, schemaType: b.schemaType, schema: b.schema, references: b.references, metadata: b.metadata, deleted: b.deleted })
    }
    const c = await call(base, 'GET', `/config/${e}`)
    if (c.status === 200) configs[s] = c.body
    const m = await call(base, 'GET', `/mode/${e}`)
    if (m.status === 200) modes[s] = m.body.mode
  }
  return { contexts, versions, configs, modes }
}
