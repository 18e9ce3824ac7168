export const STATUS_TIMEOUT_MS = 3000
export const STATUS_MAX_BYTES = 1024 * 1024
const MAX_REDIRECTS = 3

// Named so that the admin can tell nakanai apart in the status page's access log.
const HEADERS = { 'user-agent': 'nakanai-status', 'accept': 'application/json' }

export class StatusFetchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StatusFetchError'
  }
}

/**
 * GET `url`, following redirects only while they stay on `host` (the configured status
 * page's host:port), all within one deadline. Returns the final response, unread.
 */
export async function fetchOnHost(url: URL, host: string, signal: AbortSignal, accept = HEADERS.accept): Promise<Response> {
  let target = url
  for (let hop = 0; ; hop++) {
    if (target.host !== host || (target.protocol !== 'https:' && target.protocol !== 'http:')) {
      throw new StatusFetchError(`refused to leave ${host} for ${target.host}`)
    }
    const response = await fetch(target, { headers: { ...HEADERS, accept }, redirect: 'manual', signal })
    const location = response.headers.get('location')
    if (response.status < 300 || response.status >= 400 || !location) return response
    await response.body?.cancel()
    if (hop >= MAX_REDIRECTS) throw new StatusFetchError('too many redirects')
    target = new URL(location, target)
  }
}

/** The body as text, refusing (and cancelling) anything over `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel()
    throw new StatusFetchError(`answer over ${maxBytes} bytes`)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw new StatusFetchError(`answer over ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export interface FetchJsonOptions {
  /** The only host (host:port) any request or redirect may reach. */
  host: string
  /** One deadline shared by every request of a read (AbortSignal.timeout(STATUS_TIMEOUT_MS)). */
  signal: AbortSignal
  maxBytes?: number
}

/**
 * One JSON answer from the status page: 200 and valid JSON within the deadline and
 * size cap, on the configured host, or a thrown error. The body is read under the same
 * deadline, so an endless or trickling answer ends with it too.
 */
export async function fetchJson(url: URL, { host, signal, maxBytes = STATUS_MAX_BYTES }: FetchJsonOptions): Promise<unknown> {
  const response = await fetchOnHost(url, host, signal)
  if (response.status !== 200) {
    await response.body?.cancel()
    throw new StatusFetchError(`${url.pathname} answered ${response.status}`)
  }
  const text = await readCapped(response, maxBytes)
  try {
    return JSON.parse(text)
  }
  catch {
    throw new StatusFetchError(`${url.pathname} is not JSON`)
  }
}
