import type { StatusComponent, StatusLevel, StatusSummary } from '../../shared/types/status'
import { overallFromComponents, worst } from './provider-json'

/** What nakanai's own probe saw of the instance, as a status level. */
export interface ProbeObservation {
  state: StatusLevel
  /** ISO 8601, when the probe asked (null: never). */
  checkedAt: string | null
}

export interface InstanceRowInput {
  /** The status page's summary; null when none is configured. */
  summary: StatusSummary | null
  probe: ProbeObservation
  /** The configured instance name: the name of nakanai's own row when the status page has none. */
  instanceName: string
  /** Every name the instance goes by (configured, learned): a component so named is the instance. */
  names: readonly (string | null | undefined)[]
}

/**
 * A name as people mean it: the same after trimming, NFKC (full-width "Ｍｉｓｓｋｅｙ" is
 * "Misskey") and case folding; '' for nothing.
 */
export function nameKey(name: string | null | undefined): string {
  return (name ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
}

function time(iso: string | null): number {
  const at = iso ? Date.parse(iso) : Number.NaN
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at
}

/**
 * The instance's one row when the status page has its own component for it (issue 19
 * item 3: real Kuma's "Misskey" monitor and nakanai's probe were two rows that disagreed
 * for up to 30 s on every change). The status page's maintenance is kept: its admin
 * planned it, and a probe sees planned work as "down". Otherwise the fresher observation
 * wins (the probe's checkedAt against the page's readAt; the probe on a tie, being
 * nakanai's own); a component the page does not know (unknown) is no observation.
 */
export function mergedInstanceState(pageState: StatusLevel, pageReadAt: string | null, probe: ProbeObservation): StatusLevel {
  if (pageState === 'maintenance') return 'maintenance'
  if (pageState === 'unknown') return probe.state
  return time(probe.checkedAt) >= time(pageReadAt) ? probe.state : pageState
}

/**
 * The summary with the instance as one row: the status page's own component for it
 * merged with the probe (kept where the page lists it, with its name and group), or the
 * probe as one more row when the page has none. The overall state follows that row.
 */
export function withInstanceRow({ summary, probe, instanceName, names }: InstanceRowInput): StatusSummary {
  const base: StatusSummary = summary ?? {
    provider: null, state: 'unknown', components: [], incidents: [], maintenances: [], pageUrl: '', readAt: probe.checkedAt, stale: false, frameable: false,
  }
  const keys = new Set(names.map(nameKey).filter(Boolean))
  const index = base.components.findIndex(item => !item.instance && keys.has(nameKey(item.name)))
  if (index < 0) {
    // No component is the instance, so a maintenance the page reports may be what the
    // probe sees as down: it is kept, as before the merge.
    const own: StatusComponent = { name: instanceName, state: probe.state, instance: true }
    return {
      ...base,
      state: base.state === 'maintenance' ? 'maintenance' : worst([base.state, probe.state]),
      components: [...base.components, own],
    }
  }
  const page = base.components[index]!
  const row: StatusComponent = { ...page, state: mergedInstanceState(page.state, base.readAt, probe), instance: true }
  const components = base.components.map((item, at) => (at === index ? row : item))
  const states = (list: StatusComponent[]) => list.map(item => item.state)
  // The provider's overall state counted the page's view of the instance. Where its
  // components alone explain that state, it is derived again with the merged row; a state
  // the provider stated beyond them (an indicator, a maintenance covering other
  // components) still counts, but maintenance only ranks below an outage (worst), so the
  // instance being down is never read as planned work unless its own component says so.
  const fromComponents = overallFromComponents(states(components))
  const rest = base.state === overallFromComponents(states(base.components)) ? 'unknown' : base.state
  return { ...base, state: worst([rest, fromComponents, row.state]), components }
}
