import { describe, expect, it } from 'vitest'
import type { InstanceStatus } from '../../shared/types/instance'
import { useFakeInstance, type FakeInstanceMode } from '../support/fake-instance'
import { readStats, STATS_TOKEN } from '../support/build'
import { useSite } from '../support/site'

async function instance(url: string): Promise<{ status: InstanceStatus, cacheControl: string | null }> {
  const response = await fetch(`${url}/api/instance`)
  expect(response.status).toBe(200)
  return { status: await response.json() as InstanceStatus, cacheControl: response.headers.get('cache-control') }
}

const probesSent = async (url: string) => (await readStats(url) as { probes: number }).probes

describe('GET /api/instance, probing a fake instance on every request (cache 0)', () => {
  const fake = useFakeInstance('unhealthy')
  const site = useSite(() => ({ env: { NUXT_PUBLIC_INSTANCE_URL: fake.url, NUXT_INSTANCE_PROBE_CACHE_SECONDS: '0', NUXT_ADMIN_TOKEN: STATS_TOKEN } }))

  const cases: [FakeInstanceMode, 'up' | 'down'][] = [
    ['healthy', 'up'],
    ['unhealthy', 'down'],
    ['legacy', 'up'],
    ['legacy-down', 'down'],
    ['redirect', 'down'],
    ['closed', 'down'],
  ]
  it.each(cases)('%s → %s', async (mode, state) => {
    await fake.setMode(mode)
    const { status, cacheControl } = await instance(site.url)
    expect(status.state).toBe(state)
    expect(Date.parse(status.checkedAt!)).not.toBeNaN()
    expect(Date.parse(status.since!)).not.toBeNaN()
    if (state === 'up') expect(status.latencyMs).toBeTypeOf('number')
    else expect(status).not.toHaveProperty('latencyMs')
    expect(cacheControl).toMatch(/^public, max-age=0, s-maxage=0, stale-while-revalidate=\d+$/)
  })

  it('answers "down" once the 3 s timeout passes when the instance hangs', async () => {
    await fake.setMode('hang')
    const started = Date.now()
    const { status } = await instance(site.url)
    const elapsed = Date.now() - started
    expect(status.state).toBe('down')
    expect(elapsed).toBeGreaterThanOrEqual(2900)
    expect(elapsed).toBeLessThan(6000)
  })

  it('keeps `since` while the state holds and moves it when the state changes', async () => {
    await fake.setMode('unhealthy')
    const first = (await instance(site.url)).status
    await fake.setMode('closed')
    const second = (await instance(site.url)).status
    expect(second.since).toBe(first.since)
    expect(Date.parse(second.checkedAt!)).toBeGreaterThan(Date.parse(first.checkedAt!))
    await fake.setMode('healthy')
    const back = (await instance(site.url)).status
    expect(back.state).toBe('up')
    expect(Date.parse(back.since!)).toBeGreaterThan(Date.parse(first.since!))
    expect(back.since).toBe(back.checkedAt)
  })
})

describe('GET /api/instance under load (default 10 s cache)', () => {
  const fake = useFakeInstance('unhealthy')
  const site = useSite(() => ({ env: { NUXT_PUBLIC_INSTANCE_URL: fake.url, NUXT_ADMIN_TOKEN: STATS_TOKEN } }))

  it('sends at most one probe for 100 concurrent requests, and none for the next 100', async () => {
    const before = fake.probes()
    const answers = await Promise.all(Array.from({ length: 100 }, () => instance(site.url)))
    expect(new Set(answers.map(answer => answer.status.checkedAt)).size).toBe(1)
    expect(answers.every(answer => answer.status.state === 'down')).toBe(true)
    expect(answers[0]!.cacheControl).toBe('public, max-age=0, s-maxage=10, stale-while-revalidate=30')
    const concurrentProbes = fake.probes() - before
    expect(concurrentProbes).toBeLessThanOrEqual(1)

    await Promise.all(Array.from({ length: 100 }, () => instance(site.url)))
    expect(fake.probes() - before).toBe(concurrentProbes)
    expect(await probesSent(site.url)).toBe(fake.probes())
    console.info(`[instance-probe] probes for 200 requests (100 concurrent, then 100 more): ${fake.probes() - before}`)
  })
})

describe('GET /api/instance with no instance configured', () => {
  const site = useSite({ env: { NUXT_ADMIN_TOKEN: STATS_TOKEN } })

  it('answers "unknown" without probing anything', async () => {
    const { status } = await instance(site.url)
    expect(status).toEqual({ state: 'unknown', checkedAt: null, since: null })
    expect(await probesSent(site.url)).toBe(0)
  })
})
