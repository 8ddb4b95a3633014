import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

describe('rate limit and CORS configuration', () => {
  it('is off when unset (and when set empty)', () => {
    for (const env of [{}, { RATE_LIMIT_RPS: '', RATE_LIMIT_BURST: '', CORS_ORIGINS: '' }]) {
      const config = loadConfig(env)
      expect([config.RATE_LIMIT_RPS, config.RATE_LIMIT_BURST, config.CORS_ORIGINS]).toEqual([undefined, undefined, undefined])
    }
  })

  it('reads a rate, a burst and a list of origins', () => {
    const config = loadConfig({ RATE_LIMIT_RPS: '2.5', RATE_LIMIT_BURST: '20', CORS_ORIGINS: 'https://ui.example.com, http://localhost:3000' })
    expect(config.RATE_LIMIT_RPS).toBe(2.5)
    expect(config.RATE_LIMIT_BURST).toBe(20)
    expect(config.CORS_ORIGINS).toEqual(['https://ui.example.com', 'http://localhost:3000'])
    expect(loadConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toEqual(['*'])
  })

  it.each([
    [{ RATE_LIMIT_RPS: 'abc' }, /RATE_LIMIT_RPS/],
    [{ RATE_LIMIT_RPS: '0' }, /RATE_LIMIT_RPS/],
    [{ RATE_LIMIT_RPS: '-1' }, /RATE_LIMIT_RPS/],
    [{ RATE_LIMIT_RPS: '10', RATE_LIMIT_BURST: 'lots' }, /RATE_LIMIT_BURST/],
    [{ RATE_LIMIT_RPS: '10', RATE_LIMIT_BURST: '0' }, /RATE_LIMIT_BURST/],
    [{ RATE_LIMIT_RPS: '10', RATE_LIMIT_BURST: '1.5' }, /RATE_LIMIT_BURST/],
    [{ RATE_LIMIT_BURST: '10' }, /RATE_LIMIT_BURST: set RATE_LIMIT_RPS as well/],
    [{ CORS_ORIGINS: 'ui.example.com' }, /CORS_ORIGINS: 'ui.example.com' is not an origin/],
    [{ CORS_ORIGINS: 'https://ui.example.com/' }, /CORS_ORIGINS: 'https:\/\/ui.example.com\/' is not an origin/],
    [{ CORS_ORIGINS: ' , ' }, /CORS_ORIGINS/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('stops the server before it opens anything, with the message on stderr', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, RATE_LIMIT_RPS: 'abc', PORT: '0', DATA_DIR: '/nonexistent/never-created' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Invalid configuration: RATE_LIMIT_RPS')
  })
})
