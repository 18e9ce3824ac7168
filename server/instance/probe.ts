import type { InstanceSoftwareKind, InstanceState } from '../../shared/types/instance'
import { ADAPTERS } from './adapters'

export interface ProbeResult {
  state: InstanceState
  latencyMs: number
}

const PROBE_TIMEOUT_MS = 3000

/**
 * Asks the instance whether it is up, the way its kind of server is built to be asked
 * (server/instance/adapters/). Anything other than a clear yes within the timeout
 * (refused, reset, timeout, 5xx, 3xx, an HTML error page, an answer larger than its
 * cap) is "down". One deadline for the whole probe, fallbacks included, so a visitor
 * waits at most this long. Never throws.
 */
export async function probeInstance(instanceUrl: string, kind: InstanceSoftwareKind = 'misskey', timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const started = performance.now()
  const up = await ADAPTERS[kind].isUp(instanceUrl, AbortSignal.timeout(timeoutMs)).catch(() => false)
  return { state: up ? 'up' : 'down', latencyMs: Math.round(performance.now() - started) }
}
