import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../support/browser'
import { ROOT } from '../support/build'
import { startFakeInstance, type FakeInstance } from '../support/fake-instance'
import { startFakeStatusPage, type FakeStatusPage } from '../support/fake-status-page'
import { startServer, type RunningServer } from '../support/server'

const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

let browser: Browser
let instance: FakeInstance
let kuma: FakeStatusPage
let gatus: FakeStatusPage
let refusing: RunningServer
let framing: RunningServer
const problems: string[] = []

/** A visitor in `locale` at `viewport`; console errors and CSP violations are collected. */
async function visit(url: string, locale: string, viewport: { width: number, height: number }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport })
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', error => problems.push(`pageerror: ${error.message}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  await page.goto(url)
  await page.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))
  return page
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  instance = await startFakeInstance('unhealthy')
  // Uptime Kuma's default: X-Frame-Options SAMEORIGIN on every answer.
  kuma = await startFakeStatusPage({ provider: 'uptime-kuma', case: 'incident', pageHeaders: { 'x-frame-options': 'SAMEORIGIN' } })
  // Gatus sends no framing header: the frame works.
  gatus = await startFakeStatusPage({ provider: 'gatus', case: 'incident' })
  const env = { NUXT_PUBLIC_INSTANCE_NAME: 'misskey.example', NUXT_PUBLIC_INSTANCE_URL: instance.url }
  ;[refusing, framing, browser] = await Promise.all([
    startServer({ env: { ...env, NUXT_PUBLIC_STATUS_PAGE_URL: kuma.url } }),
    startServer({ env: { ...env, NUXT_PUBLIC_STATUS_PAGE_URL: gatus.url } }),
    launchChromium(),
  ])
  // Let each server read its status page once before the first visitor.
  await Promise.all([refusing, framing].map(async (server) => {
    for (let tries = 0; tries < 100; tries++) {
      const state = await (await fetch(`${server.url}/api/state`)).json() as { status?: { readAt: string | null } | null }
      if (state.status?.readAt) return
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }))
})

afterAll(async () => {
  await browser?.close()
  await Promise.all([refusing?.dispose(), framing?.dispose()])
  await Promise.all([kuma?.close(), gatus?.close(), instance?.close()])
})

describe('the status panel in Chromium', () => {
  it('a Kuma page refusing frames: no iframe, the native summary with the down component and the incident', async () => {
    const page = await visit(refusing.url, 'en-US', PHONE)
    const panel = page.locator('.status-panel')
    await expect(panel.locator('.status-overall').textContent()).resolves.toBe('Major outage')
    await expect(panel.locator('.status-components li', { hasText: 'Web' }).textContent()).resolves.toBe('Web: Down')
    await expect(panel.locator('.status-components li', { hasText: 'misskey.example' }).textContent()).resolves.toBe('misskey.example: Down')
    await expect(panel.locator('.status-notice h3').textContent()).resolves.toBe('Incident Web is down')
    await expect(panel.locator('.status-text').innerText()).resolves.toBe('The database ran out of disk.\nWe are adding space.')
    await expect(panel.locator('.status-freshness').textContent()).resolves.toMatch(/^Read from the status page .+ ago\.$/)
    await expect(panel.getByRole('link', { name: 'Open the status page' }).getAttribute('href')).resolves.toBe(kuma.url)
    await expect(page.locator('iframe, details.status-frame').count()).resolves.toBe(0)
    await page.screenshot({ path: join(SCREENSHOTS, 'status-refused-390x844.png'), fullPage: true })
    await page.setViewportSize(DESKTOP)
    await expect(page.locator('iframe').count()).resolves.toBe(0)
    await page.screenshot({ path: join(SCREENSHOTS, 'status-refused-1280x800.png'), fullPage: true })
  })

  it('speaks Japanese', async () => {
    const page = await visit(refusing.url, 'ja-JP', PHONE)
    const panel = page.locator('.status-panel')
    await expect(panel.locator('h2').textContent()).resolves.toBe('ステータスページ')
    await expect(panel.locator('.status-overall').textContent()).resolves.toBe('大規模な障害が発生しています')
    await expect(panel.locator('.status-components li', { hasText: 'Web' }).textContent()).resolves.toBe('Web: 停止')
    await expect(panel.locator('.status-notice h3').textContent()).resolves.toBe('障害 Web is down')
    await expect(panel.locator('.status-freshness').textContent()).resolves.toMatch(/^ステータスページから.+前に取得しました。$/)
    await page.screenshot({ path: join(SCREENSHOTS, 'status-refused-ja-390x844.png'), fullPage: true })
  })

  it('a page that allows framing: the summary, then the frame (open on a wide screen, closed on a phone)', async () => {
    const desktop = await visit(framing.url, 'en-US', DESKTOP)
    await expect(desktop.locator('.status-panel .status-overall').textContent()).resolves.toBe('Major outage')
    const frame = desktop.locator('.status-panel details.status-frame iframe')
    await frame.waitFor()
    await expect(frame.getAttribute('src')).resolves.toBe(gatus.url)
    // The framed page really shows (the CSP lets exactly this origin in).
    await expect(desktop.frameLocator('.status-frame iframe').locator('h1').textContent()).resolves.toBe('gatus status page')
    await desktop.screenshot({ path: join(SCREENSHOTS, 'status-framed-1280x800.png'), fullPage: true })

    const phone = await visit(framing.url, 'en-US', PHONE)
    const details = phone.locator('details.status-frame')
    await expect(details.getAttribute('open')).resolves.toBeNull()
    await expect(phone.locator('iframe').count()).resolves.toBe(0)
    await phone.screenshot({ path: join(SCREENSHOTS, 'status-framed-390x844.png'), fullPage: true })
    await details.locator('summary').click()
    await phone.locator('.status-frame iframe').waitFor()
  })

  it('logged no console errors and no CSP violations', () => {
    expect(problems).toEqual([])
  })
})
