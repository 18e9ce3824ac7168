// Types of counting-proxy.mjs, for tests/fronts/page-cache.test.ts.

export interface ForwardedRequest {
  method: string
  /** Without the query string. */
  path: string
  url: string
  /** It carried an Authorization header. */
  authorized: boolean
  /** performance.now() when it arrived. */
  at: number
}

export interface CountingProxy {
  port: number
  /** Every request that reached it, in order. */
  requests: ForwardedRequest[]
  /** The requests matching `method` and `path`, from index `from` on. */
  matching: (method: string, path: string, from?: number) => ForwardedRequest[]
  stop: () => Promise<void>
}

/** An HTTP forwarder in front of `target` (http://host:port) that notes every request reaching it. */
export function startCountingProxy(target: string): Promise<CountingProxy>
