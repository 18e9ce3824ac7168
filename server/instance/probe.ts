import type { InstanceState } from '../../shared/types/instance'
import { fetchLimited } from '../utils/fetch-limited'

export interface ProbeResult {
  state: InstanceState
  latencyMs: number
}

export const PROBE_TIMEOUT_MS = 3000
// Misskey answers {"pong":1733310000000} (22 bytes); anything near this is not it.
const PING_MAX_BYTES = 4 * 1024

// Named so that the admin can tell the probe apart in the instance's access log.
const HEADERS = { 'user-agent': 'nakanai-probe', 'accept': 'application/json' }

/**
 * Asks a Misskey instance whether it is up: `GET /healthz` (Misskey 2024 and later:
 * 200 healthy, 503 not), and when that route does not exist (404), `POST /api/ping`
 * (every version; 200 `{pong}` means the Node process answers). Redirects are not
 * followed: the admin's nginx answers an outage with a 302 to this very page.
 * Anything other than a clear yes within the timeout (refused, reset, timeout, 5xx,
 * 3xx, an HTML error page, an answer of more than a few kilobytes) is "down". Never throws.
 */
export async function probeInstance(instanceUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const started = performance.now()
  // One deadline for the whole probe, fallback included, so a visitor waits at most this long.
  const signal = AbortSignal.timeout(timeoutMs)
  const result = (up: boolean): ProbeResult => ({ state: up ? 'up' : 'down', latencyMs: Math.round(performance.now() - started) })
  try {
    // Only the status counts: the body is not read at all.
    const health = await fetchLimited(new URL('/healthz', instanceUrl), { headers: HEADERS, maxBytes: 0, signal })
    if (health.status !== 404) return result(health.status === 200)

    const ping = await fetchLimited(new URL('/api/ping', instanceUrl), {
      method: 'POST',
      headers: { ...HEADERS, 'content-type': 'application/json' },
      body: '{}',
      maxBytes: PING_MAX_BYTES,
      signal,
    })
    if (ping.status !== 200) return result(false)
    const answer = JSON.parse(Buffer.from(ping.bytes).toString('utf8')) as { pong?: unknown } | null
    return result(typeof answer?.pong === 'number')
  }
  catch {
    return result(false)
  }
}
