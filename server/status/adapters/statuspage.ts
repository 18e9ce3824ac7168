import type { NoticeSeverity, StatusLevel } from '../../../shared/types/status'
import { array, component, idOf, isObject, levelOf, MAX_COMPONENTS, notice, notices, object, overallState, pageTitle, severityOf } from '../provider-json'
import { NotThisProvider, type StatusAdapter } from './types'

// status.indicator and components[].status as documented for /api/v2/summary.json.
const INDICATOR: Readonly<Record<string, StatusLevel>> = { none: 'operational', minor: 'degraded', major: 'partial_outage', critical: 'major_outage', maintenance: 'maintenance' }
const COMPONENT: Readonly<Record<string, StatusLevel>> = {
  operational: 'operational',
  degraded_performance: 'degraded',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
  under_maintenance: 'maintenance',
}

// incidents[].impact as documented for /api/v2/summary.json.
const IMPACT: Readonly<Record<string, NoticeSeverity>> = { none: 'informational', minor: 'degraded', major: 'outage', critical: 'outage' }

/** The newest update's text: incident_updates are listed newest first. */
function latestBody(incident: Record<string, unknown>): unknown {
  return object(array(incident.incident_updates)[0]).body
}

/**
 * Atlassian Statuspage: GET /api/v2/summary.json (page, status.indicator, components,
 * incidents = unresolved ones, scheduled_maintenances = upcoming and in progress).
 */
export const statuspage: StatusAdapter = {
  provider: 'statuspage',
  async read(page, get) {
    const data = object(await get(new URL('/api/v2/summary.json', page)))
    const indicator = object(data.status).indicator
    if (typeof indicator !== 'string' || !Array.isArray(data.components)) throw new NotThisProvider('statuspage', 'no status.indicator/components')

    const listed = data.components.filter(isObject)
    // A group is a heading over its members, which carry the states.
    const groups = new Map(listed.filter(item => item.group === true && idOf(item.id) !== null).map(item => [idOf(item.id), item.name]))
    const components = listed
      .filter(item => item.group !== true)
      .map(item => component(item.name, levelOf(COMPONENT, item.status), groups.get(idOf(item.group_id))))
      .filter(item => item.name)
      .slice(0, MAX_COMPONENTS)
    const incidents = notices(array(data.incidents).filter(isObject).map(incident => notice(incident.name, latestBody(incident), incident.updated_at, undefined, severityOf(IMPACT, incident.impact))))
    const maintenances = notices(array(data.scheduled_maintenances).filter(isObject)
      .filter(maintenance => maintenance.status === 'in_progress' || maintenance.status === 'verifying')
      .map(maintenance => notice(maintenance.name, latestBody(maintenance), maintenance.updated_at)))

    // Statuspage is closed; its public API documentation (every hosted page's /api, e.g.
    // https://confluence.status.atlassian.com/api, GET /api/v2/summary.json) calls status.indicator the
    // rollup of component statuses and unresolved incident impact, and lists in-progress
    // maintenances beside it; the page also answers indicator "maintenance" while one runs.
    // nakanai takes the worst of the indicator and the components, and lets an in-progress
    // maintenance raise only a page where nothing is down or degraded (overallState).
    const state = overallState(components.map(item => item.state), { stated: [levelOf(INDICATOR, indicator)], inMaintenance: maintenances.length > 0 })
    return { title: pageTitle(object(data.page).name), state, components, incidents, maintenances }
  },
}
