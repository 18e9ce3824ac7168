import { describe, expect, test } from 'vitest'
import { createMetricsRegistry, type MetricSources } from '../../server/metrics/prometheus'

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find(each => each.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('Prometheus metrics', () => {
  let counts = { storeReads: 3, probes: 2, statusReads: 1, learned: 0 }
  let statusPage: ReturnType<MetricSources['statusPage']> = { state: 'partial_outage', stale: true, readAt: '2026-12-04T10:00:00.000Z' }
  const sources: MetricSources = {
    counts: () => counts,
    store: () => ({ kind: 'pglite', state: 'open' }),
    instance: () => ({ state: 'down', since: null, checkedAt: '2026-12-04T10:00:05.000Z' }),
    probeKind: () => 'mastodon',
    statusPage: () => statusPage,
  }

  test('carry the counts of /api/stats, read at each scrape', async () => {
    const registry = await createMetricsRegistry(sources)
    const first = await registry.metrics()
    expect(sample(first, 'nakanai_store_reads_total')).toBe(3)
    expect(sample(first, 'nakanai_instance_probes_total')).toBe(2)
    expect(sample(first, 'nakanai_status_page_reads_total')).toBe(1)
    expect(first).toContain('# TYPE nakanai_store_reads_total counter')
    counts = { storeReads: 7, probes: 2, statusReads: 1, learned: 1 }
    const second = await registry.metrics()
    expect(sample(second, 'nakanai_store_reads_total')).toBe(7)
    expect(sample(second, 'nakanai_branding_learned_total')).toBe(1)
  })

  test('say the store\'s, the instance\'s and the status page\'s state, and the process\'s memory', async () => {
    const text = await (await createMetricsRegistry(sources)).metrics()
    expect(sample(text, 'nakanai_store_state{store="pglite",state="open"}')).toBe(1)
    expect(sample(text, 'nakanai_store_state{store="pglite",state="failed"}')).toBe(0)
    expect(sample(text, 'nakanai_instance_state{state="down"}')).toBe(1)
    expect(sample(text, 'nakanai_instance_state{state="up"}')).toBe(0)
    expect(sample(text, 'nakanai_instance_probe_kind{kind="mastodon"}')).toBe(1)
    expect(sample(text, 'nakanai_instance_probe_kind{kind="misskey"}')).toBe(0)
    expect(sample(text, 'nakanai_instance_checked_timestamp_seconds')).toBe(Date.parse('2026-12-04T10:00:05Z') / 1000)
    expect(sample(text, 'nakanai_status_page_state{state="partial_outage"}')).toBe(1)
    expect(sample(text, 'nakanai_status_page_stale')).toBe(1)
    expect(sample(text, 'nakanai_status_page_read_timestamp_seconds')).toBe(Date.parse('2026-12-04T10:00:00Z') / 1000)
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10e6)
  })

  test('without a status page its series say nothing rather than a made-up state', async () => {
    statusPage = null
    const text = await (await createMetricsRegistry(sources)).metrics()
    expect(text).not.toMatch(/^nakanai_status_page_state\{/m)
    expect(sample(text, 'nakanai_status_page_stale')).toBeNaN()
  })
})
