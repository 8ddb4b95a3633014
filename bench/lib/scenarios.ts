/** What the benchmark asks of a running registry; every scenario returns what the load generator measured. */
import { call, load, type LoadOptions, type Measured, type Req } from './load.js'
import { avroRecord, evolvingRecord, subjectName } from './data.js'

export const CF = 'application/vnd.schemaregistry.v1+json'
const headers = { 'content-type': CF, accept: CF }

/** A pseudo-random but repeatable walk over 0..n-1 (reads spread over the whole data set). */
const spread = (n: number) => (i: number) => (i * 7919) % n

export const getById = (port: number | (() => number), ids: number[], opts: LoadOptions): Promise<Measured> => {
  const pick = spread(ids.length)
  return load(port, (i) => ({ method: 'GET', path: `/schemas/ids/${ids[pick(i)]}`, headers }), opts)
}

export const getLatest = (port: number, subjects: number, opts: LoadOptions): Promise<Measured> => {
  const pick = spread(subjects)
  return load(port, (i) => ({ method: 'GET', path: `/subjects/${subjectName(pick(i))}/versions/latest`, headers }), opts)
}

/** Producers re-registering schemas the registry already has: the answer is the existing id. */
export const reRegister = (port: number, subjects: number, opts: LoadOptions): Promise<Measured> => {
  const pick = spread(subjects)
  const bodies = new Map<number, string>()
  const body = (n: number) => bodies.get(n) ?? (bodies.set(n, JSON.stringify({ schema: avroRecord(n) })), bodies.get(n)!)
  return load(port, (i) => ({ method: 'POST', path: `/subjects/${subjectName(pick(i))}/versions`, body: body(pick(i)), headers }), opts)
}

/** Sends each request once, 50 at a time: a warm-up pass over the whole data set before a measured phase. */
export const each = async (port: number, count: number, request: (n: number) => Req): Promise<void> => {
  let next = 0
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      for (let n = next++; n < count; n = next++) {
        const r = await call(port, request(n))
        if (r.status !== 200) throw new Error(`${r.status} for ${request(n).method} ${request(n).path} in a warm-up pass`)
      }
    }),
  )
}

/** Warm-up passes: every id read, every subject's latest read, every schema registered again once (what producers' first starts do). */
export const warmUp = {
  ids: (port: number, ids: number[]) => each(port, ids.length, (n) => ({ method: 'GET', path: `/schemas/ids/${ids[n]}`, headers })),
  latest: (port: number, subjects: number) => each(port, subjects, (n) => ({ method: 'GET', path: `/subjects/${subjectName(n)}/versions/latest`, headers })),
  reRegister: (port: number, subjects: number) =>
    each(port, subjects, (n) => ({ method: 'POST', path: `/subjects/${subjectName(n)}/versions`, body: JSON.stringify({ schema: avroRecord(n) }), headers })),
}

/** New schemas into new subjects: every request is a first version, a new id and a commit. */
export const registerNew = (port: number, tag: string, opts: LoadOptions): Promise<Measured> =>
  load(port, (i) => ({ method: 'POST', path: `/subjects/new-${tag}-${i}/versions`, body: JSON.stringify({ schema: avroRecord(1_000_000 + i) }), headers }), opts)

/**
 * Reads while large schemas (80 KB, BACKWARD_TRANSITIVE, a growing history) are registered by one
 * writer as fast as it can: the reads' p99 shows how much the checks block the event loop.
 */
export const readsDuringHeavyWrites = async (port: number, ids: number[], opts: LoadOptions): Promise<{ reads: Measured; writes: number }> => {
  await call(port, { method: 'PUT', path: '/config/heavy-value', body: JSON.stringify({ compatibility: 'BACKWARD_TRANSITIVE' }), headers })
  let writing = true
  let writes = 0
  const writer = (async () => {
    for (let v = 1; writing; v++) {
      const r = await call(port, { method: 'POST', path: '/subjects/heavy-value/versions', body: JSON.stringify({ schema: evolvingRecord(v, 80_000) }), headers })
      if (r.status !== 200) throw new Error(`heavy registration ${v} answered ${r.status}: ${JSON.stringify(r.body)}`)
      writes++
    }
  })()
  try {
    const reads = await getById(port, ids, opts)
    return { reads, writes }
  } finally {
    writing = false
    await writer
  }
}

/** A compatibility test of a new version against every earlier one (the subject is BACKWARD_TRANSITIVE). */
export const transitiveCheck = async (port: number, subject: string, versions: number, bytes: number, runs = 7): Promise<{ p50: number; max: number; register: number }> => {
  const put = await call(port, { method: 'PUT', path: `/config/${subject}`, body: JSON.stringify({ compatibility: 'BACKWARD_TRANSITIVE' }), headers })
  if (put.status !== 200) throw new Error(`config answered ${put.status}`)
  const candidate: Req = {
    method: 'POST',
    path: `/compatibility/subjects/${subject}/versions?verbose=true`,
    body: JSON.stringify({ schema: evolvingRecord(versions + 1, bytes) }),
    headers,
  }
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const r = await call(port, candidate)
    times.push(performance.now() - t0)
    if (r.status !== 200 || (r.body as { is_compatible?: boolean }).is_compatible !== true)
      throw new Error(`transitive check answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`)
  }
  const t0 = performance.now()
  const reg = await call(port, { ...candidate, path: `/subjects/${subject}/versions` })
  const register = performance.now() - t0
  if (reg.status !== 200) throw new Error(`transitive registration answered ${reg.status}`)
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(times.length / 2)]!, max: times.at(-1)!, register }
}

/**
 * Several instances on one PostgreSQL register into the same subjects at once; afterwards every
 * subject must hold versions 1..n without gaps and every schema one id.
 */
export const writesAcrossInstances = async (ports: number[], subjects: number, perSubject: number): Promise<{ ok: boolean; detail: string; rps: number }> => {
  const t0 = performance.now()
  const jobs: Promise<void>[] = []
  for (let s = 0; s < subjects; s++) {
    for (let v = 1; v <= perSubject; v++) {
      const port = ports[(s + v) % ports.length]!
      jobs.push(
        call(port, {
          method: 'POST',
          path: `/subjects/multi-${s}-value/versions`,
          body: JSON.stringify({ schema: evolvingRecord(v, 1500).replace('Rec0', `Multi${s}`) }),
          headers,
        }).then((r) => {
          if (r.status !== 200) throw new Error(`multi-instance registration answered ${r.status}: ${JSON.stringify(r.body)}`)
        }),
      )
    }
  }
  await Promise.all(jobs)
  const rps = (subjects * perSubject * 1000) / (performance.now() - t0)
  const problems: string[] = []
  const seen = new Map<number, string>()
  for (let s = 0; s < subjects; s++) {
    const r = await call(ports[0]!, { method: 'GET', path: `/subjects/multi-${s}-value/versions`, headers })
    const versions = r.body as number[]
    if (versions.length !== perSubject || versions.some((v, i) => v !== i + 1)) problems.push(`multi-${s}-value has versions ${JSON.stringify(versions)}`)
    for (const v of versions) {
      const one = (await call(ports[s % ports.length]!, { method: 'GET', path: `/subjects/multi-${s}-value/versions/${v}`, headers })).body as { id: number; schema: string }
      const other = seen.get(one.id)
      if (other !== undefined && other !== one.schema) problems.push(`id ${one.id} names two schemas`)
      seen.set(one.id, one.schema)
    }
  }
  return { ok: problems.length === 0, detail: problems.length === 0 ? `${subjects}×${perSubject} versions, no gaps, ids unique` : problems.slice(0, 3).join('; '), rps }
}
