import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { emulateHiddenTab } from '../../bench/lib/first-screen.mjs'
import { FAKE_PAGE_MARK, useFakeInstance } from '../support/fake-instance'
import { useScene } from '../support/scene'
import { hydrated, useSite } from '../support/site'

const POLL_MS = 1000
const COUNTDOWN_SECONDS = 3
const NAME = 'Fakekey'
// Probe on every poll, so "within one poll" measures the page, not the cache window.
const FAST = { NUXT_PUBLIC_INSTANCE_NAME: NAME, NUXT_PUBLIC_POLL_INTERVAL_MS: String(POLL_MS), NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0' }

describe('the page tells visitors when the instance is back and sends them back', () => {
  let page: Page
  let pageErrors: string[]

  const fake = useFakeInstance('closed')
  const site = useSite(() => ({
    env: { ...FAST, NUXT_PUBLIC_INSTANCE_URL: fake.url, NUXT_PUBLIC_RETURN_COUNTDOWN_SECONDS: String(COUNTDOWN_SECONDS) },
  }))
  afterEach(async () => {
    await page?.context().close()
    expect(pageErrors).toEqual([])
  })

  async function open(path: string, locale = 'en-US') {
    page = await site.visitor({ locale })
    pageErrors = []
    page.on('pageerror', error => pageErrors.push(String(error)))
    await page.goto(`${site.url}/?from=${fake.url}${path}`)
  }

  /** Brings the fake back and returns how long the banner took to appear. */
  async function comeBack(): Promise<number> {
    await fake.setMode('healthy')
    const started = Date.now()
    await page.locator('.instance-back').waitFor({ timeout: POLL_MS * 5 })
    return Date.now() - started
  }

  it('shows "down for", then the banner within one poll, then counts down to the page the visitor came from', async () => {
    await fake.setMode('closed')
    await open('/notes/abc')
    const down = page.locator('.instance-down')
    await expect.poll(() => down.textContent()).toMatch(/^Down for .+ · last checked .+ ago$/)
    expect(await page.title()).toBe(`${NAME} is down`)

    const bannerMs = await comeBack()
    console.info(`[instance-return] instance back → banner: ${bannerMs} ms (poll interval ${POLL_MS} ms)`)
    expect(bannerMs).toBeLessThan(POLL_MS + 1500)
    expect(await page.title()).toBe(`${NAME} is back`)
    expect(await page.locator('h1').textContent()).toBe(`${NAME} is back`)
    const link = page.getByRole('link', { name: `Go back to ${NAME}` })
    expect(await link.getAttribute('href')).toBe(`${fake.url}/notes/abc`)
    expect(await page.locator('[data-countdown]').textContent()).toMatch(/^Taking you back automatically in [1-3] s\.$/)
    expect(await page.getByRole('status').filter({ hasText: 'is back' }).textContent())
      .toContain(`${NAME} is back. You will be taken back in ${COUNTDOWN_SECONDS} seconds`)

    const bannerAt = Date.now()
    await page.waitForURL(`${fake.url}/notes/abc`, { timeout: (COUNTDOWN_SECONDS + 3) * 1000 })
    console.info(`[instance-return] banner → navigation: ${Date.now() - bannerAt} ms (countdown ${COUNTDOWN_SECONDS} s)`)
    expect(await page.title()).toBe(FAKE_PAGE_MARK)
    expect(fake.requests).toContain('GET /notes/abc')
  })

  it('keeps the visitor on the page when they choose to stay (keyboard)', async () => {
    await fake.setMode('unhealthy')
    await open('/notes/xyz')
    await page.locator('.instance-down').waitFor()
    await comeBack()
    const stay = page.getByRole('button', { name: 'Stay here' })
    // The countdown renders only in the browser; its styles must still arrive (a secondary button).
    expect(await stay.evaluate(button => getComputedStyle(button).backgroundColor)).toBe('rgba(0, 0, 0, 0)')
    await stay.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => stay.count()).toBe(0)
    // Focus moves to the way back instead of being lost with the button.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Go back to ${NAME}`)

    await page.waitForTimeout((COUNTDOWN_SECONDS + 1) * 1000)
    expect(page.url().startsWith(site.url)).toBe(true)
    expect(fake.requests).not.toContain('GET /notes/xyz')
    expect(await page.locator('.instance-back').isVisible()).toBe(true)
  })

  it('offers the way back without counting down when the instance was never seen down', async () => {
    await fake.setMode('healthy')
    await open('/notes/up')
    await page.locator('.instance-back').waitFor()
    expect(await page.locator('[data-countdown]').count()).toBe(0)
    await page.waitForTimeout((COUNTDOWN_SECONDS + 1) * 1000)
    expect(fake.requests).not.toContain('GET /notes/up')
  })

  it('speaks Japanese to a Japanese browser', async () => {
    await fake.setMode('unhealthy')
    await open('/notes/ja', 'ja-JP')
    const down = page.locator('.instance-down')
    await expect.poll(() => down.textContent()).toMatch(/^停止して.+ · 最終確認: .+前$/)
    await comeBack()
    expect(await page.title()).toBe(`${NAME} が復旧しました`)
    // One sentence, in Japanese punctuation: no half-width space after 「。」 (issue 20 item 6).
    expect(await page.getByRole('status').filter({ hasText: '復旧しました' }).textContent())
      .toBe(`${NAME} が復旧しました。${COUNTDOWN_SECONDS} 秒後に自動で戻ります。残る場合は「このページに残る」を押してください。`)
    await page.getByRole('button', { name: 'このページに残る' }).click()
  })

  it('keeps the keyboard on the way back when "Try again" goes with the outage', async () => {
    await fake.setMode('unhealthy')
    await open('/notes/focus')
    await page.locator('.instance-down').waitFor()
    await page.getByRole('link', { name: `Try ${NAME} again` }).focus()
    await comeBack()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Go back to ${NAME}`)
    await page.getByRole('button', { name: 'Stay here' }).click()
  })
})

describe('the back screen says one thing (issue 20 item 3)', () => {
  const { site, instance: fake, status } = useScene({
    ...FAST,
    // A window far longer than the test: only the instance's return can bring a new read.
    NUXT_STATUS_PAGE_CACHE_SECONDS: '600',
    NUXT_PUBLIC_RETURN_COUNTDOWN_SECONDS: '600',
  })

  it('once the probe sees it up: no promised time, earlier updates, the instance\'s row up, and the status page read again at once', async () => {
    const page = await site.visit(`/?from=${fake.url}/notes/one`, { locale: 'en-US' })
    await page.locator('.expected-back').waitFor()
    await expect(page.locator('.status-overall').textContent()).resolves.toBe('Major outage')
    expect(status.reads()).toBe(1)
    // The admins fixed it and the status page says so; its window has 10 minutes to run.
    status.setCase('operational')
    await fake.setMode('healthy')
    await page.locator('[data-countdown]').waitFor()
    await expect(page.locator('#notices-heading').textContent()).resolves.toBe('Earlier updates from the admins')
    await expect(page.locator('.expected-back').count()).resolves.toBe(0)
    await expect(page.locator('.status-components li', { hasText: NAME }).textContent()).resolves.toBe(`${NAME}: Operational`)
    // Read again no sooner than 5 s after the last read, then seen with the next poll.
    await expect.poll(() => page.locator('.status-overall').textContent(), { timeout: 10_000 }).toBe('All systems operational')
    expect(status.reads()).toBe(2)
    await page.context().close()
  })
})

describe('a page in a background tab learns the instance is back (issue 20 item 4)', () => {
  let page: Page
  const fake = useFakeInstance('closed')
  // The shipped hidden-tab interval (30 s), a visible one of 1 s.
  const site = useSite(() => ({ env: { ...FAST, NUXT_PUBLIC_INSTANCE_URL: fake.url } }))
  afterEach(async () => {
    await page?.context().close()
  })

  it('polls at most once per 30 s while hidden, learns within 60 s, says so in the tab\'s title and icon, and notifies whoever asked', async () => {
    page = await site.visitor({ locale: 'en-US' })
    // Headless Chromium shows every page: the page is told it is hidden through the API a
    // browser uses (bench/lib/first-screen.mjs). Notifications are recorded instead of shown.
    const tab = await emulateHiddenTab(page)
    await page.addInitScript(() => {
      const scope = window as unknown as { notified: string[] }
      scope.notified = []
      class RecordedNotification {
        static permission = 'default'
        static requestPermission = async () => 'granted'
        onclick: (() => void) | null = null
        constructor(title: string, options: { body?: string }) {
          scope.notified.push(`${title}: ${options.body}`)
        }

        close() {}
      }
      Object.assign(window, { Notification: RecordedNotification })
    })
    const polls: number[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/state') polls.push(Date.now())
    })
    await page.goto(`${site.url}/?from=${fake.url}/notes/hidden`)
    await hydrated(page)
    await page.locator('.instance-down').waitFor()
    await expect(page.locator('link[rel="icon"]').getAttribute('href')).resolves.toBe('/icons/down.svg')
    // Asked for only on the visitor's click.
    await page.getByRole('button', { name: 'Tell me when it’s back' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`You will get a notification when ${NAME} is back.`)

    await tab.hide()
    const hiddenAt = Date.now()
    await fake.setMode('healthy')
    await page.waitForFunction(name => document.title === `${name} is back`, NAME, { timeout: 60_000 })
    const learnedMs = Date.now() - hiddenAt
    const whileHidden = polls.filter(at => at > hiddenAt)
    console.info(`[figure] hidden tab: back learned after ${(learnedMs / 1000).toFixed(1)} s with ${whileHidden.length} request(s) of /api/state`)
    expect(learnedMs).toBeLessThan(60_000)
    expect(whileHidden.length).toBeLessThanOrEqual(Math.ceil(learnedMs / 30_000))
    await expect(page.locator('link[rel="icon"]').getAttribute('href')).resolves.toBe('/icons/back.svg')
    await expect(page.evaluate(() => (window as unknown as { notified: string[] }).notified)).resolves
      .toEqual([`${NAME} is back: It is answering again. Your account and posts are where you left them.`])
  }, 90_000)
})
