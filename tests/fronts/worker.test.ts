import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Response as WorkerResponse } from 'miniflare'
import { downPageLocation } from '../../cloudflare/src/answers'
import { HEALTH_CACHE_PATH, HEALTH_CHECK_SECONDS } from '../../cloudflare/src/health-cache-entry'
import { readFromParam } from '../../shared/utils/return-url'
import { useFakeMisskey } from '../support/fake-misskey'
import { HOST, send, startWorkerFront, type Front } from '../support/fronts'
import { useStarted } from '../support/use-started'
import { WORKER_SOURCE_DIR, readWranglerToml, startWorker, type RunningWorker } from '../support/worker'
import { CASES, DOWN_PAGE, HTML, expectReply } from './scenarios'

// What only the Worker has: Cloudflare's own answers for a dead origin (52x), the health
// check that keeps edge-cached pages from being served while the instance is dead, and
// that check's rate. The request table itself runs on every front in table.test.ts.

/** Cloudflare's answers when it cannot reach the origin (refused, timed out, TLS, Tunnel). */
const CLOUDFLARE_DOWN = [520, 521, 522, 523, 524, 525, 526, 527, 530]

describe('wrangler.toml', () => {
  it('names the Worker\'s entry file and sets DOWN_PAGE_URL under [vars]', async () => {
    const settings = await readWranglerToml()
    expect(existsSync(join(WORKER_SOURCE_DIR, settings.main))).toBe(true)
    expect(settings.downPageUrl).toBe(DOWN_PAGE)
    expect(settings.compatibilityDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})

describe('the down page address', () => {
  it('gets &from= when DOWN_PAGE_URL has a query of its own', () => {
    const location = downPageLocation('https://down.example.org/?lang=ja', new URL('https://misskey.example/@bob?x=1&y=2'))
    expect(location).toBe('https://down.example.org/?lang=ja&from=/@bob?x=1&y=2')
    expect(readFromParam(new URL(location).search)).toBe('/@bob?x=1&y=2')
  })
})

describe('Cloudflare answering for a dead origin', () => {
  const upstream = useFakeMisskey()
  const worker: Front = useStarted(() => startWorkerFront(upstream), front => front.stop())

  it.each(CLOUDFLARE_DOWN.map(status => [status]))('origin fetch answered %s: every request gets the down answer', async (status) => {
    await worker.setMode(status)
    const replies = await Promise.all(CASES.map(c => send(worker.port, c)))
    for (const [i, c] of CASES.entries()) expectReply('worker', c, status, replies[i]!)
  })
})

describe('pages cached at the edge ("cache everything")', () => {
  /** What the origin, as the Worker's fetch sees it, is doing. */
  let healthz = 200
  const asked = { healthz: 0, pages: 0 }
  let worker: RunningWorker

  beforeAll(async () => {
    // Cloudflare's cache answers the Worker's page fetches with the cached app shell
    // whatever state the origin is in; only /healthz (fetched with no-store) reaches it.
    worker = await startWorker(HOST, async (request: Request) => {
      const url = new URL(request.url)
      if (url.pathname === '/healthz') {
        asked.healthz++
        return new WorkerResponse(healthz === 200 ? 'ok' : `error ${healthz}`, { status: healthz })
      }
      if (url.pathname.startsWith('/api/')) return new WorkerResponse('error code: 521', { status: 521 })
      asked.pages++
      return new WorkerResponse('<!doctype html><title>Misskey</title><p>cached shell', { headers: { 'Content-Type': 'text/html', 'CF-Cache-Status': 'HIT' } })
    })
  })

  afterAll(async () => {
    await worker?.stop()
  })

  async function pages(count: number): Promise<number[]> {
    const statuses: number[] = []
    const base = `http://127.0.0.1:${worker.port}`
    // 50 at a time, as a crowd arriving together.
    for (let sent = 0; sent < count; sent += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, count - sent) }, (_, i) =>
        fetch(`${base}/notes/${sent + i}?x=1`, { headers: { Accept: HTML }, redirect: 'manual' }).then(async (r) => {
          await r.arrayBuffer()
          return r.status
        })))
      statuses.push(...batch)
    }
    return statuses
  }

  it('serves the cached page while /healthz says up, and redirects while it says down', async () => {
    healthz = 200
    await worker.forgetHealth()
    const up = await fetch(`http://127.0.0.1:${worker.port}/@alice`, { headers: { Accept: HTML }, redirect: 'manual' })
    expect(up.status).toBe(200)
    expect(await up.text()).toContain('cached shell')

    healthz = 500
    await worker.forgetHealth()
    const pagesBefore = asked.pages
    const down = await fetch(`http://127.0.0.1:${worker.port}/@alice?tab=notes`, { headers: { Accept: HTML }, redirect: 'manual' })
    expect(down.status).toBe(302)
    expect(down.headers.get('location')).toBe(`${DOWN_PAGE}?from=/@alice?tab=notes`)
    // The cached shell was not even asked for.
    expect(asked.pages).toBe(pagesBefore)
    // The API is not cached ("everything except /api/*"): Cloudflare's 521 → 503 JSON.
    const api = await fetch(`http://127.0.0.1:${worker.port}/api/meta`, { method: 'POST', body: '{}' })
    expect(api.status).toBe(503)
    expect(api.headers.get('retry-after')).toBe('30')
  })

  // Mastodon, GoToSocial and Akkoma have no /healthz: their 404 says the server answers.
  it('counts an origin that answers /healthz with 404 (not Misskey) as up', async () => {
    healthz = 404
    await worker.forgetHealth()
    const page = await fetch(`http://127.0.0.1:${worker.port}/@alice`, { headers: { Accept: HTML }, redirect: 'manual' })
    expect(page.status).toBe(200)
    expect(await worker.cachedHealth()).toMatchObject({ value: 'up' })
  })

  it.each([['up', 200, 200], ['down', 521, 302]] as const)('1,000 page requests while the origin is %s cost at most a handful of health checks', async (_state, status, expected) => {
    healthz = status
    await worker.forgetHealth()
    const before = asked.healthz
    const statuses = await pages(1000)
    expect(statuses.filter(s => s !== expected)).toEqual([])
    const checks = asked.healthz - before
    expect(checks).toBeGreaterThanOrEqual(1)
    expect(checks).toBeLessThanOrEqual(3)
  })

  it('keeps each answer for 10 s in the location\'s cache', async () => {
    expect(HEALTH_CHECK_SECONDS).toBe(10)
    expect(HEALTH_CACHE_PATH).toMatch(/^\/\.nakanai\//)
    expect(await worker.cachedHealth()).toEqual({ value: 'down', cacheControl: 'max-age=10' })
  })
})
