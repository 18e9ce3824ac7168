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
