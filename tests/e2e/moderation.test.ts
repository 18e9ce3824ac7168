import { describe, expect, it } from 'vitest'
import { screenshotPath, useSite } from '../support/site'

const TOKEN = 'correct horse battery staple'
const site = useSite({ env: { NUXT_ADMIN_TOKEN: TOKEN, NUXT_TRUST_PROXY: 'x-forwarded-for' } })

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const JSON_TYPE = { 'content-type': 'application/json' }

/** A request and its JSON answer (or text, when it is not JSON). */
async function call(url: string, method: string, path: string, init: { headers?: Record<string, string>, body?: unknown } = {}) {
  const body = init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
  const response = await fetch(`${url}${path}`, { method, headers: { ...(body === undefined ? {} : JSON_TYPE), ...init.headers }, body })
  const text = await response.text()
  let json: any // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = JSON.parse(text)
  }
  catch {
    json = text
  }
  return { status: response.status, json }
}

// Every admin route, with a body it accepts where it takes one.
const ADMIN_ROUTES = [
  ['DELETE', '/api/messages/1'], ['DELETE', '/api/messages/1/author'], ['POST', '/api/messages/1/restore'],
  ['GET', '/api/messages/hidden'], ['GET', '/api/admin/session'], ['GET', '/api/stats'], ['GET', '/api/metrics'],
  ['POST', '/api/notices'], ['PATCH', '/api/notices/1'], ['DELETE', '/api/notices/1'],
  ['GET', '/api/bans'], ['DELETE', '/api/bans/1'], ['GET', '/api/limits'], ['PATCH', '/api/limits'],
] as const

async function post(body: string, client: string) {
  const response = await fetch(`${site.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ body }),
  })
  return { status: response.status, json: await response.json() }
}

const visibleBodies = async () => ((await (await fetch(`${site.url}/api/messages`)).json()).messages as { body: string }[]).map(m => m.body)

describe('without NUXT_ADMIN_TOKEN', () => {
  const plain = useSite()

  it('has no admin routes at all (404), saying which variable enables them', async () => {
    for (const [method, path] of ADMIN_ROUTES) {
      const response = await fetch(`${plain.url}${path}`, { method, headers: auth('anything') })
      expect(response.status, `${method} ${path}`).toBe(404)
      const { error } = await response.json()
      expect(error.code).toBe('admin_disabled')
      expect(error.message).toContain('NUXT_ADMIN_TOKEN')
    }
  })

  it('the ?admin page says admin is not enabled and names the variable, instead of refusing every token', async () => {
    const page = await plain.visit('/?admin')
    await page.getByText('Admin is not enabled on this server: set NUXT_ADMIN_TOKEN in its environment and restart it.').waitFor()
    await expect(page.getByLabel('Admin token').count()).resolves.toBe(0)
  })
})

describe('with NUXT_ADMIN_TOKEN', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', auth('wrong')],
    ['a token that is a prefix of the right one', auth(TOKEN.slice(0, -1))],
    ['the right token with the wrong scheme', { authorization: `Basic ${TOKEN}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('refuses %s with 401', async (_label, headers) => {
    const response = await fetch(`${site.url}/api/messages/1`, { method: 'DELETE', headers })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer')
    expect((await response.json()).error.code).toBe('unauthorized')
  })

  it('hides one message; every poller stops seeing it', async () => {
    const { json } = await post('spam one', '192.0.2.50')
    await post('fine message', '192.0.2.51')
    expect(await visibleBodies()).toContain('spam one')

    const response = await fetch(`${site.url}/api/messages/${json.message.id}`, { method: 'DELETE', headers: auth(TOKEN) })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ hidden: 1 })
    const bodies = await visibleBodies()
    expect(bodies).not.toContain('spam one')
    expect(bodies).toContain('fine message')

    const again = await fetch(`${site.url}/api/messages/${json.message.id}`, { method: 'DELETE', headers: auth(TOKEN) })
    expect(again.status).toBe(404)
    expect((await again.json()).error.code).toBe('message_not_found')
  })

  it('refuses malformed ids with 400', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999', '1e3', '0x10', ' 1']) {
      const response = await fetch(`${site.url}/api/messages/${id}`, { method: 'DELETE', headers: auth(TOKEN) })
      expect(response.status, id).toBe(400)
      expect((await response.json()).error.code).toBe('invalid_id')
    }
  })

  it('hides everything from one client and pauses them', async () => {
    const troll = '192.0.2.60'
    const first = await post('troll 1', troll)
    await post('troll 2', troll)
    await post('troll 3', troll)
    await post('bystander', '192.0.2.61')

    const response = await fetch(`${site.url}/api/messages/${first.json.message.id}/author`, { method: 'DELETE', headers: auth(TOKEN) })
    expect(await response.json()).toEqual({ hidden: 3, names: 1, ban: { id: expect.any(Number), until: expect.any(String) } })
    const bodies = await visibleBodies()
    expect(bodies.filter(body => body.startsWith('troll'))).toEqual([])
    expect(bodies).toContain('bystander')

    const paused = await post('troll 4', troll)
    expect(paused.status).toBe(403)
    expect(paused.json.error.code).toBe('banned')
    expect((await post('still fine', '192.0.2.61')).status).toBe(201)
  })

  it('the admin behind a banned address is never refused; the ban is listed and lifted, messages restored', async () => {
    const household = '192.0.2.80'
    const mum = await call(site.url, 'POST', '/api/messages', { headers: { 'x-forwarded-for': household }, body: { body: 'household: mum', name: 'mum' } })
    await call(site.url, 'POST', '/api/messages', { headers: { 'x-forwarded-for': household }, body: { body: 'household: kid', name: 'kid' } })
    const adminPost = (body: string) => call(site.url, 'POST', '/api/messages', { headers: { ...auth(TOKEN), 'x-forwarded-for': household }, body: { body } })
    await adminPost('the admin, at home')

    const hidden = await call(site.url, 'DELETE', `/api/messages/${mum.json.message.id}/author`, { headers: auth(TOKEN) })
    expect(hidden).toMatchObject({ status: 200, json: { hidden: 2, names: 2 } })
    const banId = hidden.json.ban.id
    const bodies = await visibleBodies()
    expect(bodies).toContain('the admin, at home')
    expect(bodies).not.toContain('household: kid')

    expect((await post('household: again', household)).json.error.code).toBe('banned')
    // Banned address, past the per-client limit, the same text twice: the admin is not a visitor.
    for (let i = 0; i < 7; i++) {
      const answer = await adminPost('Still on it.')
      expect([answer.status, answer.json.message?.admin], `admin post ${i + 1}`).toEqual([201, true])
    }

    const bans = await call(site.url, 'GET', '/api/bans', { headers: auth(TOKEN) })
    expect(bans.status).toBe(200)
    expect(bans.json.bans.find((ban: { id: number }) => ban.id === banId)).toMatchObject({
      hiddenMessages: 2, names: 2, newest: { body: 'household: kid', name: 'kid' }, until: hidden.json.ban.until,
    })
    expect(JSON.stringify(bans.json)).not.toContain(household)
    expect(JSON.stringify(bans.json)).not.toMatch(/[0-9a-f]{32}/)

    const listed = await call(site.url, 'GET', '/api/messages/hidden', { headers: auth(TOKEN) })
    expect(listed.json.messages.map((message: { body: string }) => message.body)).toEqual(expect.arrayContaining(['household: mum', 'household: kid']))

    expect(await call(site.url, 'POST', `/api/messages/${mum.json.message.id}/restore`, { headers: auth(TOKEN) })).toEqual({ status: 200, json: { restored: 1 } })
    expect(await visibleBodies()).toContain('household: mum')
    const again = await call(site.url, 'POST', `/api/messages/${mum.json.message.id}/restore`, { headers: auth(TOKEN) })
    expect([again.status, again.json.error.code]).toEqual([404, 'message_not_found'])

    expect(await call(site.url, 'DELETE', `/api/bans/${banId}`, { headers: auth(TOKEN) })).toEqual({ status: 200, json: { lifted: 1 } })
    const gone = await call(site.url, 'DELETE', `/api/bans/${banId}`, { headers: auth(TOKEN) })
    expect([gone.status, gone.json.error.code]).toEqual([404, 'ban_not_found'])
    expect((await post('household: free again', household)).status).toBe(201)
  })

  it('the limits are read and changed; bad input is refused with a code and changes nothing', async () => {
    const defaults = { perClient: 5, perClientWindowSeconds: 30, duplicateWindowSeconds: 60, globalPerMinute: 120, retentionSeconds: 1_209_600, banDurationSeconds: 86_400 }
    expect(await call(site.url, 'GET', '/api/limits', { headers: auth(TOKEN) })).toEqual({ status: 200, json: { limits: defaults } })
    const refused: [unknown, Record<string, string>, number, string][] = [
      ['not json', {}, 400, 'invalid_json'],
      ['[5]', {}, 422, 'invalid_type'],
      [{}, {}, 422, 'no_limits'],
      [{ perClient: 0 }, {}, 422, 'invalid_limit'],
      [{ perClient: 1001 }, {}, 422, 'invalid_limit'],
      [{ perClient: 2.5 }, {}, 422, 'invalid_limit'],
      [{ perClient: '5' }, {}, 422, 'invalid_limit'],
      [{ perClient: null }, {}, 422, 'invalid_limit'],
      [{ retentionSeconds: 60 }, {}, 422, 'invalid_limit'],
      [{ banDurationSeconds: -1 }, {}, 422, 'invalid_limit'],
      [{ perClient: 3, per_client: 3 }, {}, 422, 'unknown_limit'],
      ['{"__proto__":{"perClient":1}}', {}, 422, 'unknown_limit'],
      ['perClient=3', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
      [{ perClient: 3, padding: 'x'.repeat(5000) }, {}, 413, 'payload_too_large'],
    ]
    for (const [body, headers, status, code] of refused) {
      const answer = await call(site.url, 'PATCH', '/api/limits', { headers: { ...auth(TOKEN), ...headers }, body })
      expect([answer.status, answer.json.error?.code], JSON.stringify(body).slice(0, 60)).toEqual([status, code])
    }
    expect((await call(site.url, 'GET', '/api/limits', { headers: auth(TOKEN) })).json.limits).toEqual(defaults)

    const changed = await call(site.url, 'PATCH', '/api/limits', { headers: auth(TOKEN), body: { perClient: 1, duplicateWindowSeconds: 0 } })
    try {
      expect(changed).toEqual({ status: 200, json: { limits: { ...defaults, perClient: 1, duplicateWindowSeconds: 0 } } })
      expect((await post('limited once', '192.0.2.90')).status).toBe(201)
      expect((await post('limited twice', '192.0.2.90')).status).toBe(429)
    }
    finally {
      await call(site.url, 'PATCH', '/api/limits', { headers: auth(TOKEN), body: { perClient: 5, duplicateWindowSeconds: 60 } })
    }
    expect((await call(site.url, 'GET', '/api/limits', { headers: auth(TOKEN) })).json.limits).toEqual(defaults)
  })

  it('refuses the new routes without the token (401) and malformed ids (400)', async () => {
    for (const [method, path] of ADMIN_ROUTES) {
      const answer = await call(site.url, method, path, { headers: auth('wrong') })
      expect([answer.status, answer.json.error.code], `${method} ${path}`).toEqual([401, 'unauthorized'])
    }
    for (const [method, path] of [['DELETE', '/api/bans/abc'], ['DELETE', '/api/bans/0'], ['POST', '/api/messages/1.5/restore']] as const) {
      const answer = await call(site.url, method, path, { headers: auth(TOKEN) })
      expect([answer.status, answer.json.error.code], `${method} ${path}`).toEqual([400, 'invalid_id'])
    }
  })

  it('lets the admin hide a message from the page (?admin)', async () => {
    await post('hide me from the page', '192.0.2.70')
    const page = await site.visit('/?admin')
    // Styled like every field of the page (issue 20 item 12), not the browser's white square.
    const field = page.getByLabel('Admin token')
    await expect(field.evaluate(input => [getComputedStyle(input).borderRadius, getComputedStyle(input).backgroundColor])).resolves.toEqual(['8px', 'rgb(247, 247, 248)'])
    await page.getByLabel('Admin token').fill('wrong')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('That token was refused.').waitFor()

    await page.getByLabel('Admin token').fill(TOKEN)
    await page.getByLabel('Admin token').press('Enter')
    // The form is gone; the keyboard stays in the moderation card, not at the page's top (issue 20 item 5).
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/^Signed in for this tab/)
    const item = page.locator('.messages li', { hasText: 'hide me from the page' })
    // Each button names what it hides, the visible word first (issue 20 item 12).
    await item.getByRole('button', { name: /^Hide \(.+: hide me from the page/ }).click()
    await item.waitFor({ state: 'detached' })
    expect(await visibleBodies()).not.toContain('hide me from the page')
  })
})

describe('undo from the page (?admin)', () => {
  const shared = useSite({ env: { NUXT_ADMIN_TOKEN: TOKEN, NUXT_TRUST_PROXY: 'x-forwarded-for' } })

  it('hide all says how many names one address wrote under; the ban is lifted, a message restored and a limit changed', async () => {
    const office = '192.0.2.100'
    for (const [body, name] of [['office: alice', 'alice'], ['office: bob', 'bob'], ['office: anonymous', null]] as const) {
      expect((await call(shared.url, 'POST', '/api/messages', { headers: { 'x-forwarded-for': office }, body: { body, name } })).status).toBe(201)
    }
    const page = await shared.visit('/?admin')
    await page.getByLabel('Admin token').fill(TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('Nobody is paused.').waitFor()
    await page.getByText('No hidden messages.').waitFor()

    await page.locator('.messages li', { hasText: 'office: alice' }).getByRole('button', { name: 'Hide all from this person' }).click()
    await page.getByText('3 messages hidden. They came from one address used under 3 names: people sharing an address (a household, an office, a mobile carrier) cannot be told apart.', { exact: false }).waitFor()
    const ban = page.locator('.admin-bans li')
    await ban.getByText('3 hidden messages from one address, under 3 names.', { exact: false }).waitFor()
    await expect(ban.locator('.name').textContent()).resolves.toBe('Anonymous')
    const hidden = page.locator('.admin-hidden li')
    await expect(hidden.count()).resolves.toBe(3)

    await hidden.filter({ hasText: 'office: bob' }).getByRole('button', { name: 'Restore' }).click()
    await page.locator('.messages li', { hasText: 'office: bob' }).waitFor()
    await ban.getByText('2 hidden messages from one address', { exact: false }).waitFor()
    await page.locator('.admin').screenshot({ path: screenshotPath('moderation-undo-en.png') })
    await ban.getByRole('button', { name: 'Lift ban' }).click()
    await page.getByText('Nobody is paused.').waitFor()
    expect((await call(shared.url, 'POST', '/api/messages', { headers: { 'x-forwarded-for': office }, body: { body: 'office: back' } })).status).toBe(201)

    // Times are edited in seconds and read back in words.
    await expect(page.getByLabel('Messages are kept for (seconds)').getAttribute('aria-describedby')).resolves.toBe('limit-retentionSeconds-readable')
    await expect(page.locator('#limit-retentionSeconds-readable').textContent()).resolves.toBe('14 days')
    await page.getByLabel('Per-person window (seconds)').fill('90')
    await expect(page.locator('#limit-perClientWindowSeconds-readable').textContent()).resolves.toBe('1 minute 30 seconds')
    await page.getByLabel('Per-person window (seconds)').fill('30')
    await page.getByLabel('Messages per person in the window').fill('3')
    await page.getByRole('button', { name: 'Save limits' }).click()
    await page.getByText('Limits saved.').waitFor()
    expect((await call(shared.url, 'GET', '/api/limits', { headers: auth(TOKEN) })).json.limits).toMatchObject({ perClient: 3, perClientWindowSeconds: 30 })
  })
})

// NUXT_* values that look like numbers are parsed by Nuxt: 15 and 16 digits became a
// number (the 16 beyond 2^53 losing its last digit), and posts with the badge failed.
describe.each(['123456789012345', '9007199254740993', '12345678901234567890'])('an all-digit admin token (%s)', (token) => {
  const numeric = useSite({ env: { NUXT_ADMIN_TOKEN: token, NUXT_TRUST_PROXY: 'x-forwarded-for' } })
  const as = (path: string, method: string, body?: unknown, headers: Record<string, string> = auth(token)) => call(numeric.url, method, path, { headers: { ...headers, 'x-forwarded-for': '192.0.2.110' }, body })

  it('works on every admin route, and a near miss is refused', async () => {
    const message = await as('/api/messages', 'POST', { body: 'badge with a numeric token' })
    expect([message.status, message.json.message?.admin]).toEqual([201, true])
    const id = (await as('/api/messages', 'POST', { body: 'a visitor to moderate' }, {})).json.message.id
    const notice = await as('/api/notices', 'POST', { body: 'numeric token update' })
    const steps: [string, string, unknown, number][] = [
      ['GET', '/api/admin/session', undefined, 200],
      ['GET', '/api/stats', undefined, 200],
      ['PATCH', `/api/notices/${notice.json.notice?.id}`, { resolved: true }, 200],
      ['DELETE', `/api/notices/${notice.json.notice?.id}`, undefined, 200],
      ['DELETE', `/api/messages/${id}`, undefined, 200],
      ['GET', '/api/messages/hidden', undefined, 200],
      ['POST', `/api/messages/${id}/restore`, undefined, 200],
      ['DELETE', `/api/messages/${id}/author`, undefined, 200],
      ['GET', '/api/limits', undefined, 200],
      ['PATCH', '/api/limits', { perClient: 5 }, 200],
    ]
    expect(notice.status).toBe(201)
    for (const [method, path, body, status] of steps) {
      expect((await as(path, method, body)).status, `${method} ${path}`).toBe(status)
    }
    const bans = await as('/api/bans', 'GET')
    expect(bans.status).toBe(200)
    expect((await as(`/api/bans/${bans.json.bans[0]?.id}`, 'DELETE')).status).toBe(200)

    const nearMiss = auth(token.slice(0, -1) + (token.endsWith('3') ? '4' : '3'))
    for (const [method, path] of [...ADMIN_ROUTES, ['POST', '/api/messages'] as const]) {
      const answer = await as(path, method, method === 'GET' ? undefined : { body: 'x' }, nearMiss)
      expect([answer.status, answer.json.error?.code], `${method} ${path}`).toEqual([401, 'unauthorized'])
    }
  })
})
