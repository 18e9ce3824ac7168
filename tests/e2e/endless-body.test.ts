import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useFakeInstance, type FakeRoute } from '../support/fake-instance'
import { useSite } from '../support/site'

const FLOOD_MS = 30_000
const RSS_LIMIT_MB = 300

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** The process's resident memory, as the kernel counts it. */
function rssMb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!line) throw new Error(`no VmRSS for process ${pid}`)
  return Number(line[1]) / 1024
}

// Issue 18 item 11: an instance that answered POST /api/ping with an endless body was read
// until the probe's 3 s deadline: the server grew from 128 MB to 1.9–2.2 GB in this test
// (160 MB to 1.7 GB in the report); with the cap it peaks at 200–245 MB.
describe('an instance (or whatever answers at its address) sending endless bodies', () => {
  const fake = useFakeInstance('legacy')
  // A probe on every request and a meta read on every "up": as many reads as the flood allows.
  const site = useSite(() => ({ env: { NUXT_PUBLIC_INSTANCE_URL: fake.url, NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0', NUXT_INSTANCE_META_REFRESH_SECONDS: '0' } }))

  it(`keeps the built server under ${RSS_LIMIT_MB} MB and the page answering for ${FLOOD_MS / 1000} s`, async () => {
    const endless: FakeRoute = { type: 'application/json', body: `{"pong":${'1'.repeat(64 * 1024)}`, endless: true }
    // First half: no /healthz (an older Misskey), so every probe asks POST /api/ping.
    fake.serve('GET /healthz', { ...endless, status: 404 })
    fake.serve('POST /api/ping', endless)
    fake.serve('POST /api/meta', endless)

    const started = Date.now()
    const startMb = rssMb(site.server.pid)
    let peakMb = startMb
    const failures: string[] = []
    const ask = async (path: string) => {
      const response = await fetch(new URL(path, site.url), { signal: AbortSignal.timeout(10_000) }).catch((error: Error) => error)
      if (response instanceof Error) failures.push(`${path}: ${response.message}`)
      else if (response.status !== 200) failures.push(`${path}: ${response.status}`)
      if (!(response instanceof Error)) await response.arrayBuffer()
    }
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, rssMb(site.server.pid))
    }, 200)
    let switched = false
    try {
      // A probe every 100 ms at most (a hundred times the default rate, which is one per 10 s).
      const prober = async () => {
        while (Date.now() - started < FLOOD_MS) {
          // Second half: /healthz says up (its body is endless too), so /api/meta is read.
          if (!switched && Date.now() - started > FLOOD_MS / 2) {
            switched = true
            fake.serve('GET /healthz', endless)
          }
          await Promise.all([ask('/api/instance'), pause(100)])
        }
      }
      // Meanwhile visitors keep opening the page.
      const visitors = async () => {
        while (Date.now() - started < FLOOD_MS) {
          await Promise.all([ask('/'), pause(250)])
        }
      }
      await Promise.all([prober(), visitors()])
    }
    finally {
      clearInterval(sampler)
    }
    peakMb = Math.max(peakMb, rssMb(site.server.pid))
    console.info(`[endless-body] RSS ${Math.round(startMb)} MB at start, peak ${Math.round(peakMb)} MB; ${fake.requests.filter(r => r === 'POST /api/ping').length} pings, ${fake.requests.filter(r => r === 'POST /api/meta').length} meta reads`)

    expect(failures).toEqual([])
    expect(fake.requests).toContain('POST /api/ping')
    expect(fake.requests).toContain('POST /api/meta')
    expect(peakMb).toBeLessThan(RSS_LIMIT_MB)
    const state = await (await fetch(`${site.url}/api/instance`)).json() as { state: string }
    expect(state.state).toBe('up')
  }, FLOOD_MS + 30_000)
})
