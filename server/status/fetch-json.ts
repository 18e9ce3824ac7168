import { fetchLimited, LimitedFetchError, type LimitedResponse } from '../utils/fetch-limited'

export const STATUS_TIMEOUT_MS = 3000
export const STATUS_MAX_BYTES = 1024 * 1024
const MAX_REDIRECTS = 3

// Named so that the admin can tell nakanai apart in the status page's access log.
const USER_AGENT = 'nakanai-status'

export class StatusFetchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StatusFetchError'
  }
}

export interface StatusFetchOptions {
  /** The only host (host:port) any request or redirect may reach. */
  host: string
  /** One deadline shared by every request of a read (AbortSignal.timeout(STATUS_TIMEOUT_MS)). */
  signal: AbortSignal
  /** Bytes of body read at most; 0 for the headers alone. */
  maxBytes?: number
  accept?: string
  /** More request headers (a provider's own, e.g. Uptime Kuma's cache bypass). */
  headers?: Record<string, string>
}

/**
 * GET `url` on the status page's host, following redirects only while they stay on
 * it, the body read under the same deadline and byte cap (see fetchLimited).
 */
export function fetchStatusPage(url: URL, { host, signal, maxBytes = STATUS_MAX_BYTES, accept = 'application/json', headers }: StatusFetchOptions): Promise<LimitedResponse> {
  return fetchLimited(url, { headers: { ...headers, 'user-agent': USER_AGENT, accept }, maxBytes, signal, maxRedirects: MAX_REDIRECTS, host })
}

/**
 * One JSON answer from the status page: 200 and valid JSON within the deadline and
 * size cap, on the configured host, or a thrown error. An endless or trickling answer
 * ends with the deadline or the cap, whichever comes first.
 */
export async function fetchJson(url: URL, options: Omit<StatusFetchOptions, 'accept'>): Promise<unknown> {
  let response: LimitedResponse
  try {
    response = await fetchStatusPage(url, options)
  }
  catch (error) {
    // Named with its path and kind ("timeout", "unreachable" …): the admin reads it in the
    // log beside what the other paths of the same read got.
    if (error instanceof LimitedFetchError) throw new StatusFetchError(`${url.pathname}: ${error.message} (${error.reason})`)
    throw error
  }
  if (response.status !== 200) throw new StatusFetchError(`${url.pathname} answered ${response.status}`)
  try {
    return JSON.parse(Buffer.from(response.bytes).toString('utf8'))
  }
  catch {
    throw new StatusFetchError(`${url.pathname} is not JSON`)
  }
}
