import { launchChromium } from './browser.mjs'

// The first screen of a stranded visitor's phone (issue 20 item 1), set up and measured
// once for the tests (tests/e2e/first-screen.test.ts) and the bench (bench/run.mjs).

/** An iPhone 12–15's CSS viewport: the phone the issue's figures were taken on. */
export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 800 }

/** What a server needs to take the scene: a token for the admins' update, and one limit per visitor address. */
export const SCENE_ENV = { NUXT_ADMIN_TOKEN: 'first-screen-token', NUXT_TRUST_PROXY: 'x-forwarded-for' }

const MESSAGES = [
  { name: 'mika', body: 'Is it just me or is the timeline gone?' },
  { name: null, body: 'Same here, since about ten minutes ago.' },
  { name: 'ren', body: 'The admins posted an update above. Waiting it out.' },
]

async function post(url, path, body, headers) {
  const response = await fetch(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`)
}

/**
 * The content on a server started with SCENE_ENV: one admins' update with an
 * expected-back time, and a few visitors' messages (the status page comes from its
 * stand-in: 3 components and an incident).
 */
export async function seedScene(url) {
  const expectedBackAt = new Date(Date.now() + 3600_000).toISOString()
  await post(url, '/api/notices', { body: 'The database upgrade failed; we are restoring last night\'s backup. Nothing posted before 03:00 is lost.', expectedBackAt }, { authorization: `Bearer ${SCENE_ENV.NUXT_ADMIN_TOKEN}` })
  for (const [index, message] of MESSAGES.entries()) {
    await post(url, '/api/messages', message.name ? message : { body: message.body }, { 'x-forwarded-for': `198.51.100.${index + 10}` })
  }
}

/**
 * Where the chat starts on the page as a visitor first sees it, in CSS pixels from the
 * top of the document: its message box, its first message, and the page's height.
 */
export function measureFirstScreen(page) {
  return page.evaluate(() => {
    const top = element => element ? Math.round(element.getBoundingClientRect().top + window.scrollY) : null
    return {
      chatBoxTop: top(document.querySelector('#chat textarea')),
      firstMessageTop: top(document.querySelector('#chat .messages li')),
      pageHeight: document.documentElement.scrollHeight,
    }
  })
}

/**
 * A page made hidden the way a browser tells it (document.hidden, visibilitychange):
 * headless Chromium shows every page, so the test and the bench give the page what a
 * background tab would. Call before the page loads; then `hide(page)`.
 */
export async function emulateHiddenTab(page) {
  await page.addInitScript(() => {
    window.nakanaiHiddenTab = false
    Object.defineProperty(Document.prototype, 'hidden', { get: () => window.nakanaiHiddenTab })
    Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (window.nakanaiHiddenTab ? 'hidden' : 'visible') })
  })
  return {
    hide: () => page.evaluate(() => {
      window.nakanaiHiddenTab = true
      document.dispatchEvent(new Event('visibilitychange'))
    }),
  }
}

/** The status page of the scene: the Statuspage fixture's incident case (3 components, an incident), served as Statuspage does. */
export async function serveSceneStatusPage() {
  const { createServer } = await import('node:http')
  const { readFileSync } = await import('node:fs')
  const fixture = JSON.parse(readFileSync(new URL('../../tests/fixtures/status/statuspage.json', import.meta.url), 'utf8'))
  const answers = fixture.cases.incident
  const server = createServer((req, res) => {
    const body = answers[new URL(req.url ?? '/', 'http://x').pathname]
    if (body === undefined) res.writeHead(404, { 'content-type': 'application/json' }).end('{}')
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}${fixture.pagePath}`, close: () => new Promise(resolve => server.close(resolve)) }
}

/**
 * The phone figures for the bench: where the chat starts on a 390×844 phone with the
 * scene's content (ja, en), and what one hidden tab costs the server (requests of
 * /api/state per minute while hidden, over `hiddenSeconds`).
 */
export async function measurePhone(url, { hiddenSeconds = 61 } = {}) {
  const browser = await launchChromium()
  try {
    const firstScreen = {}
    for (const locale of ['ja', 'en']) {
      const context = await browser.newContext({ locale, viewport: PHONE })
      const page = await context.newPage()
      await page.goto(`${url}/`)
      await page.locator('.status-panel').waitFor()
      firstScreen[locale] = await measureFirstScreen(page)
      await context.close()
    }
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    const tab = await emulateHiddenTab(page)
    const polls = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/state') polls.push(Date.now())
    })
    await page.goto(`${url}/`)
    await page.waitForFunction(() => Boolean(document.querySelector('#__nuxt')?.__vue_app__))
    await tab.hide()
    const hiddenAt = Date.now()
    await page.waitForTimeout(hiddenSeconds * 1000)
    const hiddenPolls = polls.filter(at => at > hiddenAt).length
    await context.close()
    return { firstScreen, hidden: { seconds: hiddenSeconds, polls: hiddenPolls, perMinute: hiddenPolls / (hiddenSeconds / 60) } }
  }
  finally {
    await browser.close()
  }
}
