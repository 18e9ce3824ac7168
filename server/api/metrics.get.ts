import { brandingLearnStats } from '../instance/branding/learn'
import { instanceProbeStats, lastInstanceStatus, lastProbeKind } from '../instance/status'
import { prometheusMetrics, type MetricSources } from '../metrics/prometheus'
import { statusPageHealth, statusReaderStats } from '../status/summary'

const sources: MetricSources = {
  counts: () => ({ ...recentMessagesStats(), ...instanceProbeStats(), ...statusReaderStats(), ...brandingLearnStats() }),
  store: () => {
    let kind: string | null = null
    try {
      kind = storeChoice().kind
    }
    catch {
      // A refused configuration: the state says failed.
    }
    return { kind, state: storeState().state }
  },
  instance: lastInstanceStatus,
  probeKind: lastProbeKind,
  statusPage: statusPageHealth,
}

// /api/stats and health in Prometheus' text format, for the monitoring admins already
// run; admin-only like /api/stats (Prometheus sends the token: authorization.credentials).
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const { contentType, body } = await prometheusMetrics(sources)
  setResponseHeader(event, 'content-type', contentType)
  setResponseHeader(event, 'cache-control', 'no-store')
  return body
})
