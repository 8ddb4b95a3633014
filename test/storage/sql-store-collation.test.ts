import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestStore, type TestStore } from '../support/stores.js'
import { content, register } from './contract/fixtures.js'

const NAMES = ['a', 'B', '_x', 'ab', 'a-b']
// JavaScript's order (UTF-16 code units), the one PGlite's C collation gives: B _x a a-b ab
const byCodeUnit = [...NAMES].sort()

// Production databases are often created with a linguistic default collation (en_US.UTF-8), under
// which ORDER BY puts `_x a a-b ab B`. The test database is C, so the columns are switched to an
// ICU en-US collation here, as such a database would have them.
describe.runIf(process.env.TEST_DATABASE_URL)('SQL store listings under a linguistic collation', () => {
  let t: TestStore
  beforeAll(async () => {
    t = await openTestStore('postgres')
    const client = new pg.Client({ connectionString: t.databaseUrl })
    await client.connect()
    for (const [table, column] of [
      ['subjects', 'context'],
      ['subjects', 'name'],
      ['subject_versions', 'context'],
      ['subject_versions', 'subject'],
      ['schemas', 'context'],
    ]) {
      await client.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE text COLLATE "en-US-x-icu"`)
    }
    await client.end()
  })
  afterAll(() => t.dispose())

  it('lists subjects and contexts in code-unit order, as PGlite does', async () => {
    for (const name of NAMES) await t.store.transaction((tx) => tx.touchSubject(`.${name}`, name))
    expect((await t.store.listSubjects()).map((s) => s.name)).toEqual(byCodeUnit)
    expect(await t.store.contexts()).toEqual(byCodeUnit.map((n) => `.${n}`))
  })

  it('lists registrations and referrers by subject in code-unit order', async () => {
    await register(t.store, { subject: 'base', version: 1 }, content('h-base'))
    const user = content('h-user', { references: [{ name: 'Base', subject: 'base', version: 1 }] })
    for (const name of NAMES) await register(t.store, { subject: name, version: 1 }, user)
    const [referrer] = await t.store.referrers('.', 'base', 1)
    expect(referrer!.registrations.map((r) => r.subject)).toEqual(byCodeUnit)
    expect((await t.store.registrations('.', referrer!.schemaId)).map((r) => r.subject)).toEqual(byCodeUnit)
  })

  it('lists content by guid in code-unit order of context', async () => {
    for (const name of NAMES) await t.store.transaction((tx) => tx.insertSchema(content(`h-guid-${name}`, { context: `.${name}`, guid: 'shared-guid' })))
    expect((await t.store.schemasByGuid('shared-guid')).map((r) => r.context)).toEqual(byCodeUnit.map((n) => `.${n}`))
  })
})
