import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startCountingProxy, type CountingProxy } from '../../bench/lib/counting-proxy.mjs'
import { guideNginxBlock, runnableGuideBlock } from '../../bench/lib/guide-nginx.mjs'
import { STATS_TOKEN } from '../support/build'
import { CaddyDir, runnableGuideCaddyBlock } from '../support/caddy'
import type { Daemon } from '../support/daemon'
import { send, type Reply } from '../support/fronts'
import { NginxPrefix } from '../support/nginx'
import { freePort, startServer, type RunningServer } from '../support/server'

// The page's own server blocks from the guides, read from them and run in front of the
// built server: nginx's from deploy/self-host.md (step 4), with a counting forwarder
// between them (what reaches nakanai is what the cache let through), and Caddy's from
// caddy/README.md. Both compress the HTML and JSON that the bare server sends as is.

const WINDOW_S = 2
const CROWD_S = 5

let server: RunningServer
let counter: CountingProxy
let prefix: NginxPrefix
let nginx: Daemon
let url: string
let caddyDir: CaddyDir
let caddy: Daemon

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
  caddyDir = await CaddyDir.create()
  const caddyPort = await freePort()
  await caddyDir.writeCaddyfile(runnableGuideCaddyBlock({ port: caddyPort, upstream: new URL(server.url).host }))
  caddy = await caddyDir.start(caddyPort)
})

afterAll(async () => {
  await caddy?.stop()
  await caddyDir?.remove()
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

/** A GET on `port` (127.0.0.1) with the Host that server answers, as a browser asking for gzip. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return send(port, { method: 'GET', path, headers: { 'Host': `127.0.0.1:${port}`, 'Accept': 'text/html,application/json;q=0.9,*/*;q=0.8', 'Accept-Encoding': 'gzip', ...headers } })
}

const portOf = (address: string) => Number(new URL(address).port)
/** The page without the time it was rendered at (a millisecond timestamp in its payload). */
const withoutRenderTime = (html: string) => html.replace(/\d{12,}/g, '<time>')
/** An ETag without its weak marker: what nakanai compares (server/utils/etag.ts). */
const strong = (etag: string | undefined) => etag?.replace(/^W\//, '')

describe.each([
  ['nginx (deploy/self-host.md)', () => portOf(url)],
  ['Caddy (caddy/README.md)', () => caddy.port],
])('the guide\'s block for the page on %s compresses', (_name, frontPort) => {
  it('the page and /api/state, which the bare server sends uncompressed, to what the server sent', async () => {
    // A state the size of a real outage's (a few visitors' messages): Caddy leaves answers
    // under 512 bytes as they are, where compressing gains next to nothing.
    for (let i = 1; (await get(portOf(server.url), '/api/state')).raw.length < 1024; i++) {
      // Each from a visitor of its own (the server trusts X-Forwarded-For here), under the per-visitor limit.
      const posted = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}` }, body: JSON.stringify({ body: `Waiting for the timeline to come back (${i}).` }) })
      expect(posted.status, await posted.text()).toBe(201)
    }
    for (const path of ['/', '/api/state']) {
      // nginx's cache may still answer the state before those messages (for its 2 s
      // window and while it refreshes): read both until they are of one state.
      const { direct, through } = await vi.waitFor(async () => {
        const pair = { direct: await get(portOf(server.url), path), through: await get(frontPort(), path) }
        expect(pair.through.headers['content-encoding'], path).toBe('gzip')
        const decompressed = gunzipSync(pair.through.raw).toString('utf8')
        if (path === '/') expect(withoutRenderTime(decompressed)).toBe(withoutRenderTime(pair.direct.body))
        else expect(strong(pair.through.headers.etag)).toBe(strong(pair.direct.headers.etag))
        return pair
      }, { timeout: 15_000, interval: 100 })
      expect(direct.status, path).toBe(200)
      expect(direct.headers['content-encoding'], path).toBeUndefined()
      expect(through.status, path).toBe(200)
      expect(through.headers.vary, path).toMatch(/accept-encoding/i)
      expect(through.raw.length, path).toBeLessThan(direct.raw.length / 2)
      const sent = gunzipSync(through.raw).toString('utf8')
      expect(path === '/' ? withoutRenderTime(sent) : sent, path).toBe(path === '/' ? withoutRenderTime(direct.body) : direct.body)
    }
  })

  it('and a poll that sends back the ETag it got still gets 304', async () => {
    for (const authorization of [undefined, `Bearer ${STATS_TOKEN}`]) {
      // An admin's poll (Authorization) passes the cache and reaches nakanai itself.
      const extra: Record<string, string> = authorization ? { authorization } : {}
      // Unless the state moved on between the two requests (then the second is a 200).
      const revalidated = await vi.waitFor(async () => {
        const first = await get(frontPort(), '/api/state', extra)
        expect(first.headers.etag).toBeTruthy()
        const second = await get(frontPort(), '/api/state', { ...extra, 'If-None-Match': first.headers.etag! })
        expect(second.status, authorization ?? 'anonymous').toBe(304)
        return second
      }, { timeout: 15_000, interval: 100 })
      expect(revalidated.raw.length).toBe(0)
    }
  })
})
