import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ChatMessage } from '../../shared/types/message'
import type { Notice } from '../../shared/types/notice'
import type { PageState } from '../../shared/types/page-state'
import japanese from '../../locales/admin/ja'
import { startFakeInstance, useFakeInstance } from '../support/fake-instance'
import { solidPng } from '../support/png'
import { hydrated, screenshotPath, useSite } from '../support/site'

// One server for every case: the admins' notices, the badge no visitor can forge, and
// the instance's face learned from a fake Misskey while up and shown while down.

const TOKEN = 'admins-token-for-the-worst-day'
const POLL_MS = 1000
const THEME = '#1a4f80' // dark enough for the light scheme, too faint for the dark one
const ICON = solidPng(48, 48, [26, 79, 128])
const ERROR_PICTURE = solidPng(120, 80, [200, 60, 40])
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const auth = { authorization: `Bearer ${TOKEN}` }
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

async function call(method: string, path: string, init: { headers?: Record<string, string>, body?: string } = {}) {
  const response = await fetch(`${site.url}${path}`, { method, redirect: 'manual', ...init })
  const text = await response.text()
  // Whatever the server answered: the assertions say what it must be.
  let body: any // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    body = JSON.parse(text)
  }
  catch {
    body = text
  }
  return { status: response.status, headers: response.headers, body }
}

const pageState = async (): Promise<PageState> => (await call('GET', '/api/state')).body

function serveMeta(overrides: Record<string, unknown> = {}) {
  fake.serve('POST /api/meta', {
    body: JSON.stringify({
      name: 'Fake Misskey',
      description: 'A test instance',
      themeColor: THEME,
      iconUrl: `${fake.url}/files/icon.png`,
      serverErrorImageUrl: `${fake.url}/files/error.png`,
      version: '2025.1.0',
      ...overrides,
    }),
  })
}

/**
 * Lets the server probe the instance (and so learn its face) and waits until that
 * learning finished: a second probe's /api/meta request only starts after it.
 */
async function learnOnce() {
  const metaRequests = () => fake.requests.filter(request => request === 'POST /api/meta').length
  for (const round of [1, 2]) {
    const before = metaRequests()
    const deadline = Date.now() + 15_000
    while (metaRequests() === before) {
      if (Date.now() > deadline) throw new Error(`no /api/meta request in round ${round}:\n${fake.requests.slice(-10).join('\n')}`)
      await call('GET', '/api/instance')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
}

// A fresh install whose instance is already down.
const fake = useFakeInstance('closed')
const site = useSite(() => ({
  env: {
    NUXT_ADMIN_TOKEN: TOKEN,
    NUXT_TRUST_PROXY: 'x-forwarded-for',
    NUXT_PUBLIC_INSTANCE_URL: fake.url,
    NUXT_PUBLIC_POLL_INTERVAL_MS: String(POLL_MS),
    // Every probe asks, and every probe that finds the instance up learns again.
    NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0',
    NUXT_INSTANCE_META_REFRESH_SECONDS: '0',
  },
}))

describe('official updates (notices)', () => {
  it('need the admin token', async () => {
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: `Basic ${TOKEN}` }, { authorization: 'Bearer ' }]
    for (const headers of tries) {
      for (const [method, path] of [['POST', '/api/notices'], ['PATCH', '/api/notices/1'], ['DELETE', '/api/notices/1']]) {
        const answer = await call(method!, path!, json({ body: 'x', expectedBackAt: null }, headers))
        expect(answer.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401)
        expect(answer.body.error.code).toBe('unauthorized')
      }
    }
    expect((await pageState()).notices).toEqual([])
  })

  it('are posted, moved, cleared and deleted, and every poll shows them', async () => {
    const back = new Date(Date.now() + 25 * 60_000).toISOString().replace(/\.\d+Z$/, '.000Z')
    const posted = await call('POST', '/api/notices', json({ body: '  Database upgrade; back soon.\u200B ', expectedBackAt: back }, auth))
    expect(posted.status).toBe(201)
    const notice: Notice = posted.body.notice
    expect(notice).toMatchObject({ body: 'Database upgrade; back soon.', expectedBackAt: back })
    expect((await pageState()).notices).toEqual([notice])

    const later = new Date(Date.now() + 40 * 60_000).toISOString().replace(/\.\d+Z$/, '.000Z')
    const moved = await call('PATCH', `/api/notices/${notice.id}`, json({ expectedBackAt: later }, auth))
    expect(moved.status).toBe(200)
    expect(moved.body.notice.expectedBackAt).toBe(later)
    expect((await pageState()).notices![0]!.expectedBackAt).toBe(later)
    expect((await call('PATCH', `/api/notices/${notice.id}`, json({ expectedBackAt: null }, auth))).body.notice.expectedBackAt).toBeNull()

    const second = (await call('POST', '/api/notices', json({ body: 'Second update' }, auth))).body.notice as Notice
    expect((await pageState()).notices!.map((n: Notice) => n.id)).toEqual([second.id, notice.id])

    expect((await call('DELETE', `/api/notices/${second.id}`, { headers: auth })).status).toBe(200)
    expect((await pageState()).notices!.map((n: Notice) => n.id)).toEqual([notice.id])
    const again = await call('DELETE', `/api/notices/${second.id}`, { headers: auth })
    expect(again.status).toBe(404)
    expect(again.body.error.code).toBe('notice_not_found')
    expect((await call('PATCH', `/api/notices/${second.id}`, json({ expectedBackAt: null }, auth))).status).toBe(404)
  })

  it('are marked resolved (then promise no time) and opened again', async () => {
    const back = new Date(Date.now() + 60 * 60_000).toISOString().replace(/\.\d+Z$/, '.000Z')
    const notice = (await call('POST', '/api/notices', json({ body: 'Resolvable update', expectedBackAt: back }, auth))).body.notice as Notice
    expect(notice.resolvedAt).toBeNull()
    const resolved = await call('PATCH', `/api/notices/${notice.id}`, json({ resolved: true }, auth))
    expect(resolved.status).toBe(200)
    expect(resolved.body.notice).toMatchObject({ id: notice.id, expectedBackAt: back, resolvedAt: expect.any(String) })
    expect((await pageState()).notices!.find(n => n.id === notice.id)?.resolvedAt).toBe(resolved.body.notice.resolvedAt)
    const html = (await call('GET', '/')).body as string
    expect(html).toMatch(/<p class="resolved"><span class="notice-resolved">Resolved <time datetime="[^"]+">/)

    expect((await call('PATCH', `/api/notices/${notice.id}`, json({ resolved: false }, auth))).body.notice.resolvedAt).toBeNull()
    for (const resolvedValue of ['yes', 1, null]) {
      const answer = await call('PATCH', `/api/notices/${notice.id}`, json({ resolved: resolvedValue }, auth))
      expect([answer.status, answer.body.error.code], String(resolvedValue)).toEqual([422, 'invalid_resolved'])
    }
    expect((await call('PATCH', '/api/notices/999999', json({ resolved: true }, auth))).status).toBe(404)
    expect((await call('DELETE', `/api/notices/${notice.id}`, { headers: auth })).status).toBe(200)
  })

  it('refuse bad input with a 4xx and a code, storing nothing', async () => {
    const before = (await pageState()).notices
    const past = new Date(Date.now() - 60_000).toISOString()
    const cases: [string, string, { headers?: Record<string, string>, body?: string }, number, string][] = [
      ['POST', '/api/notices', json('not json', auth), 400, 'invalid_json'],
      ['POST', '/api/notices', json('[1]', auth), 422, 'invalid_type'],
      ['POST', '/api/notices', json({ expectedBackAt: null }, auth), 422, 'invalid_type'],
      ['POST', '/api/notices', json({ body: ' \u200B ' }, auth), 422, 'body_required'],
      ['POST', '/api/notices', json({ body: 'x'.repeat(2001) }, auth), 422, 'body_too_long'],
      ['POST', '/api/notices', json({ body: `a${'\u0301\u0316'.repeat(25)}` }, auth), 422, 'too_many_marks'],
      ['POST', '/api/notices', json({ body: 'x', expectedBackAt: past }, auth), 422, 'expected_back_past'],
      ['POST', '/api/notices', json({ body: 'x', expectedBackAt: 'in 20 minutes' }, auth), 422, 'invalid_expected_back'],
      ['POST', '/api/notices', json({ body: 'x', expectedBackAt: '2026-11-29T10:00' }, auth), 422, 'invalid_expected_back'],
      ['POST', '/api/notices', json({ body: 'x'.repeat(20_000) }, auth), 413, 'payload_too_large'],
      ['POST', '/api/notices', { headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'body=x' }, 415, 'unsupported_media_type'],
      ['PATCH', '/api/notices/1', json({}, auth), 422, 'invalid_expected_back'],
      ['PATCH', '/api/notices/1', json({ expectedBackAt: 5 }, auth), 422, 'invalid_expected_back'],
      ['PATCH', '/api/notices/1', json({ expectedBackAt: past }, auth), 422, 'expected_back_past'],
      ['PATCH', '/api/notices/abc', json({ expectedBackAt: null }, auth), 400, 'invalid_id'],
      ['DELETE', '/api/notices/0', { headers: auth }, 400, 'invalid_id'],
    ]
    for (const [method, path, init, status, code] of cases) {
      const answer = await call(method, path, init)
      expect([answer.status, answer.body?.error?.code], `${method} ${path} ${init.body?.slice(0, 60)}`).toEqual([status, code])
    }
    expect((await pageState()).notices).toEqual(before)
  })
})

describe('the admin badge', () => {
  it('no visitor input produces it (at least 10 ways tried); the token does', async () => {
    const visitor = (address: string) => ({ 'x-forwarded-for': address })
    const attempts: [string, string, { headers?: Record<string, string>, body?: string }][] = [
      ['the name "admin"', '', json({ body: 'forge 1', name: 'admin' }, visitor('198.51.100.1'))],
      ['the name "管理者"', '', json({ body: 'forge 2', name: '管理者' }, visitor('198.51.100.2'))],
      ['a JSON field admin: true', '', json({ body: 'forge 3', admin: true }, visitor('198.51.100.3'))],
      ['a JSON field admin: "true"', '', json({ body: 'forge 4', name: 'x', admin: 'true' }, visitor('198.51.100.4'))],
      ['__proto__.admin in JSON', '', json('{"body":"forge 5","__proto__":{"admin":true}}', visitor('198.51.100.5'))],
      ['a form field admin=true', '', { headers: { ...visitor('198.51.100.6'), 'content-type': 'application/x-www-form-urlencoded' }, body: 'body=forge+6&admin=true' }],
      ['a browser form with admin=1', '', { headers: { ...visitor('198.51.100.7'), 'content-type': 'application/x-www-form-urlencoded', 'accept': 'text/html' }, body: 'admin=1&body=forge+7&name=admin' }],
      ['a header X-Admin: true', '', json({ body: 'forge 8' }, { ...visitor('198.51.100.8'), 'x-admin': 'true' })],
      ['a cookie admin=true', '', json({ body: 'forge 9' }, { ...visitor('198.51.100.9'), cookie: 'admin=true; nakanai:admin-token=x' })],
      ['the query ?admin=true', '?admin=true', json({ body: 'forge 10' }, visitor('198.51.100.10'))],
      ['a body that spells the flag', '', json({ body: '{"admin": true} forge 11' }, visitor('198.51.100.11'))],
      ['the token as X-Admin-Token', '', json({ body: 'forge 12' }, { ...visitor('198.51.100.12'), 'x-admin-token': TOKEN })],
      ['the token in the body', '', json({ body: 'forge 13', token: TOKEN, authorization: `Bearer ${TOKEN}` }, visitor('198.51.100.13'))],
    ]
    for (const [label, query, init] of attempts) {
      const answer = await call('POST', `/api/messages${query}`, init)
      expect([201, 303], label).toContain(answer.status)
      if (answer.status === 201) expect(answer.body.message, label).not.toHaveProperty('admin')
    }
    const refused: [string, Record<string, string>][] = [
      ['a wrong token', { authorization: 'Bearer not-the-token' }],
      ['an empty bearer', { authorization: 'Bearer ' }],
      ['the token with another scheme', { authorization: `Basic ${TOKEN}` }],
      ['the token with a suffix', { authorization: `Bearer ${TOKEN}x` }],
    ]
    for (const [label, headers] of refused) {
      const answer = await call('POST', '/api/messages', json({ body: `refused: ${label}` }, { ...headers, 'x-forwarded-for': '198.51.100.20' }))
      expect([answer.status, answer.body.error.code], label).toEqual([401, 'unauthorized'])
    }

    const admin = await call('POST', '/api/messages', json({ body: 'Official: we are on it.', name: 'ops' }, { ...auth, 'x-forwarded-for': '198.51.100.30' }))
    expect(admin.status).toBe(201)
    expect(admin.body.message).toMatchObject({ body: 'Official: we are on it.', name: 'ops', admin: true })

    const listed = (await call('GET', '/api/messages')).body.messages as ChatMessage[]
    const flagged = listed.filter(message => message.admin)
    expect(flagged.map(message => message.body)).toEqual(['Official: we are on it.'])
    expect(listed.filter(message => message.body.includes('forge')).length).toBe(attempts.length)
    expect(listed.some(message => message.body.startsWith('refused'))).toBe(false)
    expect((await pageState()).messages!.find((message: ChatMessage) => message.id === admin.body.message.id)?.admin).toBe(true)
  })
})

describe('the instance\'s own face', () => {
  it('nothing learned while the instance is down: the page looks as it always did', async () => {
    expect((await pageState()).branding).toBeNull()
    const html = (await call('GET', '/')).body as string
    expect(html).not.toContain('class="instance-icon"')
    expect(html).not.toContain('class="server-error-image"')
    expect(html).not.toContain('html:root{--accent')
    // No name set and none learned: the instance's host, never a guess at its software.
    // A host-like name may break after its dots (<wbr>), as at 200 % text on a phone.
    expect(html).toContain(`<h1>${new URL(fake.url).hostname.replaceAll('.', '.<wbr>')} is down</h1>`)
  })

  it('is learned while the instance is up and served by nakanai itself', async () => {
    serveMeta()
    fake.serve('GET /files/icon.png', { type: 'image/png', body: ICON })
    fake.serve('GET /files/error.png', { type: 'image/png', body: ERROR_PICTURE })
    await fake.setMode('healthy')
    await learnOnce()

    const { branding } = await pageState()
    expect(branding).toEqual({
      name: 'Fake Misskey',
      description: 'A test instance',
      themeColor: THEME,
      iconUrl: `/api/branding/icon/${sha(ICON)}`,
      serverErrorImageUrl: `/api/branding/server-error/${sha(ERROR_PICTURE)}`,
      bannerUrl: null,
      // From its NodeInfo (tests/fixtures/instance/misskey.json), read before /api/meta.
      kind: 'misskey',
    })
    const icon = await fetch(`${site.url}${branding!.iconUrl}`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/png')
    expect(icon.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(icon.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await icon.arrayBuffer()).equals(ICON)).toBe(true)
    expect((await call('GET', `/api/branding/icon/${sha(ERROR_PICTURE)}`)).status).toBe(404)
    expect((await call('GET', `/api/branding/avatar/${sha(ICON)}`)).status).toBe(404)

    const page = await fetch(site.url)
    expect(page.headers.get('content-security-policy')).toContain(`img-src 'self' data:;`)
    const html = await page.text()
    // Up: the way back, under the instance's own name, icon and colour.
    expect(html).toContain('<h1>Fake Misskey is back</h1>')
    expect(html).toContain(`src="${branding!.iconUrl}"`)
    expect(html).toContain(`--accent:${THEME}`)
  })

  it('a hostile or broken /api/meta or picture changes nothing', async () => {
    const before = (await pageState()).branding
    const other = await startFakeInstance('healthy')
    other.serve('GET /files/icon.png', { type: 'image/png', body: solidPng(8, 8, [0, 0, 0]) })
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
    const meta: [string, () => void][] = [
      ['not JSON', () => fake.serve('POST /api/meta', { type: 'text/html', body: '<!doctype html><p>502 Bad Gateway' })],
      ['JSON of the wrong shape', () => fake.serve('POST /api/meta', { body: '["Fake Misskey"]' })],
      ['wrong types', () => serveMeta({ name: 123, themeColor: ['#000000'] })],
      ['huge', () => serveMeta({ description: 'x'.repeat(400_000), name: 'Huge' })],
      ['a redirect to another host', () => fake.serve('POST /api/meta', { status: 307, body: '', headers: { location: `${other.url}/api/meta` } })],
      ['a server error', () => fake.serve('POST /api/meta', { status: 500, body: '{"error":{}}' })],
      ['too slow', () => fake.serve('POST /api/meta', { delayMs: 3500, body: JSON.stringify({ name: 'Slow', version: '1' }) })],
      // Refused pictures keep the last good one, whatever the URL's scheme.
      ['a file: icon URL', () => serveMeta({ iconUrl: 'file:///etc/passwd' })],
      ['a data: icon URL', () => serveMeta({ iconUrl: `data:image/png;base64,${solidPng(8, 8, [0, 0, 0]).toString('base64')}` })],
      ['a javascript: icon URL', () => serveMeta({ iconUrl: 'javascript:alert(1)', serverErrorImageUrl: 'javascript:alert(2)' })],
    ]
    const pictures: [string, () => void][] = [
      ['an SVG icon', () => fake.serve('GET /files/icon.png', { type: 'image/svg+xml', body: svg })],
      ['an SVG icon sent as PNG', () => fake.serve('GET /files/icon.png', { type: 'image/png', body: svg })],
      ['an oversized icon', () => fake.serve('GET /files/icon.png', { type: 'image/png', body: solidPng(8, 8, [0, 0, 0], 600 * 1024) })],
      ['HTML as the icon', () => fake.serve('GET /files/icon.png', { type: 'text/html', body: '<p>not found</p>' })],
      ['an icon redirected to another host', () => fake.serve('GET /files/icon.png', { status: 302, body: '', headers: { location: `${other.url}/files/icon.png` } })],
    ]
    try {
      for (const [label, arrange] of meta) {
        arrange()
        await learnOnce()
        expect((await pageState()).branding, label).toEqual(before)
      }
      serveMeta()
      for (const [label, arrange] of pictures) {
        arrange()
        await learnOnce()
        expect((await pageState()).branding, label).toEqual(before)
      }
      expect(other.requests).toEqual([])
      expect((await call('GET', before!.iconUrl!)).status).toBe(200)
    }
    finally {
      fake.serve('GET /files/icon.png', { type: 'image/png', body: ICON })
      await other.close()
    }
  })

  it('is kept across a restart and shown while the instance is down', async () => {
    const before = (await pageState()).branding
    await fake.setMode('closed')
    await site.restart()
    expect((await pageState()).branding).toEqual(before)
    const html = (await call('GET', '/')).body as string
    expect(html).toContain('<h1>Fake Misskey is down</h1>')
    expect(html).toContain(`src="${before!.iconUrl}"`)
    expect(html).toContain(`src="${before!.serverErrorImageUrl}"`)
    expect((await call('GET', before!.serverErrorImageUrl!)).headers.get('content-type')).toBe('image/png')
  })
})

describe('the page in Chromium', () => {
  const visitor = (options: { locale: string, address: string, colorScheme?: 'light' | 'dark' }) => site.visitor({
    ...options,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 390, height: 844 },
  })
  // The admin (signed in) and a Japanese-speaking visitor, shared by the cases below.
  let admin: Page
  let reader: Page

  it('the admin posts an update from ?admin on a phone; another visitor sees it within one poll', async () => {
    admin = await visitor({ locale: 'en-US', address: '203.0.113.1' })
    reader = await visitor({ locale: 'ja-JP', address: '203.0.113.2' })
    await Promise.all([admin.goto(`${site.url}/?admin`), reader.goto(site.url)])
    await Promise.all([hydrated(admin), hydrated(reader)])

    await admin.getByLabel('Admin token').fill(TOKEN)
    await admin.getByRole('button', { name: 'Sign in' }).click()
    await admin.getByLabel('Update (shown at the top of the page for everyone)').fill('The database is being repaired.')
    const back = new Date(Date.now() + 25 * 60_000)
    const pad = (n: number) => String(n).padStart(2, '0')
    await admin.getByLabel('Expected back (optional, in your time zone)').first()
      .fill(`${back.getFullYear()}-${pad(back.getMonth() + 1)}-${pad(back.getDate())}T${pad(back.getHours())}:${pad(back.getMinutes())}`)
    // A time already past is refused, and the form says why (not "try again").
    const past = new Date(Date.now() - 60 * 60_000)
    await admin.getByLabel('Expected back (optional, in your time zone)').first()
      .fill(`${past.getFullYear()}-${pad(past.getMonth() + 1)}-${pad(past.getDate())}T${pad(past.getHours())}:${pad(past.getMinutes())}`)
    await admin.getByRole('button', { name: 'Post update' }).click()
    await admin.getByRole('alert').filter({ hasText: 'That time has already passed: pick a time still to come, or leave it empty.' }).waitFor()
    await admin.getByLabel('Expected back (optional, in your time zone)').first()
      .fill(`${back.getFullYear()}-${pad(back.getMonth() + 1)}-${pad(back.getDate())}T${pad(back.getHours())}:${pad(back.getMinutes())}`)
    const sent = Date.now()
    await admin.getByRole('button', { name: 'Post update' }).click()
    await admin.locator('.notice', { hasText: 'The database is being repaired.' }).waitFor({ timeout: 5000 })
    await admin.locator('.admin-notices').screenshot({ path: screenshotPath('admins-form-en.png') })

    const notice = reader.locator('.notice', { hasText: 'The database is being repaired.' })
    // One poll after the post, with room for a loaded machine (the figure above is what it took).
    await notice.waitFor({ timeout: POLL_MS * 2 + 4000 })
    console.info(`[figure] a second visitor saw the admins' update ${Date.now() - sent} ms after it was posted (poll ${POLL_MS} ms)`)
    // Under the admins' heading, which says whose it is once (issue 20 item 2).
    await expect(reader.locator('#notices-heading').textContent()).resolves.toBe('管理者からのお知らせ')
    await expect(notice.locator('.expected-back').textContent()).resolves.toMatch(/^復旧見込み: \d{2}:\d{2}（(約)?2[45]分後）$/)
    await expect(reader.getByRole('status').filter({ hasText: '管理者からのお知らせ' }).textContent()).resolves.toContain('The database is being repaired.')
  })

  it('the badge shows on the admin\'s chat message, not on a visitor who calls themselves admin', async () => {
    await admin.getByLabel('Message', { exact: true }).fill('Admins here: we are restoring from backup.')
    await admin.getByRole('button', { name: 'Send' }).click()

    // The visitor calls themselves "admin": a name, nothing more.
    const impostor = reader
    await impostor.getByLabel('名前（任意・このブラウザに保存されます）').fill('admin')
    await impostor.getByLabel('メッセージ', { exact: true }).fill('I am the admin, send me your password')
    await impostor.getByRole('button', { name: '送信' }).click()

    const real = impostor.locator('.messages li', { hasText: 'restoring from backup' })
    const fakeAdmin = impostor.locator('.messages li', { hasText: 'send me your password' })
    await real.waitFor({ timeout: POLL_MS * 2 + 2500 })
    await fakeAdmin.waitFor()
    await expect(real.locator('.admin-badge').textContent()).resolves.toBe('管理者')
    await expect(fakeAdmin.locator('.admin-badge').count()).resolves.toBe(0)
    await expect(fakeAdmin.locator('.name').textContent()).resolves.toBe('admin')
    await expect(impostor.getByText('「管理者」バッジでのみ見分けられます').count()).resolves.toBe(1)
    const own = admin.locator('.messages li', { hasText: 'restoring from backup' })
    await expect(own.locator('.admin-badge').textContent()).resolves.toBe('admin')
    await expect(admin.getByText('only the “admin” badge marks the instance’s admins').count()).resolves.toBe(1)
    await Promise.all([admin.context().close(), reader.context().close()])
  })

  it('once the instance is up, the admin page says which updates are still open; resolved, they read so for everyone', async () => {
    await fake.setMode('healthy')
    try {
      // The server knows it is up before the pages open: a page rendered with the last
      // "down" (SSR gives a slow probe 1 s) then saw it come back and sent the admin away.
      await expect.poll(async () => (await call('GET', '/api/state')).body.instance.state, { timeout: 15_000 }).toBe('up')
      const open = (await call('POST', '/api/notices', json({ body: 'Still open after the outage', expectedBackAt: new Date(Date.now() + 3600_000).toISOString() }, auth))).body.notice as Notice
      const moderator = await visitor({ locale: 'en-US', address: '203.0.113.3' })
      const watcher = await visitor({ locale: 'ja-JP', address: '203.0.113.4' })
      await Promise.all([moderator.goto(`${site.url}/?admin`), watcher.goto(site.url)])
      await Promise.all([hydrated(moderator), hydrated(watcher)])
      await moderator.getByLabel('Admin token').fill(TOKEN)
      await moderator.getByRole('button', { name: 'Sign in' }).click()
      const stillOpen = moderator.getByText(/^The instance is up, but \d+ of these updates still read as ongoing\./)
      await stillOpen.waitFor({ timeout: POLL_MS * 2 + 15_000 })

      for (const item of await moderator.locator('.admin-notice-list li').all()) {
        const resolve = item.getByRole('button', { name: 'Mark resolved' })
        if (await resolve.count() > 0) {
          await resolve.click()
          await item.getByRole('button', { name: 'Reopen' }).waitFor()
        }
      }
      await stillOpen.waitFor({ state: 'detached' })
      const notice = watcher.locator('.notice', { hasText: 'Still open after the outage' })
      await notice.locator('.resolved').waitFor({ timeout: POLL_MS * 2 + 4000 })
      await expect(notice.locator('.resolved').textContent()).resolves.toMatch(/^解決済み（.+）$/)
      await expect(notice.locator('.expected-back').count()).resolves.toBe(0)
      await watcher.screenshot({ path: screenshotPath('admins-resolved-ja.png'), fullPage: true })
      await Promise.all([moderator.context().close(), watcher.context().close()])
      expect((await call('DELETE', `/api/notices/${open.id}`, { headers: auth })).status).toBe(200)
    }
    finally {
      await fake.setMode('closed')
    }
  })

  it('?admin in Japanese: its words come with the server\'s HTML and its preloads; signed in, every tool reads in Japanese, on any page of the tab', async () => {
    // Rendered by the server and preloaded with the entry: the browser shows the same words before and after hydration.
    const html = await (await fetch(`${site.url}/?admin`, { headers: { 'accept-language': 'ja' } })).text()
    expect(html).toMatch(new RegExp(`<h2 id="admin-heading">\\s*${japanese['admin.heading']}\\s*</h2>`))
    const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map(match => match[1]!)
    const scripts = await Promise.all(preloads.map(async href => (await fetch(new URL(href, site.url))).text()))
    expect(scripts.some(script => script.includes(japanese['admin.signedIn']))).toBe(true)

    expect((await call('POST', '/api/messages', json({ body: 'モデレーションの確認' }, { 'x-forwarded-for': '203.0.113.6' }))).status).toBe(201)
    const label = 'ja ?admin'
    // The sign-in form asks, without a token, whether admin is enabled: 401 means it is.
    const moderator = await site.visitor({ locale: 'ja-JP', address: '203.0.113.5', label, expectedConsole: /status of 401/ })
    await moderator.goto(`${site.url}/?admin`)
    await hydrated(moderator)
    await moderator.getByLabel(japanese['admin.token']).fill(TOKEN)
    await moderator.getByRole('button', { name: japanese['admin.signIn'] }).click()
    await moderator.getByText(japanese['admin.signedIn']).waitFor()
    for (const key of ['admin.noticeHeading', 'admin.bansHeading', 'admin.hiddenHeading', 'admin.limitsHeading'] as const) {
      await moderator.getByRole('heading', { name: japanese[key] }).waitFor()
    }
    await moderator.getByLabel(japanese['admin.noticeBody']).waitFor()
    await moderator.getByLabel(japanese['admin.limit.perClient']).waitFor()
    await moderator.getByRole('button', { name: japanese['admin.saveLimits'] }).waitFor()
    const message = moderator.locator('.messages li', { hasText: 'モデレーションの確認' })
    // Each button names what it hides, the visible word first (issue 20 item 12).
    await message.getByRole('button', { name: `${japanese['admin.hide']}（名無しさん: モデレーションの確認`, exact: false }).waitFor()
    await message.getByRole('button', { name: japanese['admin.hideAuthor'] }).waitFor()
    // A key shown instead of its words would read "admin.…".
    await expect(moderator.locator('#__nuxt').innerText()).resolves.not.toMatch(/\badmin\.[a-zA-Z]/)

    // Without ?admin, the token kept by the tab still brings the hide buttons, with their words.
    await moderator.goto(site.url)
    await hydrated(moderator)
    await message.getByRole('button', { name: japanese['admin.hideAuthor'] }).waitFor()
    await expect(moderator.locator('#__nuxt').innerText()).resolves.not.toMatch(/\badmin\.[a-zA-Z]/)
    expect(site.problems.filter(problem => problem.startsWith(label))).toEqual([])
    await moderator.context().close()
  })

  it('shows the learned icon, accent and error picture while the instance is down; screenshots', async () => {
    expect(fake.mode).toBe('closed')
    for (const locale of ['ja-JP', 'en-US']) {
      const page = await visitor({ locale, address: '203.0.113.9' })
      await page.goto(site.url)
      await hydrated(page)
      const width = (selector: string) => page.locator(selector).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)
      await expect(width('.instance-icon')).resolves.toBe(48)
      await expect(width('.server-error-image')).resolves.toBe(120)
      await expect(page.locator('h1').textContent()).resolves.toBe(locale === 'ja-JP' ? 'Fake Misskey は落ちています' : 'Fake Misskey is down')
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme })
        const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim())
        // The theme colour where it has the contrast (light), the page's own accent where not (dark).
        expect(accent, `${locale} ${colorScheme}`).toBe(colorScheme === 'light' ? THEME : '#a6d82e')
        await page.screenshot({ path: screenshotPath(`admins-${locale.slice(0, 2)}-${colorScheme}.png`), fullPage: true })
      }
      await page.context().close()
    }
  })
})
