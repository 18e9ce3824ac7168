import type { Registry } from 'prom-client'
import { INSTANCE_SOFTWARE_KINDS, type InstanceSoftwareKind, type InstanceStatus } from '../../shared/types/instance'
import type { StatusLevel } from '../../shared/types/status'

/** What the metrics are read from at each scrape; the route wires the server's own. */
export interface MetricSources {
  /** The counters of /api/stats. */
  counts: () => { storeReads: number, probes: number, statusReads: number, learned: number }
  store: () => { kind: string | null, state: 'opening' | 'open' | 'failed' }
  /** The last probe's answer; null before the first or without an instance URL. */
  instance: () => InstanceStatus | null
  /** How the last probe asked the instance (server/instance/adapters/); null before the first. */
  probeKind: () => InstanceSoftwareKind | null
  /** What the status page reader knows now; null without a status page. */
  statusPage: () => { state: StatusLevel, stale: boolean, readAt: string | null } | null
}

const INSTANCE_STATES = ['up', 'down', 'unknown'] as const
const STORE_STATES = ['opening', 'open', 'failed'] as const
const STATUS_LEVELS: StatusLevel[] = ['operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance', 'unknown']

const seconds = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : Number.NaN)

/**
 * The registry, made on the first scrape: prom-client and its process metrics (RSS,
 * heap, event-loop delay) load only for a server that is scraped, never on a cold start.
 * Every value is read at scrape time from the same counters /api/stats answers.
 */
export async function createMetricsRegistry(sources: MetricSources): Promise<Registry> {
  const { Counter, Gauge, Registry, collectDefaultMetrics } = await import('prom-client')
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]

  const counts: [name: string, help: string, key: keyof ReturnType<MetricSources['counts']>][] = [
    ['nakanai_store_reads_total', 'Reads of messages and notices from the store (one per window, however many visitors poll).', 'storeReads'],
    ['nakanai_instance_probes_total', 'Probes of the instance (one per window for all visitors).', 'probes'],
    ['nakanai_status_page_reads_total', 'Reads of the status page (one per window for all visitors).', 'statusReads'],
    ['nakanai_branding_learned_total', 'Times the instance\'s name, colour and pictures were learned and stored.', 'learned'],
  ]
  for (const [name, help, key] of counts) {
    // The counts live in the server's modules; each scrape copies them in.
    new Counter({ name, help, registers, collect() {
      this.reset()
      this.inc(sources.counts()[key])
    } })
  }

  new Gauge({ name: 'nakanai_store_state', help: 'The store connection: 1 for its current state (opening, open, failed).', labelNames: ['store', 'state'], registers, collect() {
    const { kind, state } = sources.store()
    this.reset()
    for (const each of STORE_STATES) this.set({ store: kind ?? 'none', state: each }, each === state ? 1 : 0)
  } })
  new Gauge({ name: 'nakanai_instance_state', help: 'The instance as the last probe saw it: 1 for its state (up, down, unknown).', labelNames: ['state'], registers, collect() {
    const state = sources.instance()?.state ?? 'unknown'
    for (const each of INSTANCE_STATES) this.set({ state: each }, each === state ? 1 : 0)
  } })
  new Gauge({ name: 'nakanai_instance_probe_kind', help: 'How the instance is probed, as learned from its NodeInfo or set: 1 for that kind (misskey, mastodon, gotosocial, akkoma, generic).', labelNames: ['kind'], registers, collect() {
    this.reset()
    const kind = sources.probeKind()
    if (kind) for (const each of INSTANCE_SOFTWARE_KINDS) this.set({ kind: each }, each === kind ? 1 : 0)
  } })
  new Gauge({ name: 'nakanai_instance_checked_timestamp_seconds', help: 'When the instance was last probed (Unix time).', registers, collect() {
    this.set(seconds(sources.instance()?.checkedAt))
  } })
  new Gauge({ name: 'nakanai_status_page_state', help: 'The status page\'s overall state as last read: 1 for that state.', labelNames: ['state'], registers, collect() {
    this.reset()
    const page = sources.statusPage()
    if (page) for (const each of STATUS_LEVELS) this.set({ state: each }, each === page.state ? 1 : 0)
  } })
  new Gauge({ name: 'nakanai_status_page_stale', help: 'Whether the last read of the status page failed and an older reading is shown (1) or not (0).', registers, collect() {
    const page = sources.statusPage()
    this.set(page ? Number(page.stale) : Number.NaN)
  } })
  new Gauge({ name: 'nakanai_status_page_read_timestamp_seconds', help: 'When the status page was last read successfully (Unix time).', registers, collect() {
    this.set(seconds(sources.statusPage()?.readAt))
  } })
  return registry
}

let registry: Promise<Registry> | undefined

/** The metrics in Prometheus' text format, with its content type (one registry per process). */
export async function prometheusMetrics(sources: MetricSources): Promise<{ contentType: string, body: string }> {
  registry ??= createMetricsRegistry(sources)
  const ready = await registry
  return { contentType: ready.contentType, body: await ready.metrics() }
}
