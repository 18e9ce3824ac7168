import type { StatusProvider, StatusSummary } from '../../shared/types/status'
import { withTimeout } from '../../shared/utils/with-timeout'
import { logFailure } from '../utils/log-failure'
import { ADAPTERS, adapterFor } from './adapters'
import type { GetJson, ProviderReading, StatusAdapter } from './adapters/types'
import { fetchJson, fetchStatusPage, STATUS_TIMEOUT_MS } from './fetch-json'
import { framingAllowed } from './frame-check'

export interface StatusReaderOptions {
  /** The admin's status page (NUXT_PUBLIC_STATUS_PAGE_URL). */
  pageUrl: string
  /** Skips detection (NUXT_STATUS_PAGE_PROVIDER). */
  provider?: StatusProvider
  /** How long one read answers every visitor; failed reads count too. */
  cacheMs: number
  /** One deadline for a whole read (every request of it, detection included). */
  timeoutMs?: number
  /** For tests: replaces the HTTP reads. */
  get?: (url: URL, signal: AbortSignal, headers?: Record<string, string>) => Promise<unknown>
  /** For tests: replaces the framing check (made once per read, with it). */
  checkFraming?: (signal: AbortSignal) => Promise<boolean>
}

export interface StatusReader {
  /** The summary, read at most once per window for all callers; concurrent callers share one read. */
  summary: () => Promise<StatusSummary>
  /**
   * For polls and renders: starts a read when one is due, but waits for it (up to
   * `waitMs`) only while nothing was ever read; after that it answers at once with what
   * it has, and a fresher read reaches visitors with their next poll. A slow status page
   * thus never slows a page.
   */
  summaryWithin: (waitMs: number) => Promise<StatusSummary>
  /** What is known now, without waiting (the same object until something changes). */
  current: () => StatusSummary
  /**
   * Ends the window early: the first call once `minGapMs` have passed since the last read
   * started reads again (at once when they have), so however many callers ask, reads stay
   * that far apart. A read under way may hold what was true before: it counts as the last.
   */
  readSoon: (minGapMs: number) => void
  /** For tests and benchmarks: reads started, and detections among them. */
  stats: () => { reads: number, detections: number }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!

/**
 * Tries every provider at once and keeps the first, in ADAPTERS order, that reads. When
 * none does, the error says what each one's read got (a 404, a timeout, not JSON, not
 * its shape): a mistyped slug is then found in the log, not guessed at.
 */
async function detect(page: URL, get: GetJson): Promise<{ adapter: StatusAdapter, reading: ProviderReading }> {
  const attempts = await Promise.allSettled(ADAPTERS.map(adapter => adapter.read(page, get)))
  const index = attempts.findIndex(attempt => attempt.status === 'fulfilled')
  if (index < 0) {
    const got = attempts.map((attempt, at) => `${ADAPTERS[at]!.provider}: ${reason((attempt as PromiseRejectedResult).reason)}`)
    throw new Error(`no known status page answered at this address (${got.join('; ')})`)
  }
  return { adapter: ADAPTERS[index]!, reading: (attempts[index] as PromiseFulfilledResult<ProviderReading>).value }
}

/**
 * Reads the admin's status page for every visitor of this process: the provider is
 * detected once (or forced), then read at most once per window; a failed read keeps
 * the last good reading (marked stale, with its age) or says "unknown". Whether the
 * page may be framed is checked with every read (one more request per window), since
 * an admin can change the page's headers while nakanai runs. Never throws.
 */
export function createStatusReader(options: StatusReaderOptions): StatusReader {
  const page = new URL(options.pageUrl)
  const timeoutMs = options.timeoutMs ?? STATUS_TIMEOUT_MS
  const get = options.get ?? ((url: URL, signal: AbortSignal, headers?: Record<string, string>) => fetchJson(url, { host: page.host, signal, headers }))
  const checkFraming = options.checkFraming ?? (async (signal: AbortSignal) => {
    // Only the headers say whether it may be framed: the page itself is not read.
    const response = await fetchStatusPage(page, { host: page.host, signal, maxBytes: 0, accept: 'text/html' })
    if (response.status < 200 || response.status >= 300) throw new Error(`status page answered ${response.status}`)
    return framingAllowed(response.headers, page.origin)
  })

  let adapter = options.provider ? adapterFor(options.provider) : undefined
  let lastGood: { reading: ProviderReading, readAt: string } | undefined
  let stale = false
  let frameable = false
  let startedAt = -Infinity
  let inFlight: Promise<StatusSummary> | undefined
  let reads = 0
  let detections = 0
  let failed = false
  let settled = false

  const build = (): StatusSummary => ({
    provider: adapter?.provider ?? null,
    ...(lastGood?.reading.title ? { title: lastGood.reading.title } : {}),
    state: lastGood?.reading.state ?? 'unknown',
    components: lastGood?.reading.components ?? [],
    incidents: lastGood?.reading.incidents ?? [],
    maintenances: lastGood?.reading.maintenances ?? [],
    pageUrl: page.href,
    readAt: lastGood?.readAt ?? null,
    stale,
    ...(failed && !lastGood ? { unreadable: true as const } : {}),
    frameable,
  })
  let current = build()

  async function refresh(): Promise<StatusSummary> {
    reads++
    const signal = AbortSignal.timeout(timeoutMs)
    const getJson: GetJson = (url, headers) => get(url, signal, headers)
    // Checked again every window: a page that starts refusing frames must not be shown as
    // an empty box, and one that starts allowing them is framed without a restart. A check
    // that fails says nothing about the headers: no frame then, rather than one the browser
    // may refuse (never a frame the last check did not allow).
    const framing = checkFraming(signal).catch(() => false)
    try {
      let reading: ProviderReading
      if (adapter) {
        const known = adapter
        reading = await known.read(page, getJson).catch((error: unknown) => {
          throw new Error(`${known.provider}: ${reason(error)}`)
        })
      }
      else {
        detections++
        const found = await detect(page, getJson)
        adapter = found.adapter
        reading = found.reading
      }
      lastGood = { reading, readAt: new Date().toISOString() }
      stale = false
      failed = false
    }
    catch (error) {
      stale = lastGood !== undefined
      failed = true
      // One line per distinct failure a minute, not one per window of a long outage.
      logFailure(`could not read the status page ${page.href}`, reason(error))
    }
    frameable = await framing
    current = build()
    settled = true
    return current
  }

  function summary(): Promise<StatusSummary> {
    // A read under way answers everyone, however long it takes (up to its deadline).
    if (inFlight) return inFlight
    if (Date.now() - startedAt < options.cacheMs) return Promise.resolve(current)
    startedAt = Date.now()
    inFlight = refresh().finally(() => {
      inFlight = undefined
    })
    return inFlight
  }

  return {
    summary,
    summaryWithin(waitMs) {
      const next = summary()
      return settled ? Promise.resolve(current) : withTimeout(next, waitMs).catch(() => current)
    },
    current: () => current,
    readSoon(minGapMs) {
      startedAt = Math.min(startedAt, startedAt + minGapMs - options.cacheMs)
    },
    stats: () => ({ reads, detections }),
  }
}
