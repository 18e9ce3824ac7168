import { describe, expect, test } from 'vitest'
import { readStats, STATS_TOKEN } from '../support/build'
import { useFakeInstance } from '../support/fake-instance'
import { startFakeStatusPage } from '../support/fake-status-page'
import { useSite } from '../support/site'
import { useStarted } from '../support/use-started'

const instance = useFakeInstance('unhealthy')
const statusPage = useStarted(() => startFakeStatusPage({ provider: 'gatus' }), page => page.close())
const site = useSite(() => ({ env: {
  NUXT_ADMIN_TOKEN: STATS_TOKEN,
  NUXT_PUBLIC_INSTANCE_URL: instance.url,
  NUXT_PUBLIC_STATUS_PAGE_URL: statusPage.url,
} }))

const scrape = (token?: string) => fetch(`${site.url}/api/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} })

/** The value of one sample line (`name{labels} value`). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find(each => each.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

/** Scrapes until `done` holds (the poll that starts a read answers before it ends). */
async function scrapeUntil(done: (text: string) => boolean): Promise<string> {
  for (const started = Date.now(); ;) {
    await fetch(`${site.url}/api/state`)
    const text = await (await scrape(STATS_TOKEN)).text()
    if (done(text)) return text
    if (Date.now() - started > 15_000) throw new Error(`metrics never settled:\n${text}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

describe('GET /api/metrics', () => {
  test('is the admin\'s only, like /api/stats', async () => {
    const response = await scrape()
    expect(response.status).toBe(401)
    expect((await response.json()).error.code).toBe('unauthorized')
    expect((await scrape('wrong-token')).status).toBe(401)
  })

  test('answers Prometheus\' text format with the counts of /api/stats and the health of the store, probe and status page', async () => {
    const text = await scrapeUntil(body => sample(body, 'nakanai_instance_state{state="down"}') === 1
      && sample(body, 'nakanai_status_page_state{state="operational"}') === 1)
    const response = await scrape(STATS_TOKEN)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const stats = await readStats(site.url)
    const latest = await response.text()
    expect(sample(latest, 'nakanai_store_reads_total')).toBe(stats.storeReads)
    expect(sample(latest, 'nakanai_instance_probes_total')).toBe(stats.probes)
    expect(sample(latest, 'nakanai_status_page_reads_total')).toBe(stats.statusReads)
    expect(stats.storeReads).toBeGreaterThan(0)
    expect(sample(text, 'nakanai_store_state{store="pglite",state="open"}')).toBe(1)
    expect(sample(text, 'nakanai_status_page_stale')).toBe(0)
    // Down from the start, nothing learned yet: probed by its NodeInfo.
    expect(sample(text, 'nakanai_instance_probe_kind{kind="generic"}')).toBe(1)
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0)
  })
})
