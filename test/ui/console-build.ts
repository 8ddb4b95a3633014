import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const UI = join(ROOT, 'ui')

/** Screenshots of the browser tests (git-ignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console')

/** Debian's chromium (`.ci/run` installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

const newest = async (path: string): Promise<number> => {
  const s = await stat(path)
  if (!s.isDirectory()) return s.mtimeMs
  const entries = await readdir(path)
  return Math.max(0, ...(await Promise.all(entries.map((e) => newest(join(path, e))))))
}

/**
 * `npm ci` builds the console (the `prepare` script); a test run after editing it builds it again, so
 * the browser never tests a stale bundle.
 */
export const ensureConsoleBuilt = async (): Promise<void> => {
  const built = await stat(join(UI, 'dist', 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  )
  const sources = Math.max(await newest(join(UI, 'src')), await newest(join(UI, 'index.html')), await newest(join(UI, 'vite.config.ts')))
  if (built > sources) return
  const { build } = await import('vite')
  await build({ configFile: join(UI, 'vite.config.ts'), logLevel: 'warn' })
}
