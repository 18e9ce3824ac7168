import { describe, expect, it } from 'vitest'
import { useSite } from '../support/site'

const TOKEN = 'correct horse battery staple'
const site = useSite({ env: { NUXT_ADMIN_TOKEN: TOKEN, NUXT_TRUST_PROXY: 'x-forwarded-for' } })

const auth = (token: string) => ({ authorization: `Bearer ${token}` })

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

  it('has no admin routes at all (404)', async () => {
    const routes = [
      ['DELETE', '/api/messages/1'], ['DELETE', '/api/messages/1/author'], ['GET', '/api/admin/session'], ['GET', '/api/stats'],
      ['POST', '/api/notices'], ['PATCH', '/api/notices/1'], ['DELETE', '/api/notices/1'],
    ] as const
    for (const [method, path] of routes) {
      const response = await fetch(`${plain.url}${path}`, { method, headers: auth('anything') })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect((await response.json()).error.code).toBe('not_found')
    }
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
    expect(await response.json()).toEqual({ hidden: 3 })
    const bodies = await visibleBodies()
    expect(bodies.filter(body => body.startsWith('troll'))).toEqual([])
    expect(bodies).toContain('bystander')

    const paused = await post('troll 4', troll)
    expect(paused.status).toBe(403)
    expect(paused.json.error.code).toBe('banned')
    expect((await post('still fine', '192.0.2.61')).status).toBe(201)
  })

  it('lets the admin hide a message from the page (?admin)', async () => {
    await post('hide me from the page', '192.0.2.70')
    const page = await site.visit('/?admin')
    await page.getByLabel('Admin token').fill('wrong')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('That token was refused.').waitFor()

    await page.getByLabel('Admin token').fill(TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const item = page.locator('.messages li', { hasText: 'hide me from the page' })
    await item.getByRole('button', { name: 'Hide', exact: true }).click()
    await item.waitFor({ state: 'detached' })
    expect(await visibleBodies()).not.toContain('hide me from the page')
  })
})
