import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuthFile } from '../../src/auth/auth-file.js'
import { createAuthenticator } from '../../src/auth/authenticator.js'
import { CONFLUENT, createTestApp, type TestApp } from '../support/test-app.js'
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ensureConsoleBuilt } from './console-build.js'

// docs/EXTENSIONS.md §12: the console in a real browser (Debian's chromium through playwright-core)
// against the real app on a real port. Every API answer the console gets is checked against
// openapi.yaml by the test app, as in every other test.

const avro = (fields: Record<string, unknown>[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields })
const V1 = avro([{ name: 'id', type: 'string' }])
const V2 = avro([
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'double', default: 0 },
])

let browser: Browser

beforeAll(async () => {
  await Promise.all([ensureConsoleBuilt(), mkdir(ARTIFACTS, { recursive: true })])
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
})
afterAll(async () => {
  await browser?.close()
})

const listen = async (t: TestApp): Promise<string> => {
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
}

/**
 * A fresh page that records what the browser reports as an error. API refusals and not-founds the
 * console handles on purpose (a 401 before signing in, a subject without its own config) show up as
 * "Failed to load resource" on the API's URLs: they are kept apart, and the tests say which they expect.
 */
const openPage = async (base: string, width = 1280, height = 800) => {
  const context = await browser.newContext({ viewport: { width, height } })
  // a step that fails says which, well before the test's own timeout
  context.setDefaultTimeout(8_000)
  const page = await context.newPage()
  const errors: string[] = []
  const apiStatuses: string[] = []
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return
    const url = msg.location().url
    const handled = /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()) && url.startsWith(base) && !url.startsWith(`${base}/ui`)
    if (!handled) errors.push(`console error: ${msg.text()} (${url})`)
  })
  page.on('response', (res) => {
    if (res.status() >= 400) apiStatuses.push(`${res.status()} ${res.request().method()} ${res.url().slice(base.length)}`)
  })
  return { page, errors, apiStatuses, close: () => context.close() }
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })

// One registry for every flow (starting one is the slow part): authentication on, anonymous requests
// may read (browse, diff, test a draft), alice is an admin, rita a reader.
describe('the web console', () => {
  let t: TestApp
  let base: string
  const asAlice = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: { 'content-type': CONFLUENT, accept: CONFLUENT, authorization: `Basic ${Buffer.from('alice:alice-pw').toString('base64')}` },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  beforeAll(async () => {
    const auth = createAuthenticator(
      parseAuthFile(
        `
users:
  - { name: alice, password: "alice-pw" }
  - { name: rita, password: "rita-pw" }
anonymous: reader
grants:
  - { principal: alice, role: admin }
  - { principal: rita, role: reader }
`,
        'test',
      ),
    )
    t = await createTestApp({ auth })
    for (const schema of [V1, V2]) expect((await asAlice('POST', '/subjects/orders-value/versions', { schema })).statusCode).toBe(200)
    // enough subjects for two pages of the list
    const more = await Promise.all(Array.from({ length: 55 }, (_, i) => asAlice('POST', `/subjects/topic-${String(i).padStart(2, '0')}-value/versions`, { schema: V1 })))
    expect(more.map((r) => r.statusCode)).toEqual(more.map(() => 200))
    base = await listen(t)
  })
  afterAll(async () => {
    await t?.close()
  })

  const signIn = async (page: Page, user: string, password: string) => {
    await page.getByLabel('User', { exact: true }).fill(user)
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  const compatibleDraft = avro([
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double', default: 0 },
    { name: 'currency', type: 'string', default: 'EUR' },
  ])

  it('browses to a schema, diffs two versions, rejects an incompatible draft, signs in and registers a compatible one', async () => {
    const { page, errors, apiStatuses, close } = await openPage(base)
    try {
      await page.goto(`${base}/ui`)
      await expect.poll(() => page.getByTestId('subject-count').textContent()).toBe('56 subjects')
      // 50 a page
      expect(await page.locator('.subject-list li').count()).toBe(50)
      await page.getByRole('button', { name: 'Next' }).click()
      await expect.poll(() => page.locator('.subject-list li').count()).toBe(6)
      await page.getByLabel('Filter subjects').fill('orders')
      await expect.poll(() => page.getByTestId('subject-count').textContent()).toBe('1 of 56 subjects match')
      expect(page.url()).toContain('q=orders')
      await shot(page, '01-subjects')

      await page.getByRole('link', { name: 'orders-value' }).click()
      await page.getByRole('heading', { name: 'orders-value', level: 1 }).waitFor()
      await expect.poll(() => page.getByTestId('version').textContent()).toBe('2')
      const schema = page.getByLabel('Schema of orders-value version 2')
      expect(await schema.textContent()).toContain('"amount"')
      // highlighted: the keys are marked up by highlight.js
      expect(await schema.locator('.hljs-attr').count()).toBeGreaterThan(3)
      await shot(page, '02-subject')

      await page.getByRole('link', { name: 'Compare with version 1' }).click()
      const verdict = page.getByTestId('verdict')
      await verdict.waitFor()
      expect(await verdict.locator('h3').textContent()).toBe('Compatible (BACKWARD)')
      expect(await page.getByTestId('diff').locator('td.added').allTextContents()).toContain('      "name": "amount",')
      expect(page.url()).toMatch(/#\/subject\/orders-value\/diff\?a=1&b=2$/)
      await page.screenshot({ path: join(ARTIFACTS, '03-diff.png') })

      // a shared link opens the same page
      await page.goto(`${base}/ui#/subject/orders-value/draft`)
      const draft = page.getByLabel('Draft schema')
      await expect.poll(() => draft.inputValue()).toContain('"amount"')
      await draft.fill(
        avro([
          { name: 'id', type: 'string' },
          { name: 'amount', type: 'double', default: 0 },
          { name: 'currency', type: 'string' },
        ]),
      )
      await page.getByRole('button', { name: 'Test compatibility' }).click()
      await verdict.waitFor()
      expect(await verdict.locator('h3').textContent()).toBe('Incompatible (BACKWARD)')
      expect(await verdict.locator('li').first().textContent()).toMatch(/^READER_FIELD_MISSING_DEFAULT_VALUE: .*'currency'/)
      await shot(page, '04-incompatible-draft')

      await draft.fill(compatibleDraft)
      await page.getByRole('button', { name: 'Test compatibility' }).click()
      await expect.poll(() => verdict.locator('h3').textContent()).toBe('Compatible (BACKWARD)')
      // anonymous may read, not register: refused once, then disabled until signing in
      const register = page.getByRole('button', { name: 'Register' })
      await register.click()
      await expect.poll(() => register.isDisabled()).toBe(true)
      expect(await page.getByRole('note').textContent()).toBe('Sign in with credentials that may do this.')

      await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click()
      await signIn(page, 'alice', 'wrong')
      await page.getByText('These credentials were not accepted.').waitFor()
      await signIn(page, 'alice', 'alice-pw')
      // back where signing in started
      await page.waitForURL(/#\/subject\/orders-value\/draft$/)
      expect(await page.getByText('Signed in as alice').count()).toBe(1)
      await expect.poll(() => draft.inputValue()).toContain('"amount"')
      await draft.fill(compatibleDraft)
      await register.click()
      await page.waitForURL(/#\/subject\/orders-value\?v=3$/)
      await expect.poll(() => page.getByTestId('version').textContent()).toBe('3')
      expect(await page.getByLabel('Schema of orders-value version 3').textContent()).toContain('"currency"')
      expect((await asAlice('GET', '/subjects/orders-value/versions')).json()).toEqual([1, 2, 3])
      // kept for the tab's session only
      expect(await page.evaluate('[Object.keys(sessionStorage), Object.keys(localStorage), document.cookie]')).toEqual([['schema-registry-console.credentials'], [], ''])
      await shot(page, '05-registered')

      // readable on a narrow window too: nothing wider than the viewport
      await page.setViewportSize({ width: 390, height: 800 })
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
      await shot(page, '06-narrow')

      expect(errors).toEqual([])
      // the API errors the console handled: no config or mode of the subject's own ("inherited"), and the anonymous register
      expect([...new Set(apiStatuses)].sort()).toEqual([
        '401 GET /subjects?limit=1',
        '401 POST /subjects/orders-value/versions',
        '404 GET /config/orders-value',
        '404 GET /mode/orders-value',
      ])
    } finally {
      await close()
    }
  })

  it('shows a reader what it may not do as disabled, and the audit log to an admin', async () => {
    const { page, errors, close } = await openPage(base)
    try {
      await page.goto(`${base}/ui#/sign-in?next=${encodeURIComponent('#/subject/orders-value/draft')}`)
      await signIn(page, 'rita', 'rita-pw')
      await page.waitForURL(/#\/subject\/orders-value\/draft$/)
      await expect.poll(() => page.getByLabel('Draft schema').inputValue()).toContain('"currency"')
      const register = page.getByRole('button', { name: 'Register' })
      await register.click()
      await expect.poll(() => register.isDisabled()).toBe(true)
      expect(await page.getByRole('note').textContent()).toMatch(/^rita may not do this here/)
      expect((await asAlice('GET', '/subjects/orders-value/versions')).body).toBe('[1,2,3]')
      // the subject's settings: shown, not editable
      await page.goto(`${base}/ui#/subject/orders-value`)
      await page.getByRole('button', { name: 'Save' }).first().waitFor()
      await page.getByLabel('Compatibility level').selectOption('FULL')
      await page.getByRole('button', { name: 'Save' }).first().click()
      await expect.poll(() => page.getByLabel('Compatibility level').isDisabled()).toBe(true)
      // the audit log is for admins: said as such, not as an error
      await page.getByRole('link', { name: 'Audit' }).click()
      await page.getByText('The audit log is for admins.').waitFor()
      await shot(page, '07-reader')

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.goto(`${base}/ui#/sign-in?next=${encodeURIComponent('#/audit')}`)
      await signIn(page, 'alice', 'alice-pw')
      const audit = page.getByTestId('audit')
      await audit.waitFor()
      const rows = await audit.locator('tbody tr').allTextContents()
      expect(rows.some((r) => r.includes('alice') && r.includes('schema_register') && r.includes('success'))).toBe(true)
      expect(rows.some((r) => r.includes('rita') && r.includes('schema_register') && r.includes('denied'))).toBe(true)
      expect(rows.some((r) => r.includes('rita') && r.includes('config_update') && r.includes('denied'))).toBe(true)
      await shot(page, '08-audit')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })

  it('is usable from the keyboard, labels every control, and shows changes live from the change stream', async () => {
    const { page, errors, close } = await openPage(base)
    try {
      await page.goto(`${base}/ui#/?q=orders`)
      await page.getByRole('link', { name: 'orders-value' }).focus()
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { name: 'orders-value', level: 1 }).waitFor()
      await expect.poll(() => page.evaluate('document.activeElement?.tagName')).toBe('H1')
      for (const hash of ['#/', '#/subject/orders-value/draft', '#/subject/orders-value/diff', '#/settings', '#/sign-in']) {
        await page.goto(`${base}/ui${hash}`)
        await page.locator('h1').waitFor()
        await page.waitForLoadState('networkidle')
        // evaluated in the page (a string: this file is type-checked without the DOM's types)
        const unlabeled = await page.evaluate("[...document.querySelectorAll('input, select, textarea')].filter((e) => !e.labels?.length).map((e) => e.outerHTML)")
        expect(unlabeled, hash).toEqual([])
      }
      await page.goto(`${base}/ui#/events`)
      await page
        .getByText(/No changes yet\.|schema\.registered/)
        .first()
        .waitFor()
      await shot(page, '09-events')
      // a change appears while the page is open
      expect((await asAlice('POST', '/subjects/live-value/versions', { schema: V1 })).statusCode).toBe(200)
      await page.getByTestId('events').getByRole('link', { name: 'live-value' }).waitFor()
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  })
})
