import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { copy } from '../../src/cli/copy/copy.js'
import { CopyConflict, summaryLine } from '../../src/cli/copy/model.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { ADDRESS, ok, run, seed, state } from '../support/copy-fixtures.js'

describe('copy registry → registry', () => {
  let src: ClientServer
  let dst: ClientServer
  let dirs: string[] = []
  const tmp = async () => {
    const d = await mkdtemp(join(tmpdir(), 'copy-test-'))
    dirs.push(d)
    return d
  }
  beforeAll(async () => {
    src = await startClientServer()
    await seed(src.url)
  })
  afterAll(async () => {
    await src?.close()
  })
  beforeEach(async () => {
    dst = await startClientServer()
  })
  afterEach(async () => {
    await dst?.close()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
    dirs = []
  })

  it('copies every context, subject, version (live and soft-deleted), id, config and mode; a re-run skips everything', async () => {
    const first = await copy({ from: { location: src.url }, to: { location: dst.url } })
    expect(first.error).toBeUndefined()
    expect(summaryLine(first.summary)).toBe('copied 7 schemas, 7 versions, 2 configs, 1 modes; skipped 0')

    const want = await state(src.url)
    const got = await state(dst.url)
    expect(got).toEqual(want)
    expect(got.contexts).toEqual(['.', '.ctx'])
    expect((got.versions as any[]).find((v) => v.subject === 'json-s' && v.version === 2).deleted).toBe(true)
    expect((got.versions as any[]).find((v) => v.subject === 'person' && v.version === 1).references).toEqual([{ name: 'x.Address', subject: 'address', version: 1 }])
    expect(got.modes).toEqual({ '': 'READWRITE', orders: 'READONLY' })
    expect((got.configs as any).person.compatibilityLevel).toBe('FULL')
    expect((got.configs as any)[''].compatibilityLevel).toBe('FORWARD')
    // the soft-deleted version stays hidden from the plain listing
    expect(await ok(dst.url, 'GET', '/subjects/json-s/versions')).toEqual([1])

    const again = await copy({ from: { location: src.url }, to: { location: dst.url } })
    expect(again.error).toBeUndefined()
    expect(summaryLine(again.summary)).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 7')
    expect(await state(dst.url)).toEqual(want)
  })

  it('stops on a conflict with exit status 1, naming the item, and leaves the target modes as they were', async () => {
    // json-s version 1 holds other content on the target (under an id the source does not use)
    await ok(dst.url, 'PUT', '/mode/json-s', { mode: 'IMPORT' })
    await ok(dst.url, 'POST', '/subjects/json-s/versions', { schema: JSON.stringify({ type: 'string' }), schemaType: 'JSON', id: 100, version: 1 })
    await ok(dst.url, 'PUT', '/mode/json-s', { mode: 'READONLY' })
    const before = await state(dst.url)
    const res = await copy({ from: { location: src.url }, to: { location: dst.url } })
    expect(res.error).toBeInstanceOf(CopyConflict)
    expect(res.error!.message).toMatch(/json-s version 1/)
    const after = await state(dst.url)
    expect(after.modes).toEqual(before.modes)
    expect(after.modes).toEqual({ '': 'READWRITE', 'json-s': 'READONLY' })
    // what was copied before the conflict is there
    expect(after.versions.length).toBeGreaterThan(before.versions.length)

    // the same through the command line: exit status 1, the conflict on stderr, the summary on stdout
    const cli = await run('npx', ['tsx', 'src/cli/main.ts', 'copy', '--from', src.url, '--to', dst.url]).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    )
    expect(cli.code).toBe(1)
    expect(cli.stderr).toMatch(/conflict: json-s version 1/)
    expect(cli.stdout).toMatch(/^copied \d+ schemas, \d+ versions, 0 configs, 0 modes; skipped \d+\n$/)
  })

  it('reports an id taken by other content as a conflict', async () => {
    // address/1 has id 1 on the source; on the target id 1 is another schema
    await ok(dst.url, 'POST', '/subjects/other/versions', { schema: JSON.stringify({ type: 'record', name: 'Other', fields: [] }) })
    const res = await copy({ from: { location: src.url }, to: { location: dst.url } })
    expect(res.error).toBeInstanceOf(CopyConflict)
    expect(res.error!.message).toMatch(/id 1\b/)
    expect((await state(dst.url)).modes).toEqual({ '': 'READWRITE' })
  })

  it('registry → directory → registry equals a direct copy; the CLI exits 0 and prints the summary', async () => {
    const dir = await tmp()
    const cli = await run('npx', ['tsx', 'src/cli/main.ts', 'copy', '--from', src.url, '--to', dir])
    // into a directory every record new to it counts, the global mode included
    expect(cli.stdout).toBe('copied 7 schemas, 7 versions, 2 configs, 2 modes; skipped 0\n')
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({ format: 'schema-registry-export', formatVersion: 1, counts: { versions: 7 } })
    expect((await readFile(join(dir, 'versions.ndjson'), 'utf8')).trim().split('\n')).toHaveLength(7)

    const again = await copy({ from: { location: src.url }, to: { location: dir } })
    expect(summaryLine(again.summary)).toBe('copied 0 schemas, 0 versions, 0 configs, 0 modes; skipped 7')

    const restored = await copy({ from: { location: dir }, to: { location: dst.url } })
    expect(restored.error).toBeUndefined()
    expect(summaryLine(restored.summary)).toBe('copied 7 schemas, 7 versions, 2 configs, 1 modes; skipped 0')
    expect(await state(dst.url)).toEqual(await state(src.url))
  })

  it('a copy into an empty target that stops puts the global mode back (the target had IMPORT switched on globally)', async () => {
    const dir = await tmp()
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({
        format: 'schema-registry-export',
        formatVersion: 1,
        createdAt: '',
        source: 'test',
        contexts: ['.'],
        counts: {},
        files: { versions: 'v.ndjson', configs: 'c.ndjson', modes: 'm.ndjson' },
      }),
    )
    const good = { subject: 'a', version: 1, id: 5, schemaType: 'AVRO', schema: ADDRESS, deleted: false }
    const bad = { subject: 'b', version: 1, id: 6, schemaType: 'NOPE', schema: '{}', deleted: false }
    await writeFile(join(dir, 'v.ndjson'), JSON.stringify(good) + '\n' + JSON.stringify(bad) + '\n')
    await writeFile(join(dir, 'c.ndjson'), '')
    await writeFile(join(dir, 'm.ndjson'), JSON.stringify({ subject: null, mode: 'READONLY' }) + '\n')
    const res = await copy({ from: { location: dir }, to: { location: dst.url } })
    expect(res.error?.message).toMatch(/POST \/subjects\/b\/versions \(id 6, version 1\)/)
    expect(summaryLine(res.summary)).toBe('copied 1 schemas, 1 versions, 0 configs, 0 modes; skipped 0')
    expect((await state(dst.url)).modes).toEqual({ '': 'READWRITE' })
    expect((await ok(dst.url, 'GET', '/subjects/a/versions/1')).id).toBe(5)
  })

  it('fails with a message on an unreachable source', async () => {
    const res = await copy({ from: { location: 'http://127.0.0.1:1' }, to: { location: dst.url } })
    expect(res.error?.message).toMatch(/127\.0\.0\.1:1/)
    expect(res.summary).toEqual({ schemas: 0, versions: 0, configs: 0, modes: 0, skipped: 0 })
  })
})
