import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STATUS_PROVIDERS, type StatusSummary } from '../../shared/types/status'
import { startFakeStatusPage, type FakeStatusMode, type FakeStatusPage } from '../support/fake-status-page'
import { startServer, type RunningServer } from '../support/server'

interface StateWithStatus { status: StatusSummary | null }

async function statusOf(server: RunningServer): Promise<StatusSummary | null> {
  const response = await fetch(`${server.url}/api/state`)
  expect(response.status).toBe(200)
  return (await response.json() as StateWithStatus).status
}

/** The status once the server has read it (the first poll may answer before the read ends). */
async function readStatus(server: RunningServer, done: (status: StatusSummary) => boolean): Promise<StatusSummary> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const status = await statusOf(server)
    if (status && done(status)) return status
    if (Date.now() > deadline) throw new Error(`status never settled: ${JSON.stringify(status)}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

async function page(server: RunningServer): Promise<{ html: string, ms: number }> {
  const started = Date.now()
  const response = await fetch(server.url)
  const html = await response.text()
  expect(response.status).toBe(200)
  return { html, ms: Date.now() - started }
}

describe('status page detection on the built server', () => {
  const running: { fake: FakeStatusPage, server: RunningServer }[] = []

  beforeAll(async () => {
    // One fake status page and one nakanai per provider, started together.
    running.push(...await Promise.all(STATUS_PROVIDERS.map(async (provider) => {
      const fake = await startFakeStatusPage({ provider })
      const server = await startServer({ env: { NUXT_PUBLIC_STATUS_PAGE_URL: fake.url } })
      return { fake, server }
    })))
  })
  afterAll(async () => {
    await Promise.all(running.map(async ({ fake, server }) => {
      await server.dispose()
      await fake.close()
    }))
  })

  it.each(STATUS_PROVIDERS.map((provider, index) => [provider, index] as const))('picks %s', async (provider, index) => {
    const { server } = running[index]!
    const status = await readStatus(server, status => status.readAt !== null)
    expect(status).toMatchObject({ provider, state: 'operational', stale: false })
    expect(status.components.length).toBeGreaterThan(0)
    // Server-rendered: the panel is in the HTML, provider and all.
    const { html } = await page(server)
    expect(html).toContain(`data-provider="${provider}"`)
    expect(html).toContain('All systems operational')
  })
})

describe('one status read for a crowd, and hostile status pages', () => {
  let fake: FakeStatusPage
  let server: RunningServer

  beforeAll(async () => {
    fake = await startFakeStatusPage({ provider: 'uptime-kuma', case: 'incident', pageHeaders: { 'x-frame-options': 'SAMEORIGIN' } })
    server = await startServer({ env: { NUXT_PUBLIC_STATUS_PAGE_URL: fake.url, NUXT_STATUS_PAGE_PROVIDER: 'uptime-kuma' } })
  })
  afterAll(async () => {
    await server?.dispose()
    await fake?.close()
  })

  it('100 concurrent page loads and polls cost the status page one read', async () => {
    const loads = await Promise.all(Array.from({ length: 100 }, (_, index) => fetch(index % 2 ? server.url : `${server.url}/api/state`)))
    expect(loads.map(response => response.status)).toEqual(Array.from({ length: 100 }, () => 200))
    await Promise.all(loads.map(response => response.text()))
    const status = await readStatus(server, status => status.readAt !== null)
    expect(status.incidents[0]!.title).toBe('Web is down')
    expect(fake.reads()).toBe(1)
    console.info(`[figure] 100 concurrent visitors (50 page loads, 50 polls): ${fake.reads()} upstream read(s) of the status page`)
  })
})

describe('hostile status pages: last good or unknown, the page as fast as ever', () => {
  let fake: FakeStatusPage
  let fresh: FakeStatusPage
  let server: RunningServer
  let unread: RunningServer

  beforeAll(async () => {
    fake = await startFakeStatusPage({ provider: 'statuspage', case: 'incident' })
    fresh = await startFakeStatusPage({ provider: 'statuspage' })
    fresh.setMode('hang')
    // A window of 0: every request may start a read, so each hostile answer is met at once.
    ;[server, unread] = await Promise.all([
      startServer({ env: { NUXT_PUBLIC_STATUS_PAGE_URL: fake.url, NUXT_STATUS_PAGE_CACHE_SECONDS: '0' } }),
      startServer({ env: { NUXT_PUBLIC_STATUS_PAGE_URL: fresh.url, NUXT_STATUS_PAGE_CACHE_SECONDS: '0' } }),
    ])
    await readStatus(server, status => status.provider === 'statuspage' && status.readAt !== null)
  })
  afterAll(async () => {
    await Promise.all([server?.dispose(), unread?.dispose()])
    await Promise.all([fake?.close(), fresh?.close()])
  })

  const MODES: FakeStatusMode[] = ['hang', 'endless', 'huge', 'invalid-json', 'wrong-types', 'redirect-away', 'error']

  it.each(MODES)('%s → the last good summary, marked stale; the page 200 at once', async (mode) => {
    fake.setMode(mode)
    const before = fake.reads()
    // The first request starts the failing read; the page does not wait for its deadline.
    const { html, ms } = await page(server)
    expect(ms).toBeLessThan(2000)
    expect(html).toContain('Web is slow')
    const status = await readStatus(server, status => status.stale)
    expect(status).toMatchObject({ provider: 'statuspage', state: 'partial_outage' })
    expect(status.incidents[0]!.title).toBe('Web is slow')
    expect(fake.awayHits()).toBe(0)
    expect(fake.reads()).toBeGreaterThan(before)
    fake.setMode('ok')
    await readStatus(server, status => !status.stale)
  })

  it('a status page that never answered → "unknown", the page 200 at once', async () => {
    const { html, ms } = await page(unread)
    expect(ms).toBeLessThan(2000)
    expect(html).toContain('Status unknown')
    expect(await statusOf(unread)).toMatchObject({ provider: null, state: 'unknown', readAt: null })
  })
})
