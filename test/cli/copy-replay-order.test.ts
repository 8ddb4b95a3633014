/**
 * Copy regressions found by the round trip (test/cli/round-trip.test.ts): versions the source registered
 * after soft deletes or out of the reference order (docs/EXTENSIONS.md §2.2).
 *
 * 1. A version the source holds without metadata or rule set is sent without those fields, and the target
 *    fills them in from the subject's latest live version there (an absent field inherits, as in
 *    Confluent). The copy therefore registers each subject's versions in number order (a referenced
 *    version brings its subject's earlier versions along) and soft-deletes a version right after it
 *    lands unless something references it, so the target's latest live version is the source's.
 * 2. A live version whose content an earlier, soft-deleted (still referenced) version of the same subject
 *    has must land under its own number: an IMPORT that names its version gets that version, and the copy
 *    checks the version the target answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copy } from '../../src/cli/copy/copy.js'
import { startClientServer, type ClientServer } from '../support/client-server.js'
import { ok } from '../support/copy-fixtures.js'

const enc = encodeURIComponent

const avro = (ns: string, n: number) =>
  JSON.stringify({
    type: 'record',
    name: 'Rec',
    namespace: ns,
    fields: Array.from({ length: n }, (_, k) => (k === 0 ? { name: 'f0', type: 'string' } : { name: `f${k}`, type: ['null', 'long'], default: null })),
  })
const RULES = { domainRules: [{ name: 'check', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.f0) < 100' }] }

describe('copy: versions the source registered after soft deletes or out of the reference order', () => {
  let src: ClientServer
  let dst: ClientServer
  /** Version, id, metadata and rule set of every version of a subject. */
  const extras = async (base: string, subject: string) => {
    const numbers = (await ok(base, 'GET', `/subjects/${enc(subject)}/versions?deleted=true`)) as number[]
    return Promise.all(
      numbers.map(async (n) => {
        const b = await ok(base, 'GET', `/subjects/${enc(subject)}/versions/${n}?deleted=true`)
        return { version: n, id: b.id, deleted: b.deleted, metadata: b.metadata ?? null, ruleSet: b.ruleSet ?? null }
      }),
    )
  }
  beforeAll(async () => {
    src = await startClientServer()
    dst = await startClientServer()
    // after-delete: v1 with metadata and a rule set, soft-deleted; then v2 without (nothing live to inherit from)
    await ok(src.url, 'POST', '/subjects/after-delete/versions', { schema: avro('ns.ad', 1), metadata: { properties: { owner: 'gone' } }, ruleSet: RULES })
    await ok(src.url, 'DELETE', '/subjects/after-delete/versions/1')
    await ok(src.url, 'POST', '/subjects/after-delete/versions', { schema: avro('ns.ad', 2) })
    // lib: v1 without metadata, v2 with; a-user (listed before lib) references lib v2, so the copy's
    // reference order registers lib v2 before lib v1
    const lib = (n: number) =>
      JSON.stringify({ type: 'record', name: 'Lib', namespace: 'z', fields: Array.from({ length: n }, (_, k) => ({ name: `l${k}`, type: 'int', default: 0 })) })
    await ok(src.url, 'POST', '/subjects/lib/versions', { schema: lib(1) })
    await ok(src.url, 'POST', '/subjects/lib/versions', { schema: lib(2), metadata: { properties: { owner: 'lib-team' } } })
    const user = JSON.stringify({ type: 'record', name: 'User', namespace: 'z', fields: [{ name: 'lib', type: 'z.Lib' }] })
    await ok(src.url, 'POST', '/subjects/a-user/versions', { schema: user, references: [{ name: 'z.Lib', subject: 'lib', version: 2 }] })
    // again-lib: v1 referenced by again-ref v1; again-ref deleted, again-lib v1 deleted (kept: referenced),
    // then the same content registered again as again-lib v2 (same id)
    const libA = JSON.stringify({ type: 'record', name: 'A', namespace: 'w', fields: [{ name: 'a', type: 'int' }] })
    await ok(src.url, 'POST', '/subjects/again-lib/versions', { schema: libA })
    const refA = JSON.stringify({ type: 'record', name: 'R', namespace: 'w', fields: [{ name: 'a', type: 'w.A' }] })
    await ok(src.url, 'POST', '/subjects/again-ref/versions', { schema: refA, references: [{ name: 'w.A', subject: 'again-lib', version: 1 }] })
    await ok(src.url, 'DELETE', '/subjects/again-ref')
    await ok(src.url, 'DELETE', '/subjects/again-lib/versions/1')
    await ok(src.url, 'POST', '/subjects/again-lib/versions', { schema: libA })
    const res = await copy({ from: { location: src.url }, to: { location: dst.url } })
    if (res.error) throw res.error
  })
  afterAll(async () => {
    await src?.close()
    await dst?.close()
  })

  it('the source versions are as registered', async () => {
    expect(await extras(src.url, 'after-delete')).toMatchObject([
      { version: 1, deleted: true, metadata: { properties: { owner: 'gone' } }, ruleSet: RULES },
      { version: 2, deleted: false, metadata: null, ruleSet: null },
    ])
    expect(await extras(src.url, 'lib')).toMatchObject([
      { version: 1, metadata: null },
      { version: 2, metadata: { properties: { owner: 'lib-team' } } },
    ])
    const again = await extras(src.url, 'again-lib')
    expect(again).toMatchObject([
      { version: 1, deleted: true },
      { version: 2, deleted: false },
    ])
    expect(again[0].id).toBe(again[1].id)
  })

  // today the target's after-delete v2 carries v1's metadata and rule set (other content under the source's id)
  it('after a soft-deleted version that had them: stays without them on the target', async () => {
    expect(await extras(dst.url, 'after-delete')).toEqual(await extras(src.url, 'after-delete'))
  })

  // today the target's lib v1 carries lib v2's metadata
  it('before a later, referenced version that has them: stays without them on the target', async () => {
    expect(await extras(dst.url, 'lib')).toEqual(await extras(src.url, 'lib'))
  })

  // today the target holds again-lib v1 (soft-deleted) only: v2, live on the source, is missing
  it('a live version with the content of an earlier, soft-deleted one: lands on the target', async () => {
    expect(await extras(dst.url, 'again-lib')).toEqual(await extras(src.url, 'again-lib'))
  })
})
