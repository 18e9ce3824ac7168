import { beforeAll, describe, expect, it } from 'vitest'
import { readStats, STATS_TOKEN } from '../support/build'
import { readCacheExpired } from '../support/read-cache'
import { useSite } from '../support/site'

const site = useSite({ env: { NUXT_TRUST_PROXY: 'x-forwarded-for', NUXT_ADMIN_TOKEN: STATS_TOKEN } })
beforeAll(() => {
  console.info(`[figure] fresh database: first answer ${Math.round(site.server.readyMs)} ms after process start`)
})
let clientNumber = 0

/** Every test posts as its own client (its own rate limit), via the trusted proxy header. */
function newClient() {
  clientNumber++
  return `198.51.100.${clientNumber}`
}

function post(body: BodyInit, contentType: string | null, client: string, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': client, ...extraHeaders }
  if (contentType) headers['content-type'] = contentType
  return fetch(`${site.url}/api/messages`, { method: 'POST', body, headers, redirect: 'manual' })
}

const postJson = (value: unknown, client = newClient()) => post(JSON.stringify(value), 'application/json', client)

async function readMessages() {
  const response = await fetch(`${site.url}/api/messages`)
  return (await response.json()).messages as { id: number, body: string, name: string | null, createdAt: string }[]
}

async function storeReads(): Promise<number> {
  return (await readStats(site.url)).storeReads
}

describe('POST then GET /api/messages', () => {
  it('stores a message and returns it with 201', async () => {
    const response = await postJson({ body: '  hello 世界 👋 ', name: 'ann' })
    expect(response.status).toBe(201)
    const { message } = await response.json()
    expect(message).toMatchObject({ body: 'hello 世界 👋', name: 'ann' })
    expect(typeof message.id).toBe('number')
    expect(Date.parse(message.createdAt)).toBeGreaterThan(Date.now() - 60_000)

    const messages = await readMessages()
    expect(messages[0]).toEqual(message)
  })

  it('lists newest first with the documented cache headers', async () => {
    const client = newClient()
    await postJson({ body: 'older' }, client)
    await postJson({ body: 'newer' }, client)
    const response = await fetch(`${site.url}/api/messages`)
    expect(response.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=2, stale-while-revalidate=10')
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/)
    const { messages } = await response.json()
    expect(messages.slice(0, 2).map((m: { body: string }) => m.body)).toEqual(['newer', 'older'])
  })

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`${site.url}/api/messages`)
    const etag = first.headers.get('etag')!
    const second = await fetch(`${site.url}/api/messages`, { headers: { 'if-none-match': etag } })
    expect(second.status).toBe(304)
    expect(await second.text()).toBe('')
  })
})

describe('unknown API routes', () => {
  it.each(['/api/nope', '/api', '/api/', '/api/messages/1/nope'])('answer %s with a JSON 404', async (path) => {
    const response = await fetch(`${site.url}${path}`, { method: 'DELETE' })
    expect(response.status).toBe(404)
    expect((await response.json()).error.code).toBe('not_found')
  })
})

describe('limits', () => {
  it('refuses the 6th message within 30 s with 429 and Retry-After', async () => {
    const client = newClient()
    for (let i = 0; i < 5; i++) expect((await postJson({ body: `burst ${i}` }, client)).status).toBe(201)
    const refused = await postJson({ body: 'burst 5' }, client)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(30)
    expect((await refused.json()).error.code).toBe('rate_limited')
    // Another client is not affected.
    expect((await postJson({ body: 'burst 5' })).status).toBe(201)
  })

  it('refuses the same text from the same client within a minute', async () => {
    const client = newClient()
    expect((await postJson({ body: 'same' }, client)).status).toBe(201)
    const again = await postJson({ body: ' same ' }, client)
    expect(again.status).toBe(422)
    expect((await again.json()).error.code).toBe('duplicate')
  })
})

describe('the in-process read cache', () => {
  it('serves a burst of 200 GETs with at most 2 store reads', async () => {
    await readCacheExpired(site.url)
    const before = await storeReads()
    const responses = await Promise.all(Array.from({ length: 200 }, () => fetch(`${site.url}/api/messages`)))
    expect(responses.every(response => response.status === 200)).toBe(true)
    const reads = await storeReads() - before
    console.info(`[figure] 200 concurrent GETs caused ${reads} store read(s)`)
    expect(reads).toBeGreaterThanOrEqual(1)
    expect(reads).toBeLessThanOrEqual(2)
  })

  it('a POST makes the next GET fresh', async () => {
    await readMessages()
    const { message } = await (await postJson({ body: 'fresh after post' })).json()
    expect((await readMessages())[0]!.id).toBe(message.id)
  })
})

describe('form posts without JavaScript', () => {
  const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }

  it('stores the message and redirects back to the page, keeping from', async () => {
    const from = 'https://misskey.example/notes/abc?x=1&y=2'
    const response = await post(`body=${encodeURIComponent('from a form')}&name=bob&from=${encodeURIComponent(from)}`, 'application/x-www-form-urlencoded', newClient(), BROWSER)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/?from=${encodeURIComponent(from)}#chat`)
    expect((await readMessages())[0]).toMatchObject({ body: 'from a form', name: 'bob' })
  })

  it('sends the text and the error back when refused', async () => {
    const response = await post(`body=${encodeURIComponent('  ')}`, 'application/x-www-form-urlencoded', newClient(), BROWSER)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/?error=body_required&draft=%20%20#chat')
  })

  it('answers other form clients with JSON', async () => {
    const response = await post('body=from+curl', 'application/x-www-form-urlencoded', newClient())
    expect(response.status).toBe(201)
    expect((await response.json()).message.body).toBe('from curl')
  })
})

describe('client address', () => {
  const direct = useSite()

  it('ignores X-Forwarded-For unless configured to trust it', async () => {
    const send = (client: string, i: number) => fetch(`${direct.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ body: `spoof ${i}` }),
    })
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await send(`203.0.113.${i}`, i)).status)
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429])
  })
})

describe('restart', () => {
  it('keeps the messages', async () => {
    const { message } = await (await postJson({ body: 'survives a restart' })).json()
    const restarted = await site.restart()
    console.info(`[figure] existing database: first answer ${Math.round(restarted.readyMs)} ms after process start`)
    expect((await readMessages()).some(m => m.id === message.id && m.body === 'survives a restart')).toBe(true)
  })
})
