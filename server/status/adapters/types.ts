import type { StatusComponent, StatusLevel, StatusNotice, StatusProvider } from '../../../shared/types/status'

/** What one read of a provider yields, before nakanai adds its own parts. */
export interface ProviderReading {
  /** The page's own title, cleaned (cleanText, MAX_TITLE); '' or absent when it has none. */
  title?: string
  state: StatusLevel
  components: StatusComponent[]
  incidents: StatusNotice[]
  maintenances: StatusNotice[]
}

/** Fetches JSON from the status page's own host (see fetch-json.ts), with extra request headers if given; throws on anything else. */
export type GetJson = (url: URL, headers?: Record<string, string>) => Promise<unknown>

export interface StatusAdapter {
  provider: StatusProvider
  /**
   * Reads the page at `page` through `get`. Throws NotThisProvider when the answer is
   * not this provider's shape, so that detection can try the next one.
   */
  read: (page: URL, get: GetJson) => Promise<ProviderReading>
}

export class NotThisProvider extends Error {
  constructor(provider: StatusProvider, what: string) {
    super(`not ${provider}: ${what}`)
    this.name = 'NotThisProvider'
  }
}

/** A URL relative to the page itself ("summary.json" beside /status/ → /status/summary.json). */
export function besidePage(page: URL, file: string): URL {
  const base = new URL(page)
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  base.search = ''
  base.hash = ''
  return new URL(file, base)
}
