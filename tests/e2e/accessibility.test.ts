import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DESKTOP, PHONE } from '../../bench/lib/first-screen.mjs'
import { axeViolations, wordsBrokenAcrossLines } from '../support/axe'
import { useScene } from '../support/scene'
import { screenshotPath } from '../support/site'

// Issue 20: axe-core over every language, down and back, phone and desktop, light and dark,
// with the content a bad day brings (an admins' update, a status page with an incident,
// messages); and 200 % text on a phone breaking no word shorter than a long URL.
const LANGUAGES = ['ja', 'en', 'zh-CN', 'zh-TW', 'ko'] as const
const VIEWS = [
  { name: 'phone', viewport: PHONE, colorScheme: 'light' },
  { name: 'phone', viewport: PHONE, colorScheme: 'dark' },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'light' },
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'dark' },
] as const
const POLL_MS = 1000

const { site, instance } = useScene({
  // A name, as an admin sets it (the stand-in's host would be 127.0.0.1): the screenshots go to docs/.
  NUXT_PUBLIC_INSTANCE_NAME: 'misskey.example',
  NUXT_PUBLIC_POLL_INTERVAL_MS: String(POLL_MS),
  NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0',
  // The countdown stays on screen while it is checked and photographed.
  NUXT_PUBLIC_RETURN_COUNTDOWN_SECONDS: '600',
})

async function instanceState(): Promise<string> {
  const state = await (await fetch(`${site.url}/api/state`)).json() as { instance: { state: string } }
  return state.instance.state
}

/** Everything on the page checked: the status page's details opened where a phone closes them. */
async function violationsOf(page: Page, label: string): Promise<string[]> {
  const details = page.locator('.status-details:not([open]) > summary')
  if (await details.count()) await details.click()
  return (await axeViolations(page)).map(violation => `${label}: ${violation.id} (${violation.help}) at ${violation.targets.join(', ')}`)
}

describe('accessibility (axe-core, WCAG 2.1 AA and AAA contrast)', () => {
  for (const language of LANGUAGES) {
    it(`${language}: 0 violations down and back, phone and desktop, light and dark`, async () => {
      await instance.setMode('unhealthy')
      await expect.poll(instanceState).toBe('down')
      const pages = await Promise.all(VIEWS.map(view => site.visit(`/?from=${encodeURIComponent(`${instance.url}/notes/a`)}`, {
        locale: language, viewport: view.viewport, colorScheme: view.colorScheme, label: `${language} ${view.name} ${view.colorScheme}`,
      })))
      const found: string[] = []
      for (const [index, page] of pages.entries()) {
        const view = VIEWS[index]!
        await page.locator('.status-panel').waitFor()
        if (view.name === 'phone' && view.colorScheme === 'light') await page.screenshot({ path: screenshotPath(`first-screen-down-${language}.png`) })
        found.push(...await violationsOf(page, `${language} down ${view.name} ${view.colorScheme}`))
      }
      await instance.setMode('healthy')
      for (const [index, page] of pages.entries()) {
        const view = VIEWS[index]!
        await page.locator('[data-countdown]').waitFor()
        if (view.name === 'phone' && view.colorScheme === 'light') {
          await page.evaluate(() => window.scrollTo(0, 0))
          await page.screenshot({ path: screenshotPath(`first-screen-back-${language}.png`) })
        }
        found.push(...await violationsOf(page, `${language} back ${view.name} ${view.colorScheme}`))
      }
      await Promise.all(pages.map(page => page.context().close()))
      expect(found).toEqual([])
    }, 120_000)
  }

  for (const language of ['ja', 'en', 'ko'] as const) {
    it(`${language} at 200 % text on a 390 px phone: no word shorter than a long URL breaks inside`, async () => {
      await instance.setMode('unhealthy')
      await expect.poll(instanceState).toBe('down')
      const page = await site.visit('/', { locale: language, viewport: PHONE, label: `${language} 200%` })
      await page.locator('.status-panel').waitFor()
      await page.locator('.status-details > summary').click()
      const before = await page.evaluate(() => document.documentElement.scrollHeight)
      // A phone's text size setting: every size on the page is in rem or em.
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '200%'
      })
      const after = await page.evaluate(() => document.documentElement.scrollHeight)
      console.info(`[figure] ${language} page at 200 % text: ${after} px high (${before} px at 100 %, ×${(after / before).toFixed(2)})`)
      // Short things never break; in languages that space their words (English, Korean)
      // headings, buttons and labels break between words only. Japanese lines may break
      // between any two characters of a sentence (at phrases where the browser can).
      const short = '.status-name, .status-word, .status-group, .status-kind, .meta .name, .meta time'
      const selectors = language === 'ja' ? short : `${short}, h1, h2, .button, button, label, summary`
      expect(await wordsBrokenAcrossLines(page, selectors)).toEqual([])
      // Horizontal scrolling would hide the chat's box edge: none.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
      await page.screenshot({ path: screenshotPath(`text-200-${language}.png`), fullPage: true })
      await page.context().close()
    })
  }

  it('the check itself sees text below 7:1 (AAA) that AA would let pass', async () => {
    const page = await site.visit('/', { locale: 'en', viewport: PHONE, label: 'self-check' })
    // #6e6e6e on white: 5.1:1, enough for AA, not for AAA.
    await page.evaluate(() => {
      const probe = document.createElement('p')
      probe.textContent = 'faint text'
      probe.style.cssText = 'color: #6e6e6e; background: #fff'
      document.querySelector('main')!.append(probe)
    })
    await expect(axeViolations(page).then(violations => violations.map(violation => violation.id))).resolves.toEqual(['color-contrast-enhanced'])
    await page.context().close()
  })

  it('logged no console errors or warnings', () => {
    expect(site.problems.join('\n')).toBe('')
  })
})
