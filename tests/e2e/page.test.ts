import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { hydrated, screenshotPath, useSite, type VisitorOptions } from '../support/site'

const POLL_MS = 1000

const site = useSite({
  env: {
    NUXT_TRUST_PROXY: 'x-forwarded-for',
    NUXT_PUBLIC_POLL_INTERVAL_MS: String(POLL_MS),
    NUXT_PUBLIC_INSTANCE_NAME: 'misskey.example',
    NUXT_PUBLIC_INSTANCE_URL: 'https://misskey.example',
  },
})

/** A visitor with their own browser profile, address and language (English on a phone unless told). */
function visitor(options: VisitorOptions & { address: string }): Promise<Page> {
  // Chromium logs every 4xx fetch; the refused send below is one on purpose.
  return site.visitor({ locale: 'en-US', viewport: { width: 390, height: 844 }, expectedConsole: /status of 422/, ...options })
}

describe('the page in Chromium', () => {
  it('one visitor posts, the poster sees it at once, the other within one poll', async () => {
    const alice = await visitor({ address: '192.0.2.1' })
    const bob = await visitor({ address: '192.0.2.2' })
    await Promise.all([alice.goto(site.url), bob.goto(site.url)])
    await Promise.all([hydrated(alice), hydrated(bob)])
    await expect(alice.locator('h1').textContent()).resolves.toBe('misskey.example is down')

    await alice.getByLabel('Name (optional, kept in this browser)').fill('Alice')
    await alice.getByLabel('Message', { exact: true }).fill('hello from alice')
    const sent = Date.now()
    await alice.getByRole('button', { name: 'Send' }).click()
    await alice.locator('.messages li', { hasText: 'hello from alice' }).waitFor({ timeout: 1000 })
    const ownDelay = Date.now() - sent
    await expect(alice.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('')

    await bob.locator('.messages li', { hasText: 'hello from alice' }).waitFor({ timeout: POLL_MS * 2 + 2500 })
    const otherDelay = Date.now() - sent
    console.info(`[figure] poster saw own message after ${ownDelay} ms; other visitor after ${otherDelay} ms (poll ${POLL_MS} ms, cache window 2 s)`)
    await expect(bob.locator('.messages li').first().locator('.name').textContent()).resolves.toBe('Alice')

    // The name is remembered in the browser.
    await alice.reload()
    await expect(alice.getByLabel('Name (optional, kept in this browser)').inputValue()).resolves.toBe('Alice')

    await alice.screenshot({ path: screenshotPath('page-390x844.png'), fullPage: true })
    await alice.setViewportSize({ width: 1280, height: 800 })
    await alice.screenshot({ path: screenshotPath('page-1280x800.png'), fullPage: true })
    await alice.emulateMedia({ colorScheme: 'dark' })
    await expect(alice.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).resolves.toBe('rgb(23, 23, 28)')
    await alice.screenshot({ path: screenshotPath('page-1280x800-dark.png'), fullPage: true })
  })

  it('speaks Japanese to a Japanese browser, relative times included', async () => {
    const page = await visitor({ locale: 'ja-JP', address: '192.0.2.3' })
    await page.goto(site.url)
    await hydrated(page)
    await expect(page.locator('h1').textContent()).resolves.toBe('misskey.example は落ちています')
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja')
    await page.getByLabel('メッセージ', { exact: true }).fill('こんにちは')
    await page.getByRole('button', { name: '送信' }).click()
    const time = page.locator('.messages li', { hasText: 'こんにちは' }).locator('time')
    await time.waitFor()
    await expect(time.textContent()).resolves.toMatch(/^(約?\d+秒(未満)?前|約?1分前)$/)
  })

  it('keeps what the visitor typed when the send is refused', async () => {
    const page = await visitor({ address: '192.0.2.4' })
    await page.goto(site.url)
    await hydrated(page)
    await page.getByLabel('Message', { exact: true }).fill('twice')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.locator('.messages li', { hasText: 'twice' }).waitFor()
    await page.getByLabel('Message', { exact: true }).fill('twice')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByRole('alert').filter({ hasText: 'same message' }).waitFor()
    await expect(page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('twice')
  })

  it('works without JavaScript: messages are server-rendered and the form posts', async () => {
    const page = await visitor({ javaScriptEnabled: false, address: '192.0.2.5' })
    await page.goto(`${site.url}/?from=https://misskey.example/notes/abc?x=1%26y`)
    await expect(page.locator('.messages li', { hasText: 'hello from alice' }).count()).resolves.toBe(1)
    await page.getByLabel('Message', { exact: true }).fill('no script here')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.waitForURL(url => url.hash === '#chat')
    await expect(page.locator('.messages li').first().locator('.body').textContent()).resolves.toBe('no script here')
    await expect(page.getByRole('link', { name: 'Try misskey.example again' }).getAttribute('href')).resolves.toBe('https://misskey.example/notes/abc?x=1%26y')

    // A refused post comes back with the text still in the box.
    await page.getByLabel('Message', { exact: true }).fill('no script here')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.waitForURL(url => url.searchParams.get('error') === 'duplicate')
    await expect(page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('no script here')
    await expect(page.getByRole('alert').textContent()).resolves.toContain('same message')
  })

  it('asks the server once per poll, never answering itself from a stale copy', async () => {
    const page = await visitor({ address: '192.0.2.6' })
    const polls: number[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) polls.push(Date.now())
    })
    await page.goto(site.url)
    await hydrated(page)
    await page.waitForTimeout(POLL_MS * 4 + 300)
    // stale-while-revalidate is for CDNs: a browser applying it fires a second,
    // background request per poll and shows the previous poll's answer.
    expect(polls.length).toBeGreaterThanOrEqual(3)
    expect(polls.length).toBeLessThanOrEqual(5)
  })

  it('preloads the visitor\'s locale chunk with the entry script', async () => {
    // Each language, English too, is a chunk of its own, preloaded for the visitor who reads it.
    const phrase = '秒未満'
    const html = await (await fetch(site.url, { headers: { 'accept-language': 'ja' } })).text()
    const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map(match => match[1]!)
    const scripts = await Promise.all(preloads.map(async href => (await fetch(new URL(href, site.url))).text()))
    expect(scripts.some(script => script.includes(phrase))).toBe(true)
  })

  it('keeps focus on Send when it is pressed with the keyboard (issue 20 item 5)', async () => {
    const page = await visitor({ address: '192.0.2.7' })
    await page.goto(site.url)
    await hydrated(page)
    await page.getByLabel('Message', { exact: true }).fill('sent with the space bar')
    const send = page.getByRole('button', { name: 'Send' })
    await send.focus()
    await page.keyboard.press('Space')
    await page.locator('.messages li', { hasText: 'sent with the space bar' }).waitFor()
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Send')
  })

  it('says what it is to crawlers and tabs: robots.txt, a description, an icon (issue 20 item 10)', async () => {
    const robots = await fetch(`${site.url}/robots.txt`)
    expect(robots.status).toBe(200)
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await robots.text()).toMatch(/^User-agent: \*$/m)
    const html = await (await fetch(site.url)).text()
    expect(html).toMatch(/<meta name="description" content="misskey\.example is down for now\. [^"]+">/)
    expect(html).toContain('<link rel="icon" href="/icons/down.svg">')
    const icon = await fetch(`${site.url}/icons/down.svg`)
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml'])
  })

  it('has one hierarchy (issue 20 item 2): the state and its line in the heading\'s card, no status card without a status page', async () => {
    const page = await visitor({ address: '192.0.2.8' })
    await page.goto(site.url)
    await hydrated(page)
    // The instance here never answers: the line says how long, inside the header.
    await page.locator('header.down-notice .instance-down').waitFor()
    await expect(page.locator('header.down-notice [data-state-mark="down"]').count()).resolves.toBe(1)
    // No status page configured: the probe's one row would only repeat the heading.
    await expect(page.locator('.status-panel').count()).resolves.toBe(0)
    await expect(page.getByText('Status page', { exact: true }).count()).resolves.toBe(0)
  })

  it('logged no console errors or warnings', () => {
    expect(site.problems).toEqual([])
  })
})
