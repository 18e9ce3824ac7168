import { describe, expect, it } from 'vitest'
import { readStats, STATS_TOKEN } from '../support/build'
import { useFakeInstance } from '../support/fake-instance'
import { readCacheExpired } from '../support/read-cache'
import { useSite } from '../support/site'
import type { PageState } from '../../shared/types/page-state'

const POLL_MS = 700

describe('GET /api/state: the one read the page polls', () => {
  const fake = useFakeInstance('healthy')
  const site = useSite(() => ({
    env: {
      NUXT_PUBLIC_INSTANCE_URL: fake.url,
      NUXT_PUBLIC_POLL_INTERVAL_MS: String(POLL_MS),
      NUXT_TRUST_PROXY: 'x-forwarded-for',
      NUXT_ADMIN_TOKEN: STATS_TOKEN,
    },
  }))

  const stats = async () => (await readStats(site.url)) as { storeReads: number, probes: number }
  const state = () => fetch(`${site.url}/api/state`)

  it('brings messages and the instance state together, with one ETag and 304s', async () => {
    const posted = await fetch(`${site.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.40' },
      body: JSON.stringify({ body: 'in the state' }),
    })
    expect(posted.status).toBe(201)
    const response = await state()
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=2, stale-while-revalidate=10')
    const body = await response.json() as PageState
    expect(body.messages?.[0]?.body).toBe('in the state')
    expect(body.instance.state).toBe('up')
    const etag = response.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]{22}"$/)
    const again = await fetch(`${site.url}/api/state`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  it('changes its ETag when the instance state changes', async () => {
    const before = (await state()).headers.get('etag')
    await fake.setMode('unhealthy')
    await expect.poll(async () => ((await (await state()).json()) as PageState).instance.state, { timeout: 15_000, interval: 500 }).toBe('down')
    expect((await state()).headers.get('etag')).not.toBe(before)
    await fake.setMode('healthy')
  })

  it('answers 200 concurrent polls with at most 2 store reads and 1 probe', async () => {
    await readCacheExpired(site.url)
    const before = await stats()
    const answers = await Promise.all(Array.from({ length: 200 }, () => state()))
    expect(answers.every(answer => answer.status === 200)).toBe(true)
    expect(new Set(answers.map(answer => answer.headers.get('etag'))).size).toBe(1)
    const after = await stats()
    console.info(`[figure] 200 concurrent /api/state polls: ${after.storeReads - before.storeReads} store read(s), ${after.probes - before.probes} probe(s)`)
    expect(after.storeReads - before.storeReads).toBeLessThanOrEqual(2)
    expect(after.probes - before.probes).toBeLessThanOrEqual(1)
  })

  it('costs a visitor one request per poll interval', async () => {
    const page = await site.visitor()
    const requests: string[] = []
    page.on('request', (request) => {
      const { pathname } = new URL(request.url())
      if (pathname.startsWith('/api/')) requests.push(pathname)
    })
    await page.goto(site.url)
    await page.waitForFunction(() => Boolean((window as unknown as { useNuxtApp?: unknown }).useNuxtApp) || document.readyState === 'complete')
    await page.waitForTimeout(POLL_MS * 4 + POLL_MS / 2)
    console.info(`[figure] API requests by one visitor in ${POLL_MS * 4.5} ms with a ${POLL_MS} ms poll: ${requests.length} (${[...new Set(requests)].join(', ')})`)
    expect(new Set(requests)).toEqual(new Set(['/api/state']))
    expect(requests.length).toBeGreaterThanOrEqual(3)
    expect(requests.length).toBeLessThanOrEqual(5)
    await page.context().close()
  })
})
