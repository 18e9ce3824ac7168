import { describe, expect, it, vi } from 'vitest'
import { createInstanceMonitor } from '../../server/instance/monitor'
import type { InstanceState } from '../../shared/types/instance'
import type { InstanceObservation } from '../../server/store/types'

const SINCE = '2026-11-28T10:00:00.000Z'
const observed = (state: InstanceState): Promise<InstanceObservation> =>
  Promise.resolve({ state, since: SINCE, checkedAt: new Date().toISOString() })

describe('createInstanceMonitor', () => {
  it('lets 100 concurrent callers share one probe, then answers from the cache', async () => {
    let release!: () => void
    const probe = vi.fn(() => new Promise<{ state: 'up', latencyMs: number }>((resolve) => {
      release = () => resolve({ state: 'up', latencyMs: 12 })
    }))
    const monitor = createInstanceMonitor({ probe, observe: observed, cacheMs: 10_000 })
    const answers = Array.from({ length: 100 }, () => monitor.status())
    release()
    const results = await Promise.all(answers)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(new Set(results).size).toBe(1)
    expect(results[0]).toMatchObject({ state: 'up', since: SINCE, latencyMs: 12 })
    await monitor.status()
    expect(monitor.stats()).toEqual({ probes: 1 })
  })

  it('probes again once the window has passed', async () => {
    vi.useFakeTimers()
    try {
      const probe = vi.fn(async () => ({ state: 'down' as const, latencyMs: 3000 }))
      const monitor = createInstanceMonitor({ probe, observe: observed, cacheMs: 10_000 })
      await monitor.status()
      vi.advanceTimersByTime(9_999)
      await monitor.status()
      expect(probe).toHaveBeenCalledTimes(1)
      vi.advanceTimersByTime(1)
      const status = await monitor.status()
      expect(probe).toHaveBeenCalledTimes(2)
      // latencyMs only describes an instance that answered.
      expect(status).not.toHaveProperty('latencyMs')
    }
    finally {
      vi.useRealTimers()
    }
  })

  it('still answers with the probe result when the store fails, since unknown', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const monitor = createInstanceMonitor({
      probe: async () => ({ state: 'down', latencyMs: 1 }),
      observe: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
      cacheMs: 0,
    })
    const status = await monitor.status()
    expect(status).toMatchObject({ state: 'down', since: null })
    expect(Date.parse(status.checkedAt!)).not.toBeNaN()
    // Every probe meets the same failure: one plain line (logFailure), not a stack per probe.
    for (let i = 0; i < 5; i++) await monitor.status()
    expect(monitor.stats()).toEqual({ probes: 6 })
    expect(error.mock.calls).toEqual([['[nakanai] could not record the instance state: the database refuses connections (not running, or wrong host/port): Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432']])
    error.mockRestore()
  })

  it('does not wait for a store that hangs', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const monitor = createInstanceMonitor({
      probe: async () => ({ state: 'up', latencyMs: 1 }),
      observe: () => new Promise(() => {}),
      cacheMs: 0,
      observeTimeoutMs: 50,
    })
    await expect(monitor.status()).resolves.toMatchObject({ state: 'up', since: null })
    error.mockRestore()
  })
})
