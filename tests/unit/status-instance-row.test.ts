import { describe, expect, it, vi } from 'vitest'
import type { StatusComponent, StatusSummary } from '../../shared/types/status'
import { mergedInstanceState, nameKey, withInstanceRow, type ProbeObservation } from '../../server/status/instance-row'

// Issue 19 item 3: real Uptime Kuma's "Misskey" monitor and nakanai's probe of the same
// instance were two rows that disagreed for up to 30 s on every change.
const READ_AT = '2026-12-04T12:00:00.000Z'
const BEFORE = '2026-12-04T11:59:40.000Z'
const AFTER = '2026-12-04T12:00:20.000Z'

function kuma(components: StatusComponent[], state = 'operational' as StatusSummary['state']): StatusSummary {
  return { provider: 'uptime-kuma', state, components, incidents: [], maintenances: [], pageUrl: 'https://status.example/status/main', readAt: READ_AT, stale: false, frameable: false }
}

const down = (checkedAt: string | null): ProbeObservation => ({ state: 'major_outage', checkedAt })
const up = (checkedAt: string | null): ProbeObservation => ({ state: 'operational', checkedAt })

function merge(summary: StatusSummary | null, probe: ProbeObservation, names: (string | null)[] = ['Misskey']) {
  return withInstanceRow({ summary, probe, instanceName: 'Misskey', names })
}

describe('nameKey', () => {
  it('compares names after trimming, NFKC and case folding', () => {
    expect(nameKey('  ＭＩＳＳＫＥＹ ')).toBe(nameKey('misskey'))
    expect(nameKey('Misskey  Social')).toBe(nameKey('misskey social'))
    expect(nameKey(null)).toBe('')
  })
})

describe('mergedInstanceState', () => {
  it('the fresher observation wins', () => {
    expect(mergedInstanceState('operational', READ_AT, down(AFTER))).toBe('major_outage')
    expect(mergedInstanceState('major_outage', READ_AT, up(BEFORE))).toBe('major_outage')
    expect(mergedInstanceState('major_outage', READ_AT, up(AFTER))).toBe('operational')
  })

  it('keeps the status page\'s maintenance even when the probe, fresher, says down', () => {
    expect(mergedInstanceState('maintenance', READ_AT, down(AFTER))).toBe('maintenance')
  })

  it('a component the page does not know is no observation', () => {
    expect(mergedInstanceState('unknown', READ_AT, down(BEFORE))).toBe('major_outage')
  })
})

describe('withInstanceRow', () => {
  it('one row when the status page has a component named like the instance, where the page lists it', () => {
    const summary = kuma([{ name: 'Ｍisskey ', state: 'operational', group: 'Services' }, { name: 'Media', state: 'operational', group: 'Services' }])
    const merged = merge(summary, down(AFTER))
    expect(merged.components).toEqual([
      { name: 'Ｍisskey ', state: 'major_outage', group: 'Services', instance: true },
      { name: 'Media', state: 'operational', group: 'Services' },
    ])
    expect(merged.state).toBe('major_outage')
  })

  it('matches the learned name too', () => {
    const summary = kuma([{ name: 'Example Social', state: 'operational' }])
    expect(merge(summary, down(AFTER), ['misskey.example', 'example social']).components).toEqual([
      { name: 'Example Social', state: 'major_outage', instance: true },
    ])
  })

  it('the page\'s fresher "down" stands against an older probe, and the overall state follows', () => {
    const merged = merge(kuma([{ name: 'Misskey', state: 'major_outage' }, { name: 'Media', state: 'operational' }], 'partial_outage'), up(BEFORE))
    expect(merged.components.map(item => item.state)).toEqual(['major_outage', 'operational'])
    expect(merged.state).toBe('major_outage')
  })

  it('a fresher probe that sees the instance back clears the page\'s older outage from the overall state', () => {
    const merged = merge(kuma([{ name: 'Misskey', state: 'major_outage' }, { name: 'Media', state: 'operational' }], 'partial_outage'), up(AFTER))
    expect(merged.components.map(item => item.state)).toEqual(['operational', 'operational'])
    expect(merged.state).toBe('operational')
  })

  it('the instance\'s component in maintenance: the row and the overall state say maintenance though the probe says down', () => {
    const merged = merge(kuma([{ name: 'Misskey', state: 'maintenance' }, { name: 'Media', state: 'operational' }], 'maintenance'), down(AFTER))
    expect(merged.components).toEqual([{ name: 'Misskey', state: 'maintenance', instance: true }, { name: 'Media', state: 'operational' }])
    expect(merged.state).toBe('maintenance')
  })

  it('a maintenance that does not cover the instance\'s component no longer hides the instance being down', () => {
    // A Statuspage page whose indicator says maintenance for work on Media only.
    const summary = { ...kuma([{ name: 'Misskey', state: 'operational' }, { name: 'Media', state: 'maintenance' }], 'maintenance'), provider: 'statuspage' as const }
    const merged = merge(summary, down(AFTER))
    expect(merged.components.map(item => item.state)).toEqual(['major_outage', 'maintenance'])
    expect(merged.state).toBe('major_outage')
  })

  it('a state the provider stated beyond its components still counts', () => {
    const summary = kuma([{ name: 'Misskey', state: 'operational' }, { name: 'Media', state: 'operational' }], 'degraded')
    expect(merge(summary, up(AFTER)).state).toBe('degraded')
  })

  it('no component is the instance: its own row is added, and a page in maintenance keeps saying so (as before)', () => {
    const merged = merge(kuma([{ name: 'Web', state: 'operational' }], 'maintenance'), down(AFTER))
    expect(merged.components).toEqual([{ name: 'Web', state: 'operational' }, { name: 'Misskey', state: 'major_outage', instance: true }])
    expect(merged.state).toBe('maintenance')
    expect(merge(kuma([{ name: 'Web', state: 'operational' }]), down(AFTER)).state).toBe('major_outage')
  })

  it('no status page: the probe is the one row', () => {
    expect(merge(null, down(AFTER))).toMatchObject({ provider: null, state: 'major_outage', readAt: AFTER, components: [{ name: 'Misskey', state: 'major_outage', instance: true }] })
  })
})

describe('withInstanceComponent', () => {
  // server/status/summary.ts is written for Nitro, where useRuntimeConfig is global.
  vi.stubGlobal('useRuntimeConfig', () => ({ public: { instanceName: 'misskey.example' } }))

  it('merges by the learned name, and the same inputs give the same object', async () => {
    const { withInstanceComponent } = await import('../../server/status/summary')
    const summary = kuma([{ name: 'Example Social', state: 'operational' }])
    const instance = { state: 'down' as const, checkedAt: AFTER, since: AFTER }
    const merged = withInstanceComponent(summary, instance, 'Example Social')
    expect(merged?.components).toEqual([{ name: 'Example Social', state: 'major_outage', instance: true }])
    expect(withInstanceComponent(summary, instance, 'Example Social')).toBe(merged)
    // A new learned name is a new input: without the merge, two rows.
    expect(withInstanceComponent(summary, instance, null)?.components).toHaveLength(2)
  })
})
