export interface LimitedFetchOptions {
  method?: 'GET' | 'POST'
  body?: string
  headers?: Record<string, string>
  /** Bytes; a longer answer is refused without reading on. */
  maxBytes: number
  /** For the whole exchange, redirects included. */
  timeoutMs: number
  /** Redirects followed, each only to the same origin as the request. */
  maxRedirects?: number
}

export interface LimitedResponse {
  status: number
  contentType: string
  bytes: Uint8Array
  url: string
}

const USER_AGENT = 'nakanai-branding'

/**
 * Asks the instance for something the page may show: within a deadline, at most
 * `maxBytes`, following a redirect only on the same origin (an admin's nginx answers
 * an outage with a 302 to the down page: that must never become the instance's
 * face). Null on any failure; never throws.
 */
export async function fetchLimited(url: string, options: LimitedFetchOptions): Promise<LimitedResponse | null> {
  const signal = AbortSignal.timeout(options.timeoutMs)
  let current = new URL(url)
  try {
    for (let hop = 0; hop <= (options.maxRedirects ?? 2); hop++) {
      const response = await fetch(current, {
        method: options.method ?? 'GET',
        body: options.body,
        headers: { 'user-agent': USER_AGENT, ...options.headers },
        redirect: 'manual',
        signal,
      })
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel()
        const location = response.headers.get('location')
        const next = location ? new URL(location, current) : null
        if (!next || next.origin !== current.origin || options.method === 'POST') return null
        current = next
        continue
      }
      const declared = Number(response.headers.get('content-length'))
      if (declared > options.maxBytes || !response.body) {
        await response.body?.cancel()
        return null
      }
      const chunks: Uint8Array[] = []
      let size = 0
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength
        if (size > options.maxBytes) return null
        chunks.push(chunk)
      }
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', bytes: Buffer.concat(chunks), url: current.href }
    }
    return null
  }
  catch {
    return null
  }
}
