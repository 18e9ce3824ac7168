import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { FAKE_PAGE_MARK, useFakeInstance } from '../support/fake-instance'
import { useSite } from '../support/site'

const POLL_MS = 1000
const COUNTDOWN_SECONDS = 3
const NAME = 'Fakekey'

describe('the page tells visitors when the instance is back and sends them back', () => {
  let page: Page
  let pageErrors: string[]

  const fake = useFakeInstance('closed')
  const site = useSite(() => ({
    env: {
      NUXT_PUBLIC_INSTANCE_URL: fake.url,
      NUXT_PUBLIC_INSTANCE_NAME: NAME,
      NUXT_PUBLIC_POLL_INTERVAL_MS: String(POLL_MS),
      NUXT_PUBLIC_RETURN_COUNTDOWN_SECONDS: String(COUNTDOWN_SECONDS),
      // Probe on every poll, so "within one poll" measures the page, not the cache window.
      NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0',
    },
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

  it('shows "down since", then the banner within one poll, then counts down to the page the visitor came from', async () => {
    await fake.setMode('closed')
    await open('/notes/abc')
    const down = page.locator('.instance-down')
    await expect.poll(() => down.textContent()).toMatch(/^Down since .+ ago · last checked .+ ago$/)
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
    await expect.poll(() => down.textContent()).toMatch(/^.+前から停止中 · 最終確認: .+前$/)
    await comeBack()
    expect(await page.title()).toBe(`${NAME} が復旧しました`)
    await page.getByRole('button', { name: 'このページに残る' }).click()
  })
})
