/** Collects every figure with its target and writes the console table and bench/results.md. */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'

export interface Row {
  scenario: string
  engine: string
  size: number | '-'
  /** Requests (or operations) per second; undefined where a scenario is timed instead. */
  rate?: number
  p50?: number
  p99?: number
  rssMiB?: number
  /** What the target compares: a ratio, milliseconds or MiB. */
  value?: number
  target?: string
  met?: boolean
  note?: string
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? '' : n.toFixed(digits))

export const machine = (): string => {
  const cpus = os.cpus()
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    // not a git checkout
  }
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, commit ${commit}, ${new Date().toISOString()}`
}

export const render = (rows: Row[]): string[] => {
  const head = ['scenario', 'engine', 'size', 'rate/s', 'p50 ms', 'p99 ms', 'RSS MiB', 'measured', 'target', 'met']
  const lines = rows.map((r) => [
    r.scenario,
    r.engine,
    String(r.size),
    fmt(r.rate),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    fmt(r.rssMiB),
    r.value === undefined ? '' : fmt(r.value, r.value < 10 ? 2 : 0),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ])
  return [head, ...lines].map((cells) => `| ${cells.join(' | ')} |`).flatMap((line, i) => (i === 0 ? [line, `|${head.map(() => '---').join('|')}|`] : [line]))
}

export const writeReport = (file: string, settings: string, rows: Row[], notes: string[]) => {
  const missed = rows.filter((r) => r.met === false)
  const text = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\`. Machine: ${machine()}.`,
    '',
    `Settings: ${settings}. The load generator runs on the same machine as the servers (one process, keep-alive HTTP/1.1);`,
    'every ratio is against a ceiling measured in the same run, so it says how close the registry comes to what this machine can do.',
    '',
    ...render(rows),
    '',
    `Targets met: ${rows.filter((r) => r.met === true).length} of ${rows.filter((r) => r.met !== undefined).length}.`,
    ...(missed.length > 0
      ? ['', 'Missed:', ...missed.map((r) => `- ${r.scenario} (${r.engine}, ${r.size}): ${fmt(r.value, 2)} against ${r.target}${r.note ? `; ${r.note}` : ''}`)]
      : []),
    ...(notes.length > 0 ? ['', 'Notes:', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n')
  writeFileSync(file, text)
}
