import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCountingProxy, type CountingProxy } from '../../bench/lib/counting-proxy.mjs'
import { guideNginxBlock, runnableGuideBlock } from '../../bench/lib/guide-nginx.mjs'
import { STATS_TOKEN } from '../support/build'
import type { Daemon } from '../support/daemon'
import { NginxPrefix } from '../support/nginx'
import { freePort, startServer, type RunningServer } from '../support/server'

// The page's own server block from deploy/self-host.md (step 4), read from the guide
// and run on real nginx in front of the built server, with a counting forwarder
// between them: what reaches nakanai is what the cache let through.

const WINDOW_S = 2
const CROWD_S = 5

let server: RunningServer
let counter: CountingProxy
let prefix: NginxPrefix
let nginx: Daemon
let url: string

beforeAll(async () => {
  server = await startServer({ env: { NUXT_TRUST_PROXY: 'x-forwarded-for', NUXT_ADMIN_TOKEN: STATS_TOKEN } })
  counter = await startCountingProxy(server.url)
  prefix = await NginxPrefix.create()
  const port = await freePort()
  const { text, changed } = runnableGuideBlock({ port, redirectPort: await freePort(), upstream: `127.0.0.1:${counter.port}`, cacheDir: prefix.path('cache') })
  // Only the listen and TLS lines, the address of nakanai and the cache's folder differ from the guide.
  expect(changed.every(line => /^\s*(listen|ssl_\w+|proxy_pass|proxy_cache_path)\b/.test(line)), changed.join('\n')).toBe(true)
  expect(guideNginxBlock()).toContain('proxy_cache_lock on;')
  await prefix.writeMainConfig(text)
  nginx = await prefix.start(port)
  url = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await nginx?.stop()
  await counter?.stop()
  await server?.dispose()
  await prefix?.remove()
})

describe('the guide\'s nginx block for the page, with its cache', () => {
  it(`lets through at most one poll per ${WINDOW_S} s window, however many poll`, async () => {
    const before = counter.requests.length
    const statuses = new Map<number, number>()
    const endsAt = performance.now() + CROWD_S * 1000
    // 20 visitors polling back to back: thousands of polls in the window.
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (performance.now() < endsAt) {
        const response = await fetch(`${url}/api/state`)
        await response.arrayBuffer()
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      }
    }))
    const polls = [...statuses.values()].reduce((sum, count) => sum + count, 0)
    expect([...statuses.keys()]).toEqual([200])
    expect(polls).toBeGreaterThan(200)
    // The first miss, then one refresh per window at most (nginx counts whole seconds).
    expect(counter.matching('GET', '/api/state', before).length).toBeLessThanOrEqual(Math.ceil(CROWD_S / WINDOW_S) + 1)
  }, 30_000)

  it('passes every POST to nakanai, never answering one from the cache', async () => {
    const before = counter.requests.length
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: `through nginx ${i}` }) })
      expect(response.status).toBe(201)
    }
    expect(counter.matching('POST', '/api/messages', before)).toHaveLength(3)
  })

  it('passes every request with Authorization to nakanai and keeps none of their answers', async () => {
    const before = counter.requests.length
    // A URL nobody polled yet: an answer kept from an admin's request would be a HIT below.
    const path = '/api/state?admin-check'
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${STATS_TOKEN}` } })
      expect(response.status).toBe(200)
      expect(response.headers.get('x-cache-status')).toBe('BYPASS')
    }
    expect(counter.matching('GET', '/api/state', before).filter(note => note.authorized)).toHaveLength(3)
    const anonymous = await fetch(`${url}${path}`)
    expect(anonymous.headers.get('x-cache-status')).toBe('MISS')
    expect(counter.matching('GET', '/api/state', before).filter(note => !note.authorized)).toHaveLength(1)
  })
})
