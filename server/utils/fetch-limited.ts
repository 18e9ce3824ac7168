export interface LimitedFetchOptions {
  method?: 'GET' | 'POST'
  body?: string
  /** Sent as given; callers name themselves in user-agent so the other side's admin can tell them apart. */
  headers?: Record<string, string>
  /**
   * Bytes of the answer's body read at most: one more and the answer is refused and
   * its download stopped. 0 reads none: the body is cancelled unread, for answers
   * where only the status and headers count.
   */
  maxBytes: number
  /** The deadline of the whole exchange, redirects and body included; one signal may span several requests. */
  signal: AbortSignal
  /** Redirects followed (none by default: a 3xx is then the answer); a POST never follows one. */
  maxRedirects?: number
  /** The only host (host:port) a redirect may lead to; the request's own by default. */
  host?: string
}

export interface LimitedResponse {
  status: number
  headers: Headers
  /** The whole body (empty when maxBytes is 0). */
  bytes: Uint8Array
  /** Where the answer came from, after redirects. */
  url: string
}

export type LimitedFetchFailure = 'too_large' | 'redirect_refused' | 'too_many_redirects' | 'timeout' | 'unreachable'

/** Why an answer was not read; `message` is fit for a log line. */
export class LimitedFetchError extends Error {
  constructor(readonly reason: LimitedFetchFailure, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'LimitedFetchError'
  }
}

const HTTP = new Set(['http:', 'https:'])

/** The body, or LimitedFetchError('too_large') as soon as it passes `maxBytes`, its download then stopped. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new LimitedFetchError('too_large', `answer over ${maxBytes} bytes`)
  if (maxBytes === 0 || Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    if (maxBytes === 0) return new Uint8Array()
    throw tooLarge()
  }
  if (!response.body) return new Uint8Array()
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return Buffer.concat(chunks, size)
    size += value.byteLength
    if (size > maxBytes) {
      // Cancelling closes the connection: nothing more is downloaded, let alone kept.
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
}

async function exchange(url: URL, options: LimitedFetchOptions): Promise<LimitedResponse> {
  const { method = 'GET', maxRedirects = 0 } = options
  let target = url
  const host = options.host ?? target.host
  for (let hop = 0; ; hop++) {
    if (target.host !== host || !HTTP.has(target.protocol)) {
      throw new LimitedFetchError('redirect_refused', `refused to leave ${host} for ${target.protocol}//${target.host}`)
    }
    const response = await fetch(target, { method, body: options.body, headers: options.headers, redirect: 'manual', signal: options.signal })
    const location = response.headers.get('location')
    const redirected = response.status >= 300 && response.status < 400 && location !== null
    if (!redirected || maxRedirects === 0 || method === 'POST') {
      return { status: response.status, headers: response.headers, bytes: await readCapped(response, options.maxBytes), url: target.href }
    }
    await response.body?.cancel().catch(() => undefined)
    if (hop >= maxRedirects) throw new LimitedFetchError('too_many_redirects', `more than ${maxRedirects} redirects`)
    if (!URL.canParse(location, target)) throw new LimitedFetchError('redirect_refused', 'redirected to an unreadable address')
    target = new URL(location, target)
  }
}

/**
 * The one way nakanai reads an answer from elsewhere (the instance's probe, its
 * /api/meta and pictures, the status page): within the caller's deadline, at most
 * `maxBytes` of body, following redirects only on the configured host. An answer
 * nobody bounds is a memory leak on demand: a probe that read an endless
 * /api/ping until its 3 s deadline took the server from 160 MB to 1.9 GB in 30 s.
 * Resolves with any status (the caller judges it); rejects only with LimitedFetchError
 * (or a TypeError for a `url` that is no URL at all: the caller's mistake).
 */
export async function fetchLimited(url: string | URL, options: LimitedFetchOptions): Promise<LimitedResponse> {
  const target = new URL(url)
  try {
    return await exchange(target, options)
  }
  catch (error) {
    if (error instanceof LimitedFetchError) throw error
    if (options.signal.aborted) throw new LimitedFetchError('timeout', 'no complete answer before the deadline', { cause: error })
    const cause = (error as { cause?: { code?: unknown } }).cause
    const detail = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error)
    throw new LimitedFetchError('unreachable', `could not reach ${target.host} (${detail})`, { cause: error })
  }
}
