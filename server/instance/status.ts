import type { InstanceSoftwareKind, InstanceStatus } from '../../shared/types/instance'
import { createInstanceMonitor } from './monitor'
import { probeInstance } from './probe'
import { numberSetting, SETTING_DEFAULTS } from '../../shared/settings'
import { instanceRoot } from '../../shared/utils/return-url'
import { useStore } from '../utils/store'
import { instanceIsUp, instanceKind } from './branding'

const UNKNOWN: InstanceStatus = { state: 'unknown', checkedAt: null, since: null }

let monitor: ReturnType<typeof createInstanceMonitor> | undefined
let probedAs: InstanceSoftwareKind | null = null

/** How long one probe serves this process (and, as s-maxage, a CDN). */
export function instanceProbeCacheSeconds(): number {
  return numberSetting(useRuntimeConfig().instanceProbeCacheSeconds, SETTING_DEFAULTS.instanceProbeCacheSeconds)
}

/** The configured instance's state, shared by every visitor of this process. */
export function instanceStatus(): Promise<InstanceStatus> {
  const root = instanceRoot(useRuntimeConfig().public.instanceUrl)
  if (!root) return Promise.resolve(UNKNOWN)
  monitor ??= createInstanceMonitor({
    // The kind comes from the branding read (one per minute, shared), not from the
    // instance: it must be known while the instance is down.
    probe: async () => {
      probedAs = await instanceKind()
      const result = await probeInstance(root, probedAs)
      // A poll that writes: an up instance is asked for its software and face now and then.
      if (result.state === 'up') instanceIsUp(root)
      return result
    },
    observe: async state => (await useStore()).observeInstance(state),
    cacheMs: instanceProbeCacheSeconds() * 1000,
  })
  return monitor.status()
}

/**
 * The instance's state for a page or a poll, which must not wait on a hanging
 * instance: a probe that is due gets `maxWaitMs` to answer, after which the last
 * known state (or "unknown") answers and the probe goes on for the next request.
 */
export function instanceStatusWithin(maxWaitMs: number): Promise<InstanceStatus> {
  const fresh = instanceStatus()
  let timer: ReturnType<typeof setTimeout> | undefined
  const fallback = new Promise<InstanceStatus>((resolve) => {
    timer = setTimeout(() => resolve(monitor?.last() ?? UNKNOWN), maxWaitMs)
  })
  return Promise.race([fresh, fallback]).finally(() => clearTimeout(timer))
}

/** For the tests and benchmarks: how many probes this process has sent. */
export function instanceProbeStats() {
  return { probes: monitor?.stats().probes ?? 0 }
}

/** The last probe's answer without probing; null before the first one. */
export function lastInstanceStatus(): InstanceStatus | null {
  return monitor?.last() ?? null
}

/** How the last probe asked the instance; null before the first one. */
export function lastProbeKind(): InstanceSoftwareKind | null {
  return probedAs
}
