import type { InstanceStatus } from '../../shared/types/instance'
import { numberSetting, SETTING_DEFAULTS } from '../../shared/settings'
import { STATUS_PROVIDERS, type StatusLevel, type StatusProvider, type StatusSummary } from '../../shared/types/status'
import { shownInstanceName } from '../../shared/utils/instance-name'
import { withInstanceRow } from './instance-row'
import { createStatusReader, type StatusReader } from './status-reader'

let reader: StatusReader | null | undefined

/** The process's one reader of the configured status page; null when there is none (or it is not a URL). */
function statusReader(): StatusReader | null {
  if (reader !== undefined) return reader
  const config = useRuntimeConfig()
  const url = String(config.public.statusPageUrl ?? '').trim()
  reader = null
  if (!url) return reader
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    console.warn(`[nakanai] NUXT_PUBLIC_STATUS_PAGE_URL is not an http(s) URL; the status page is not read: ${url}`)
    return reader
  }
  const forced = String(config.statusPageProvider ?? '').trim()
  if (forced && !STATUS_PROVIDERS.includes(forced as StatusProvider)) {
    console.warn(`[nakanai] NUXT_STATUS_PAGE_PROVIDER=${forced} is not one of ${STATUS_PROVIDERS.join(', ')}; detecting instead`)
  }
  reader = createStatusReader({
    pageUrl: url,
    provider: STATUS_PROVIDERS.includes(forced as StatusProvider) ? forced as StatusProvider : undefined,
    cacheMs: numberSetting(config.statusPageCacheSeconds, SETTING_DEFAULTS.statusPageCacheSeconds) * 1000,
  })
  return reader
}

/**
 * The status page's summary for a poll or a render, never waiting for the status page
 * once it has been read (and at most `waitMs` before); see StatusReader.summaryWithin.
 * null when no status page is configured.
 */
export function statusPageSummaryWithin(waitMs: number): Promise<StatusSummary | null> {
  return statusReader()?.summaryWithin(waitMs) ?? Promise.resolve(null)
}

/**
 * The instance just came back: what the status page says is read again now rather than
 * at the end of its window (its incident and its own monitor of the instance are about
 * to change), never sooner than this after the last read, however many polls ask.
 */
const REREAD_GAP_MS = 5000

export function readStatusPageSoon(): void {
  const known = statusReader()
  if (!known) return
  known.readSoon(REREAD_GAP_MS)
  // Started now when the gap has passed; otherwise by the first poll after it.
  void known.summary()
}

/** For the tests and benchmarks: how often this process read the status page. */
export function statusReaderStats() {
  return { statusReads: reader?.stats().reads ?? 0 }
}

const INSTANCE_LEVEL: Record<string, StatusLevel> = { up: 'operational', down: 'major_outage' }

let joined: { summary: StatusSummary | null, instance: InstanceStatus | null, learnedName: string | null, value: StatusSummary | null } | undefined

/**
 * The summary with the instance as one row, as nakanai's own probe sees it, so the page
 * shows one picture whether or not a status page is configured. When the status page has
 * its own component for the instance (named like the configured or the learned name), the
 * two are one row (server/status/instance-row.ts). The same inputs give the same object
 * (the poll's answer is reused while nothing changes). null when there is nothing to show.
 */
export function withInstanceComponent(summary: StatusSummary | null, instance: InstanceStatus | null, learnedName: string | null = null): StatusSummary | null {
  if (joined && joined.summary === summary && joined.instance === instance && joined.learnedName === learnedName) return joined.value
  const level = instance ? INSTANCE_LEVEL[instance.state] : undefined
  let value: StatusSummary | null = summary
  if (level) {
    const { instanceName: configured, instanceUrl } = useRuntimeConfig().public
    const instanceName = shownInstanceName(configured, learnedName, instanceUrl)
    value = withInstanceRow({ summary, probe: { state: level, checkedAt: instance!.checkedAt }, instanceName, names: [String(configured), learnedName, instanceName] })
  }
  joined = { summary, instance, learnedName, value }
  return value
}

/** What the reader knows now, without reading; null without a status page. */
export function statusPageHealth(): Pick<StatusSummary, 'state' | 'stale' | 'readAt'> | null {
  const summary = reader?.current()
  return summary ? { state: summary.state, stale: summary.stale, readAt: summary.readAt } : null
}
