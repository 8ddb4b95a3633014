/**
 * The load generator: keep-alive HTTP/1.1 connections from this process to a server in another
 * process, a fixed number of requests in flight, for a fixed time. Every scenario and every ceiling
 * goes through it, so the ratios compare servers, not generators.
 */
import http from 'node:http'

export interface Req {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  body?: string | Buffer
  headers?: Record<string, string>
}

export interface Measured {
  rps: number
  p50: number
  p99: number
  /** Answers other than 2xx, and connection failures. */
  errors: number
  count: number
}

export interface LoadOptions {
  concurrency: number
  durationMs: number
  /** Requests answered with this status count as done (default: any 2xx). */
  ok?: (status: number) => boolean
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0

const send = (agent: http.Agent, port: number, r: Req) =>
  new Promise<number>((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, agent, headers: r.headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', () => resolve(0))
    })
    req.on('error', () => resolve(0))
    req.end(r.body)
  })

/** Runs `next(i)` (i counts requests from 0) with `concurrency` requests in flight until the time is up. */
export const load = async (port: number | (() => number), next: (i: number) => Req, opts: LoadOptions): Promise<Measured> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency })
  const portOf = typeof port === 'number' ? () => port : port
  const ok = opts.ok ?? ((s: number) => s >= 200 && s < 300)
  const latencies: number[] = []
  let errors = 0
  let i = 0
  const started = Date.now()
  const until = started + opts.durationMs
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint()
        const status = await send(agent, portOf(), next(i++))
        const ms = Number(process.hrtime.bigint() - t0) / 1e6
        if (ok(status)) latencies.push(ms)
        else errors++
      }
    }),
  )
  const elapsed = Date.now() - started
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return { rps: (latencies.length * 1000) / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors, count: latencies.length }
}

/** One request, its status and parsed JSON answer (setup steps, not measured). */
export const call = async (port: number, r: Req): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, headers: r.headers, body: r.body })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body }
}
