import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { STATUS_PROVIDERS, type StatusProvider } from '../../shared/types/status'
import { createStatusReader } from '../../server/status/status-reader'
import { startFakeStatusPage, type FakeStatusMode, type FakeStatusPage } from '../support/fake-status-page'
import { kumaCapture } from '../support/status-fixtures'

const pages: FakeStatusPage[] = []
async function fake(provider: StatusProvider, pageHeaders?: Record<string, string>) {
  const page = await startFakeStatusPage({ provider, pageHeaders })
  pages.push(page)
  return page
}
let errors: { mock: { calls: unknown[][] } }
beforeEach(() => {
  // Failed reads are logged on purpose; keep the test output for real problems.
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  errors = vi.spyOn(console, 'error').mockImplementation(() => {})
})
const logged = () => errors.mock.calls.map(call => String(call[0]))
afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(pages.splice(0).map(page => page.close()))
})

describe('status reader against fake status pages on loopback', () => {
  it.each(STATUS_PROVIDERS)('detects %s once, then reads only its endpoints', async (provider) => {
    const page = await fake(provider)
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0 })
    const first = await reader.summary()
    expect(first.provider).toBe(provider)
    expect(first.state).toBe('operational')
    expect(first.components.length).toBeGreaterThan(0)
    expect(first.stale).toBe(false)
    expect(Date.parse(first.readAt!)).not.toBeNaN()

    const before = page.requests.length
    await reader.summary()
    expect(reader.stats()).toEqual({ reads: 2, detections: 1 })
    // The second read asks the detected provider only: the same requests as its part of the first.
    const again = page.requests.slice(before).filter(request => !request.endsWith(new URL(page.url).pathname))
    expect(again.every(request => page.requests.slice(0, before).includes(request))).toBe(true)
  })

  it('asks Uptime Kuma past its own 5-minute cache, which a new incident does not clear', async () => {
    const page = await fake('uptime-kuma')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'uptime-kuma', cacheMs: 0 })
    await reader.summary()
    for (const request of ['GET /api/status-page/main', 'GET /api/status-page/heartbeat/main']) {
      expect(page.headersOf(request)?.['x-apicache-bypass'], request).toBe('true')
    }
    expect(page.headersOf('GET /api/status-page/main')?.['user-agent']).toBe('nakanai-status')
  })

  it('skips detection when the provider is forced', async () => {
    const page = await fake('statuspage')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'statuspage', cacheMs: 0 })
    await expect(reader.summary()).resolves.toMatchObject({ provider: 'statuspage', state: 'operational' })
    expect(page.requests.filter(request => request.includes('/api/'))).toEqual(['GET /api/v2/summary.json'])
    expect(reader.stats().detections).toBe(0)
  })

  it('reads once for 100 concurrent callers, and not again within the window', async () => {
    const page = await fake('uptime-kuma')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'uptime-kuma', cacheMs: 30_000 })
    const answers = await Promise.all(Array.from({ length: 100 }, () => reader.summary()))
    expect(new Set(answers).size).toBe(1)
    await reader.summary()
    expect(page.reads()).toBe(1)
    expect(reader.stats().reads).toBe(1)
  })

  it('readSoon ends the window early, but keeps reads its gap apart however many ask (issue 20 item 3)', async () => {
    const page = await fake('uptime-kuma')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'uptime-kuma', cacheMs: 30_000 })
    await reader.summary()
    // Read a moment ago: with a gap of 300 ms, not yet; once it has passed, yes.
    reader.readSoon(300)
    await reader.summary()
    expect(page.reads()).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 350))
    await reader.summary()
    expect(page.reads()).toBe(2)
    // A gap already passed: the next call reads, and 100 callers share that one read.
    reader.readSoon(0)
    await Promise.all(Array.from({ length: 100 }, () => reader.summary()))
    expect(page.reads()).toBe(3)
    await reader.summary()
    expect(page.reads()).toBe(3)
  })

  it('never starts a second read while one is under way, even with no cache window', async () => {
    const page = await fake('statuspage')
    page.setMode('hang')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'statuspage', cacheMs: 0, timeoutMs: 500 })
    await Promise.all([reader.summary(), new Promise(resolve => setTimeout(resolve, 100)).then(() => reader.summary())])
    expect(page.reads()).toBe(1)
  })

  it('a poll waits for the first read only; later ones answer at once while a read is under way', async () => {
    const page = await fake('statuspage')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'statuspage', cacheMs: 0, timeoutMs: 1000 })
    await expect(reader.summaryWithin(1000)).resolves.toMatchObject({ state: 'operational', stale: false })
    page.setMode('hang')
    const started = Date.now()
    await expect(reader.summaryWithin(1000)).resolves.toMatchObject({ state: 'operational', stale: false })
    expect(Date.now() - started).toBeLessThan(100)
    await reader.summary()
    expect(reader.current().stale).toBe(true)
  })

  it('checks framing with every read (one request per window): a page that starts refusing frames loses its frame, one that starts allowing them gets it', async () => {
    const page = await fake('uptime-kuma', { 'x-frame-options': 'SAMEORIGIN' })
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0 })
    expect((await reader.summary()).frameable).toBe(false)
    // Kuma restarted with UPTIME_KUMA_DISABLE_FRAME_SAMEORIGIN=1: no header at all.
    page.setPageHeaders({})
    expect((await reader.summary()).frameable).toBe(true)
    // Back to refusing, this time through CSP.
    page.setPageHeaders({ 'content-security-policy': 'frame-ancestors \'none\'' })
    expect((await reader.summary()).frameable).toBe(false)
    expect(page.pageReads()).toBe(3)
    expect(reader.stats().reads).toBe(3)
  })

  it('a framing check that fails means no frame, even after one that allowed it', async () => {
    const page = await fake('gatus')
    let check = async () => true
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0, checkFraming: () => check() })
    expect((await reader.summary()).frameable).toBe(true)
    check = async () => {
      throw new Error('status page answered 502')
    }
    expect((await reader.summary()).frameable).toBe(false)
  })

  it('checks framing at most once per window, however many callers', async () => {
    const page = await fake('uptime-kuma')
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 30_000 })
    await Promise.all(Array.from({ length: 20 }, () => reader.summary()))
    await reader.summary()
    expect(page.pageReads()).toBe(1)
  })

  it('a page without framing headers may be framed', async () => {
    const page = await fake('gatus')
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0 })
    expect((await reader.summary()).frameable).toBe(true)
  })

  const HOSTILE: FakeStatusMode[] = ['hang', 'endless', 'huge', 'invalid-json', 'wrong-types', 'redirect-away', 'error']

  it.each(HOSTILE)('%s: "unknown" with no good read yet, within the deadline', async (mode) => {
    const page = await fake('statuspage')
    page.setMode(mode)
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0, timeoutMs: 800 })
    const started = Date.now()
    const summary = await reader.summary()
    expect(Date.now() - started).toBeLessThan(1500)
    expect(summary).toMatchObject({ provider: null, state: 'unknown', components: [], readAt: null, stale: false })
    expect(page.awayHits()).toBe(0)
  })

  it.each(HOSTILE)('%s: the last good summary, marked stale, with its age', async (mode) => {
    const page = await fake('uptime-kuma')
    page.setCase('incident')
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0, timeoutMs: 800 })
    const good = await reader.summary()
    expect(good.incidents[0]!.title).toBe('Web is down')
    page.setMode(mode)
    const kept = await reader.summary()
    expect(kept).toMatchObject({ provider: 'uptime-kuma', state: good.state, components: good.components, incidents: good.incidents, readAt: good.readAt, stale: true })
    expect(page.awayHits()).toBe(0)
    page.setMode('ok')
    await expect(reader.summary()).resolves.toMatchObject({ stale: false })
  })

  it('a wrong slug: "unreadable" on the page, and the log says what each provider\'s read got, once', async () => {
    const page = await fake('uptime-kuma')
    const wrong = page.url.replace('/status/main', '/status/mian')
    const reader = createStatusReader({ pageUrl: wrong, cacheMs: 0, timeoutMs: 800 })
    const summary = await reader.summary()
    expect(summary).toMatchObject({ provider: null, state: 'unknown', readAt: null, stale: false, unreadable: true, pageUrl: wrong })
    expect(logged()).toHaveLength(1)
    const line = logged()[0]!
    expect(line).toContain(`could not read the status page ${wrong}`)
    expect(line).toContain('uptime-kuma: /api/status-page/mian answered 404')
    expect(line).toContain('statuspage: /api/v2/summary.json answered 404')
    expect(line).toContain('gatus: /api/v1/endpoints/statuses answered 404')
    // The same failure again within the minute is not said again.
    await reader.summary()
    expect(logged()).toHaveLength(1)
  })

  it('a wrong slug on Kuma 1.23, which never answers it (captured: uptime-kuma-1.23.16.json responses.wrong-slug): "unreadable", and the log says so', async () => {
    expect(kumaCapture('1.23.16').responses['wrong-slug']!['/api/status-page/mian']!.error).toMatch(/no answer/)
    const page = await fake('uptime-kuma')
    page.setMode('hang')
    const wrong = page.url.replace('/status/main', '/status/mian')
    const reader = createStatusReader({ pageUrl: wrong, cacheMs: 0, timeoutMs: 500 })
    await expect(reader.summary()).resolves.toMatchObject({ provider: null, state: 'unknown', unreadable: true, pageUrl: wrong })
    expect(logged()[0]).toContain('uptime-kuma: /api/status-page/mian: no complete answer before the deadline (timeout)')
  })

  it.each<[FakeStatusMode, string]>([
    ['hang', 'no complete answer before the deadline (timeout)'],
    ['invalid-json', 'is not JSON'],
    ['error', 'answered 500'],
  ])('%s: the log names it per provider (%s)', async (mode, says) => {
    const page = await fake('statuspage')
    page.setMode(mode)
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0, timeoutMs: 500 })
    await expect(reader.summary()).resolves.toMatchObject({ unreadable: true })
    expect(logged()[0]).toContain(`statuspage: /api/v2/summary.json${mode === 'hang' ? ':' : ''} ${says}`)
  })

  it('a forced provider that cannot be read is named with what its read got', async () => {
    const page = await fake('statuspage')
    page.setMode('error')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'statuspage', cacheMs: 0 })
    await expect(reader.summary()).resolves.toMatchObject({ unreadable: true })
    expect(logged()[0]).toContain('statuspage: /api/v2/summary.json answered 500')
  })

  it('"unreadable" ends with the first good read, and a later failure is "stale" instead', async () => {
    const page = await fake('statuspage')
    page.setMode('error')
    const reader = createStatusReader({ pageUrl: page.url, cacheMs: 0 })
    await expect(reader.summary()).resolves.toMatchObject({ unreadable: true })
    page.setMode('ok')
    expect(await reader.summary()).not.toHaveProperty('unreadable')
    page.setMode('error')
    const failed = await reader.summary()
    expect(failed.stale).toBe(true)
    expect(failed).not.toHaveProperty('unreadable')
  })

  it('follows a redirect that stays on the status page\'s host', async () => {
    const page = await fake('statuspage')
    page.setMode('redirect-here')
    const reader = createStatusReader({ pageUrl: page.url, provider: 'statuspage', cacheMs: 0 })
    await expect(reader.summary()).resolves.toMatchObject({ provider: 'statuspage', state: 'operational', stale: false })
    expect(page.requests).toContain('GET /moved/api/v2/summary.json')
  })
})
