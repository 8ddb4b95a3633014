import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ensureConsoleBuilt } from './console-build.js'

// docs/EXTENSIONS.md §12: the console with 10,000 subjects, in a real browser. The subjects are
// written through the store in a few large transactions (10,000 registrations over HTTP would take
// minutes); each is a subject with one version of one shared schema, as a registration leaves it.
const SUBJECTS = 10_000
const nameOf = (n: number) => `topic-${String(n).padStart(5, '0')}-value`

let browser: Browser
let t: TestApp
let base: string

beforeAll(async () => {
  await ensureConsoleBuilt()
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  t = await createTestApp()
  const first = await t.cf('POST', `/subjects/${nameOf(0)}/versions`, { schema: JSON.stringify({ type: 'record', name: 'Topic', fields: [{ name: 'id', type: 'string' }] }) })
  expect(first.statusCode).toBe(200)
  const id = first.json().id as number
  for (let from = 1; from < SUBJECTS; from += 2_500) {
    await t.test.store.transaction(async (tx) => {
      for (let n = from; n < Math.min(SUBJECTS, from + 2_500); n++) {
        await tx.touchSubject('.', nameOf(n))
        await tx.insertVersion({ context: '.', subject: nameOf(n), version: 1, schemaId: id })
      }
    })
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('the web console with 10,000 subjects', () => {
  it('counts them, shows one page of 50, pages to the last, and filters to one', async () => {
    expect((await t.cf('GET', '/subjects')).json()).toHaveLength(SUBJECTS)
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    context.setDefaultTimeout(15_000)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // a subject's own config and mode answer 404 when inherited: the console asks on purpose
    const expected404 = /\/(config|mode)\/topic-09999-value$/
    page.on('console', (msg) => msg.type() === 'error' && !expected404.test(msg.location().url) && errors.push(`${msg.text()} (${msg.location().url})`))
    try {
      await page.goto(`${base}/ui`)
      await expect.poll(() => page.getByTestId('subject-count').textContent(), { timeout: 15_000 }).toBe(`${SUBJECTS} subjects`)
      expect(await page.locator('.subject-list li').count()).toBe(50)
      expect(await page.getByText('Page 1 of 200').count()).toBe(1)
      await page.goto(`${base}/ui#/?page=200`)
      await page.getByRole('link', { name: nameOf(SUBJECTS - 1) }).waitFor()
      await page.getByLabel('Filter subjects').fill('09999')
      await expect.poll(() => page.getByTestId('subject-count').textContent()).toBe(`1 of ${SUBJECTS} subjects match`)
      await page.getByRole('link', { name: nameOf(9_999) }).click()
      await page.getByRole('heading', { name: nameOf(9_999), level: 1 }).waitFor()
      await page.screenshot({ path: join(ARTIFACTS, 'scale-10k.png') })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
