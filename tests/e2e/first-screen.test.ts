import { describe, expect, it } from 'vitest'
import { DESKTOP, measureFirstScreen, PHONE } from '../../bench/lib/first-screen.mjs'
import { useScene } from '../support/scene'
import { screenshotPath } from '../support/site'

// Issue 20 item 1: what a stranded visitor needs first fits the first screen of a phone.
const { site } = useScene()

describe('the first screen', () => {
  for (const locale of ['ja', 'en']) {
    it(`on a 390×844 phone in ${locale}: the state, the admins' word, the status at a glance and the chat's message box, without scrolling`, async () => {
      const page = await site.visit('/', { locale, viewport: PHONE, label: locale })
      await page.locator('.status-panel').waitFor()
      const figures = await measureFirstScreen(page)
      await page.screenshot({ path: screenshotPath(`first-screen-${locale}.png`) })
      console.info(`[figure] first screen ${locale} at 390×844: message box at ${figures.chatBoxTop} px, first message at ${figures.firstMessageTop} px, page ${figures.pageHeight} px`)
      // Within the first screen with room to spare: its first lines show, not only its top edge.
      expect(figures.chatBoxTop).toBeLessThanOrEqual(PHONE.height - 60)
      // The state is said with a cue besides the words, and the admins' expected time is there.
      await expect(page.locator('header [data-state-mark="down"]').count()).resolves.toBe(1)
      await expect(page.locator('.expected-back').isVisible()).resolves.toBe(true)
      // The status page at a glance: its overall state in one line, its details one tap away.
      const overall = page.locator('.status-details > summary')
      await expect(overall.isVisible()).resolves.toBe(true)
      await expect(page.locator('.status-components').isVisible()).resolves.toBe(false)
      await overall.click()
      await expect(page.locator('.status-components').isVisible()).resolves.toBe(true)
      await page.context().close()
    })
  }

  it('on a desktop the status page\'s components and incident are open', async () => {
    const page = await site.visit('/', { locale: 'en', viewport: DESKTOP, label: 'desktop' })
    // Opened once the panel's own chunk has run.
    await page.locator('.status-components').waitFor()
    await expect(page.locator('.status-notice').first().isVisible()).resolves.toBe(true)
    await page.context().close()
  })

  it('logged no console errors or warnings', () => {
    expect(site.problems).toEqual([])
  })
})
