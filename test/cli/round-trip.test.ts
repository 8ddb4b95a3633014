/**
 * Issue 10: the copy command on a registry of realistic size (docs/EXTENSIONS.md §2). A source of about
 * 1,000 versions over about 215 subjects (ROUND_TRIP_SCALE=2: about 2,000 over 430) with Avro, JSON
 * Schema and Protobuf, references, two contexts, soft-deleted versions and subjects, metadata and rule
 * sets, subject and global configs and modes is copied registry → registry and registry → export
 * directory → registry, and each target is compared with the source endpoint by endpoint over the
 * Confluent API. Only `ts` and `locator` are left out of the comparison; guids must agree.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copy } from '../../src/cli/copy/copy.js'
import { summaryLine } from '../../src/cli/copy/model.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { call, ok } from '../support/copy-fixtures.js'

const CT = 'application/vnd.schemaregistry.v1+json'
const run = promisify(execFile)
const enc = encodeURIComponent
const log = (msg: string) => process.stderr.write(`[round-trip] ${msg}\n`)

/** Runs `fn` over `items` with at most `limit` calls at a time, keeping the order of the answers. */
const pool = async <T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

// ---------------------------------------------------------------------------------------------------
// The source: built through app.inject (no socket), subjects in parallel, versions of a subject in order.

type Ref = { name: string; subject: string; version: number }
interface Step {
  /** A registration, or a soft delete of a version (`deleteVersion`) or of the whole subject (`deleteSubject`). */
  schema?: string
  schemaType?: 'AVRO' | 'JSON' | 'PROTOBUF'
  references?: Ref[]
  metadata?: unknown
  ruleSet?: unknown
  deleteVersion?: number
  deleteSubject?: boolean
}
interface SubjectPlan {
  subject: string
  steps: Step[]
}

const pad = (i: number) => String(i).padStart(3, '0')

/**
 * Size of the source: 1 gives about 1,000 versions over about 220 subjects. The copy writes one version
 * at a time (~15 ms each on PGlite on a 2-core machine), so the file stays under ~90 s at 1;
 * ROUND_TRIP_SCALE=2 gives about 2,000 versions.
 */
const SCALE = Number(process.env.ROUND_TRIP_SCALE ?? 1)
const N = {
  avro: Math.round(100 * SCALE),
  json: Math.round(40 * SCALE),
  proto: Math.round(30 * SCALE),
  teamAvro: Math.round(30 * SCALE),
  teamJson: Math.round(10 * SCALE),
}

const ADDRESS_V1 = { type: 'record', name: 'Address', namespace: 'x', fields: [{ name: 'street', type: 'string' }] }
const ADDRESS_V2 = { ...ADDRESS_V1, fields: [...ADDRESS_V1.fields, { name: 'city', type: ['null', 'string'], default: null }] }
const COMMON_PROTO_V1 = 'syntax = "proto3";\npackage common;\n\nmessage Money {\n  int64 units = 1;\n  string currency = 2;\n}\n'
const COMMON_PROTO_V2 = 'syntax = "proto3";\npackage common;\n\nmessage Money {\n  int64 units = 1;\n  string currency = 2;\n  int32 nanos = 3;\n}\n'

const avro = (ns: string, n: number, withAddress: boolean) =>
  JSON.stringify({
    type: 'record',
    name: 'Rec',
    namespace: ns,
    fields: [
      ...(withAddress ? [{ name: 'addr', type: 'x.Address' }] : []),
      ...Array.from({ length: n }, (_, k) => (k === 0 ? { name: 'f0', type: 'string' } : { name: `f${k}`, type: ['null', 'long'], default: null })),
    ],
  })
const jsonSchema = (n: number) =>
  JSON.stringify({
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: n }, (_, k) => [`p${k}`, { type: k % 2 ? 'integer' : 'string' }])),
  })
const proto = (pkg: string, n: number, withImport: boolean) =>
  `syntax = "proto3";\npackage ${pkg};\n${withImport ? '\nimport "common.proto";\n' : ''}\nmessage Item {\n` +
  Array.from({ length: n }, (_, k) => `  string f${k} = ${k + 1};\n`).join('') +
  (withImport ? `  common.Money price = ${n + 1};\n` : '') +
  '}\n'

const RULES = (i: number) => ({
  domainRules: [{ name: `check_${i}`, kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.f0) < 100', tags: ['PII'] }],
})
const ADDRESS_REF = (version: number): Ref => ({ name: 'x.Address', subject: 'common-address', version })
const MONEY_REF = (version: number): Ref => ({ name: 'common.proto', subject: 'proto-common', version })

/** Subjects whose versions others reference: seeded first, before the parallel rest. */
const basePlans = (): SubjectPlan[] => [
  { subject: 'common-address', steps: [{ schema: JSON.stringify(ADDRESS_V1) }, { schema: JSON.stringify(ADDRESS_V2) }] },
  {
    subject: 'proto-common',
    steps: [
      { schema: COMMON_PROTO_V1, schemaType: 'PROTOBUF' },
      { schema: COMMON_PROTO_V2, schemaType: 'PROTOBUF' },
    ],
  },
  { subject: 'old-lib', steps: [{ schema: JSON.stringify({ type: 'record', name: 'Lib', namespace: 'y', fields: [{ name: 'a', type: 'int' }] }) }] },
  { subject: ':.team:team-address', steps: [{ schema: JSON.stringify(ADDRESS_V1), metadata: { properties: { owner: 'team' } } }] },
]

const plans = (): SubjectPlan[] => {
  const out: SubjectPlan[] = []
  // Avro, default context: 5 versions each; every third subject references common-address
  for (let i = 0; i < N.avro; i++) {
    const withAddress = i % 3 === 0
    const steps: Step[] = []
    for (let v = 1; v <= 5; v++) {
      const step: Step = { schema: avro(`ns.a${pad(i)}`, v, withAddress) }
      if (withAddress) step.references = [ADDRESS_REF(v <= 2 ? 1 : 2)]
      // metadata on the first version of every fourth subject (later versions inherit it), changed at v4
      if (i % 4 === 0 && v === 1) step.metadata = { properties: { owner: `team-${i}`, domain: 'sales' }, tags: { f0: ['PII'] } }
      if (i % 4 === 0 && v === 4) step.metadata = { properties: { owner: `team-${i}`, reviewed: 'yes' } }
      if (i % 5 === 1 && v === 2) step.ruleSet = RULES(i)
      steps.push(step)
    }
    if (i % 7 === 3) steps.push({ deleteVersion: 2 })
    if (i % 7 === 5) steps.push({ deleteVersion: 5 })
    if (i % 15 === 8) steps.push({ deleteSubject: true })
    out.push({ subject: `avro-${pad(i)}`, steps })
  }
  // JSON Schema, default context: 5 versions each (the same texts in every subject: shared ids)
  for (let i = 0; i < N.json; i++) {
    const steps: Step[] = Array.from({ length: 5 }, (_, k) => ({ schema: jsonSchema(k + 1), schemaType: 'JSON' as const }))
    if (i % 6 === 2) steps[0].metadata = { properties: { format: 'json', n: String(i) } }
    if (i % 9 === 4) steps.push({ deleteVersion: 3 })
    if (i % 20 === 7) steps.push({ deleteSubject: true })
    out.push({ subject: `json-${pad(i)}`, steps })
  }
  // Protobuf, default context: 4 versions each; every third subject imports common.proto
  for (let i = 0; i < N.proto; i++) {
    const withImport = i % 3 === 0
    const steps: Step[] = Array.from({ length: 4 }, (_, k) => ({
      schema: proto(`p${pad(i)}`, k + 1, withImport),
      schemaType: 'PROTOBUF' as const,
      ...(withImport ? { references: [MONEY_REF(k < 2 ? 1 : 2)] } : {}),
    }))
    if (i % 10 === 5) steps.push({ deleteVersion: 1 })
    if (i % 12 === 11) steps.push({ deleteSubject: true })
    out.push({ subject: `proto-${pad(i)}`, steps })
  }
  // Context .team: Avro subjects of 4 versions (every fourth references team-address), JSON ones of 3
  for (let i = 0; i < N.teamAvro; i++) {
    const withAddress = i % 4 === 0
    const steps: Step[] = Array.from({ length: 4 }, (_, k) => ({
      schema: avro(`team.t${pad(i)}`, k + 1, withAddress),
      ...(withAddress ? { references: [{ name: 'x.Address', subject: 'team-address', version: 1 }] } : {}),
      ...(i % 5 === 0 && k === 0 ? { metadata: { properties: { ctx: 'team' } } } : {}),
    }))
    if (i % 8 === 6) steps.push({ deleteVersion: 3 })
    if (i % 15 === 14) steps.push({ deleteSubject: true })
    out.push({ subject: `:.team:t-avro-${pad(i)}`, steps })
  }
  for (let i = 0; i < N.teamJson; i++) {
    const steps: Step[] = Array.from({ length: 3 }, (_, k) => ({ schema: jsonSchema(k + 2), schemaType: 'JSON' as const }))
    if (i % 10 === 3) steps.push({ deleteSubject: true })
    out.push({ subject: `:.team:t-json-${pad(i)}`, steps })
  }
  // Referenced versions soft-deleted after their (soft-deleted) referrer
  const oldRec = JSON.stringify({ type: 'record', name: 'Old', namespace: 'ns.old', fields: [{ name: 'lib', type: 'y.Lib' }] })
  out.push({ subject: 'old-referrer', steps: [{ schema: oldRec, references: [{ name: 'y.Lib', subject: 'old-lib', version: 1 }] }, { deleteSubject: true }] })
  return out
}

const seedSource = async (server: ClientServer): Promise<number> => {
  const inject = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => {
    const res = await server.app.inject({
      method,
      url,
      headers: { accept: CT, ...(body === undefined ? {} : { 'content-type': CT }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    })
    if (res.statusCode !== 200 && res.statusCode !== 204) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.body ? JSON.parse(res.body) : null
  }
  let registered = 0
  const runPlan = async ({ subject, steps }: SubjectPlan) => {
    const s = enc(subject)
    for (const st of steps) {
      if (st.deleteSubject) await inject('DELETE', `/subjects/${s}`)
      else if (st.deleteVersion !== undefined) await inject('DELETE', `/subjects/${s}/versions/${st.deleteVersion}`)
      else {
        const body: Record<string, unknown> = { schema: st.schema, schemaType: st.schemaType ?? 'AVRO' }
        if (st.references) body.references = st.references
        if (st.metadata) body.metadata = st.metadata
        if (st.ruleSet) body.ruleSet = st.ruleSet
        await inject('POST', `/subjects/${s}/versions`, body)
        registered++
      }
    }
  }
  // no compatibility checks while seeding; the final global config comes at the end
  await inject('PUT', '/config', { compatibility: 'NONE' })
  await inject('PUT', `/config/${enc(':.team:')}`, { compatibility: 'NONE' })
  for (const p of basePlans()) await runPlan(p)
  await pool(plans(), 8, runPlan)
  // old-lib's only referrer is soft-deleted: it can be soft-deleted too
  await inject('DELETE', '/subjects/old-lib')
  // the context's own config is not copied (§2.2 "not yet"): put it back
  await inject('DELETE', `/config/${enc(':.team:')}`)

  // subject configs: compatibility levels, default and override metadata, in both contexts
  for (let i = 0; i < N.avro; i += 10) await inject('PUT', `/config/avro-${pad(i)}`, { compatibility: i % 20 ? 'FULL' : 'BACKWARD_TRANSITIVE' })
  await inject('PUT', '/config/json-001', { compatibility: 'FORWARD', defaultMetadata: { properties: { tier: 'gold' } } })
  await inject('PUT', '/config/json-002', { overrideMetadata: { properties: { env: 'prod' } }, normalize: true })
  await inject('PUT', '/config/proto-001', { compatibility: 'NONE', compatibilityGroup: 'application.major' })
  await inject('PUT', `/config/${enc(':.team:t-avro-001')}`, { compatibility: 'FULL_TRANSITIVE' })
  // a config on a wholly soft-deleted subject
  await inject('PUT', '/config/avro-008', { compatibility: 'NONE' })
  // subject modes, then the global config and mode
  for (let i = 1; i < N.avro; i += 20) await inject('PUT', `/mode/avro-${pad(i)}`, { mode: 'READONLY' })
  await inject('PUT', `/mode/${enc(':.team:t-avro-002')}`, { mode: 'READONLY' })
  await inject('PUT', '/mode/json-010', { mode: 'READWRITE' })
  await inject('PUT', '/config', { compatibility: 'FORWARD_TRANSITIVE', defaultMetadata: { properties: { source: 'round-trip' } } })
  await inject('PUT', '/mode', { mode: 'READONLY' })
  return registered
}

// ---------------------------------------------------------------------------------------------------
// What a registry answers, endpoint by endpoint.

/** Fields that legitimately differ between two registries holding the same content. */
const STRIPPED = new Set(['ts', 'locator'])
const strip = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(strip)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !STRIPPED.has(k))
        .map(([k, x]) => [k, strip(x)]),
    )
  return v
}

const contextOf = (subject: string) => /^:(\.[^:]*):/.exec(subject)?.[1] ?? '.'
const inContext = (ctx: string, path: string) => (ctx === '.' ? path : `/contexts/${enc(ctx)}${path}`)

interface RegistryState {
  contexts: unknown
  subjectsDeleted: unknown
  subjectsLive: unknown
  config: unknown
  mode: unknown
  subjects: Record<string, { versions: unknown; versionsDeleted: unknown; each: unknown[]; config: unknown; mode: unknown }>
  ids: Record<string, { schema: unknown; versions: unknown; liveVersions: unknown }>
}

/** Every answer a copy should reproduce, with `status` kept for the answers that may be 404. */
const registryState = async (base: string): Promise<RegistryState> => {
  const get = async (path: string) => {
    const r = await call(base, 'GET', path)
    return r.status === 200 ? strip(r.body) : { status: r.status, error_code: r.body?.error_code }
  }
  const subjectsDeleted = (await ok(base, 'GET', '/subjects?deleted=true')) as string[]
  const state: RegistryState = {
    contexts: await get('/contexts'),
    subjectsDeleted,
    subjectsLive: await get('/subjects'),
    config: await get('/config'),
    mode: await get('/mode'),
    subjects: {},
    ids: {},
  }
  /** context + id → a subject of that context using it */
  const ids = new Map<string, { ctx: string; id: number }>()
  await pool(subjectsDeleted, 12, async (s) => {
    const e = enc(s)
    const versionsDeleted = (await ok(base, 'GET', `/subjects/${e}/versions?deleted=true`)) as number[]
    const each = await Promise.all(versionsDeleted.map((n) => get(`/subjects/${e}/versions/${n}?deleted=true`)))
    for (const b of each as { id: number }[]) ids.set(`${contextOf(s)} ${b.id}`, { ctx: contextOf(s), id: b.id })
    state.subjects[s] = {
      versions: await get(`/subjects/${e}/versions`),
      versionsDeleted,
      each,
      config: await get(`/config/${e}`),
      mode: await get(`/mode/${e}`),
    }
  })
  await pool([...ids], 12, async ([key, { ctx, id }]) => {
    state.ids[key] = {
      schema: await get(inContext(ctx, `/schemas/ids/${id}`)),
      versions: await get(inContext(ctx, `/schemas/ids/${id}/versions?deleted=true`)),
      liveVersions: await get(inContext(ctx, `/schemas/ids/${id}/versions`)),
    }
  })
  return state
}

/** The number of versions a state holds, live and soft-deleted. */
const versionCount = (s: RegistryState) => Object.values(s.subjects).reduce((n, x) => n + x.each.length, 0)

// ---------------------------------------------------------------------------------------------------

describe('copy round trip on a registry of ~1,000 versions (issue 10)', () => {
  let src: ClientServer
  const servers: ClientServer[] = []
  const dirs: string[] = []
  let want: RegistryState
  let total = 0
  let direct: RegistryState
  const started = async () => {
    const s = await startClientServer()
    servers.push(s)
    return s
  }
  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    try {
      return await fn()
    } finally {
      log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    }
  }

  beforeAll(async () => {
    src = await started()
    const registered = await timed('seed', () => seedSource(src))
    want = await timed('read the source', () => registryState(src.url))
    total = versionCount(want)
    log(
      `source: ${registered} registrations, ${total} versions, ${want.subjectsDeleted && (want.subjectsDeleted as string[]).length} subjects, ${Object.keys(want.ids).length} ids`,
    )
  }, 120_000)
  afterAll(async () => {
    for (const s of servers) await s.close()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  it('the source covers what the copy must carry', () => {
    expect(total).toBeGreaterThanOrEqual(950 * SCALE)
    expect(want.contexts).toEqual(['.', '.team'])
    const all = want.subjectsDeleted as string[]
    const live = want.subjectsLive as string[]
    expect(all.length).toBeGreaterThan(200 * SCALE)
    expect(all.some((s) => s.startsWith(':.team:'))).toBe(true)
    expect(all.length - live.length).toBeGreaterThanOrEqual(10 * SCALE) // wholly soft-deleted subjects
    const versions = Object.values(want.subjects).flatMap((s) => s.each as Record<string, any>[])
    expect(new Set(versions.map((v) => v.schemaType))).toEqual(new Set(['AVRO', 'JSON', 'PROTOBUF']))
    expect(versions.filter((v) => v.deleted).length).toBeGreaterThan(50 * SCALE)
    expect(versions.filter((v) => v.references?.some((r: Ref) => r.subject === 'common-address')).length).toBeGreaterThan(50 * SCALE)
    expect(versions.filter((v) => v.references?.some((r: Ref) => r.subject === 'proto-common')).length).toBeGreaterThan(20 * SCALE)
    expect(versions.filter((v) => v.references?.some((r: Ref) => r.subject === 'team-address')).length).toBeGreaterThan(10 * SCALE)
    expect(versions.filter((v) => v.metadata).length).toBeGreaterThan(50 * SCALE)
    expect(versions.filter((v) => v.ruleSet).length).toBeGreaterThan(20 * SCALE)
    expect(versions.every((v) => typeof v.schema === 'string' && typeof v.guid === 'string')).toBe(true)
    // every id answers in its context (the .team ids through /contexts/.team/...)
    const ids = Object.entries(want.ids)
    expect(ids.every(([, x]) => typeof (x.schema as { schema?: unknown }).schema === 'string' && Array.isArray(x.versions))).toBe(true)
    expect(ids.filter(([k]) => k.startsWith('.team ')).length).toBeGreaterThan(20 * SCALE)
    expect(ids.some(([, x]) => (x.versions as unknown[]).length > 1)).toBe(true) // ids shared by subjects
    expect(want.mode).toEqual({ mode: 'READONLY' })
    expect(want.config).toMatchObject({ compatibilityLevel: 'FORWARD_TRANSITIVE', defaultMetadata: { properties: { source: 'round-trip' } } })
    expect(want.subjects['json-001'].config).toMatchObject({ defaultMetadata: { properties: { tier: 'gold' } } })
    expect(want.subjects['json-002'].config).toMatchObject({ overrideMetadata: { properties: { env: 'prod' } } })
    expect(want.subjects[':.team:t-avro-002'].mode).toEqual({ mode: 'READONLY' })
    expect(want.subjects['old-lib'].each).toMatchObject([{ deleted: true }])
  })

  it('registry → empty registry reproduces every answer', async () => {
    const dst = await started()
    const res = await timed('copy registry → registry', () => copy({ from: { location: src.url }, to: { location: dst.url } }))
    expect(res.error).toBeUndefined()
    expect(res.summary.versions).toBe(total)
    expect(res.summary.skipped).toBe(0)
    direct = await timed('read the target', () => registryState(dst.url))
    expect(direct).toEqual(want)

    // a re-run copies nothing and changes nothing
    const again = await timed('copy again', () => copy({ from: { location: src.url }, to: { location: dst.url } }))
    expect(again.error).toBeUndefined()
    expect(summaryLine(again.summary)).toBe(`copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped ${total}`)
    expect(await timed('read the target again', () => registryState(dst.url))).toEqual(want)
  }, 120_000)

  it('registry → export directory → empty registry equals the direct copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'round-trip-'))
    dirs.push(dir)
    const exported = await timed('copy registry → directory', () => copy({ from: { location: src.url }, to: { location: dir } }))
    expect(exported.error).toBeUndefined()
    expect(exported.summary.versions).toBe(total)
    const dst = await started()
    const restored = await timed('copy directory → registry', () => copy({ from: { location: dir }, to: { location: dst.url } }))
    expect(restored.error).toBeUndefined()
    expect(restored.summary.versions).toBe(total)
    const got = await timed('read the second target', () => registryState(dst.url))
    expect(got).toEqual(direct ?? want)
    expect(got).toEqual(want)
  }, 120_000)

  it('a conflict stops the CLI with exit status 1, naming the subject and version, and leaves the target modes', async () => {
    const dst = await started()
    // :.team:t-avro-001 version 2 (early in the copy's order) holds other content on the target; its
    // subject mode is READONLY, json-005's READWRITE
    const subject = ':.team:t-avro-001'
    await ok(dst.url, 'PUT', `/mode/${enc(subject)}`, { mode: 'IMPORT' })
    await ok(dst.url, 'POST', `/subjects/${enc(subject)}/versions`, { schema: avro('ns.other', 1, false), id: 90_000, version: 2 })
    await ok(dst.url, 'PUT', `/mode/${enc(subject)}`, { mode: 'READONLY' })
    await ok(dst.url, 'PUT', '/mode/json-005', { mode: 'READWRITE' })
    const modes = async () => {
      const subjects = [...new Set([...(want.subjectsDeleted as string[]), ...((await ok(dst.url, 'GET', '/subjects?deleted=true')) as string[])])]
      const out: Record<string, unknown> = { '': await ok(dst.url, 'GET', '/mode') }
      await pool(subjects, 12, async (s) => {
        const m = await call(dst.url, 'GET', `/mode/${enc(s)}`)
        if (m.status === 200) out[s] = m.body.mode
      })
      return out
    }
    const before = await modes()
    expect(before).toEqual({ '': { mode: 'READWRITE' }, [subject]: 'READONLY', 'json-005': 'READWRITE' })

    const t0 = performance.now()
    const cli = await run('npx', ['tsx', 'src/cli/main.ts', 'copy', '--from', src.url, '--to', dst.url]).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    log(`CLI copy to the conflict: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    expect(cli.code).toBe(1)
    expect(cli.stderr).toMatch(/conflict: :\.team:t-avro-001 version 2\b/)
    expect(cli.stdout).toMatch(/^copied [1-9]\d* schemas, [1-9]\d* versions, 0 configs, 0 modes; skipped 0\n$/)
    expect(await modes()).toEqual(before)
    // what landed before the conflict stays; the target's own version is untouched
    expect((await ok(dst.url, 'GET', `/subjects/${enc(subject)}/versions/1`)).id).toBe((want.subjects[subject].each[0] as { id: number }).id)
    expect((await ok(dst.url, 'GET', `/subjects/${enc(subject)}/versions/2`)).id).toBe(90_000)
    expect(await ok(dst.url, 'GET', `/subjects/${enc(subject)}/versions`)).toEqual([1, 2])
  }, 60_000)

  it('an unreachable source fails quickly through the CLI, naming the address', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'round-trip-'))
    dirs.push(dir)
    const t0 = performance.now()
    const cli = await run('npx', ['tsx', 'src/cli/main.ts', 'copy', '--from', 'http://127.0.0.1:1', '--to', dir]).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    const seconds = (performance.now() - t0) / 1000
    log(`CLI with an unreachable source: ${seconds.toFixed(1)} s`)
    expect(cli.code).toBe(1)
    expect(cli.stderr).toMatch(/127\.0\.0\.1:1\b/)
    expect(cli.stdout).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 0\n')
    expect(seconds).toBeLessThan(5)
  }, 30_000)
})
