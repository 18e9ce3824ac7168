import type { InstanceStatus, InstanceState } from '../../shared/types/instance'
import type { InstanceObservation } from '../store/types'
import { withTimeout } from '../../shared/utils/with-timeout'
import { logFailure } from '../utils/log-failure'
import type { ProbeResult } from './probe'

export interface InstanceMonitorOptions {
  /** Asks the instance; must not throw (see probeInstance). */
  probe: () => Promise<ProbeResult>
  /** Records the result in the shared store and returns `since`; may fail or hang. */
  observe: (state: InstanceState) => Promise<InstanceObservation>
  /** How long one probe answers every request. */
  cacheMs: number
  /** How long to wait for the store before answering without `since`. */
  observeTimeoutMs?: number
}

/**
 * The instance's state, probed at most once per cache window however many requests
 * ask: concurrent ones share the probe in flight, later ones get the cached answer.
 * The store supplies `since` so that every server of a deployment agrees on it; when
 * the store fails, the probe's answer still stands, with `since` unknown.
 */
export function createInstanceMonitor({ probe, observe, cacheMs, observeTimeoutMs = 2000 }: InstanceMonitorOptions) {
  let cached: { value: InstanceStatus, at: number } | undefined
  let inFlight: Promise<InstanceStatus> | undefined
  let probes = 0

  async function check(): Promise<InstanceStatus> {
    probes++
    const { state, latencyMs } = await probe()
    const checkedAt = new Date().toISOString()
    const observation = await withTimeout(observe(state), observeTimeoutMs).catch((error) => {
      logFailure('could not record the instance state', error)
      return null
    })
    const value: InstanceStatus = {
      state,
      // The store's clock for both, so that `since` never lies after `checkedAt`.
      checkedAt: observation?.checkedAt ?? checkedAt,
      since: observation?.since ?? null,
      ...(state === 'up' ? { latencyMs } : {}),
    }
    cached = { value, at: Date.now() }
    return value
  }

  return {
    status(): Promise<InstanceStatus> {
      if (cached && Date.now() - cached.at < cacheMs) return Promise.resolve(cached.value)
      inFlight ??= check().finally(() => {
        inFlight = undefined
      })
      return inFlight
    },
    /** The last answer, however old; undefined before the first probe ends. */
    last: (): InstanceStatus | undefined => cached?.value,
    stats: () => ({ probes }),
  }
}
