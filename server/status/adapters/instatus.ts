import type { NoticeSeverity, StatusLevel } from '../../../shared/types/status'
import { array, cleanText, isKnown, isObject, levelOf, MAX_COMPONENTS, MAX_NAME, notice, notices, object, overallState, pageTitle, severityOf } from '../provider-json'
import { besidePage, NotThisProvider, type StatusAdapter } from './types'

// page.status of <page>/summary.json, and component statuses as Instatus documents them.
const PAGE: Readonly<Record<string, StatusLevel>> = { UP: 'operational', HASISSUES: 'degraded', UNDERMAINTENANCE: 'maintenance' }
const COMPONENT: Readonly<Record<string, StatusLevel>> = {
  OPERATIONAL: 'operational',
  UNDERMAINTENANCE: 'maintenance',
  DEGRADEDPERFORMANCE: 'degraded',
  PARTIALOUTAGE: 'partial_outage',
  MINOROUTAGE: 'partial_outage',
  MAJOROUTAGE: 'major_outage',
}

// activeIncidents[].impact, in the component words (keys lower-cased: severityOf compares so).
const IMPACT: Readonly<Record<string, NoticeSeverity>> = {
  operational: 'informational',
  undermaintenance: 'informational',
  degradedperformance: 'degraded',
  partialoutage: 'outage',
  minoroutage: 'outage',
  majoroutage: 'outage',
}

/**
 * Instatus: GET <page>/summary.json (page.status, activeIncidents, activeMaintenances)
 * and GET <page>/v2/components.json for the components; a page whose component list
 * cannot be read still shows its overall state and incidents.
 */
export const instatus: StatusAdapter = {
  provider: 'instatus',
  async read(page, get) {
    const data = object(await get(besidePage(page, 'summary.json')))
    const status = object(data.page).status
    if (!isKnown(PAGE, status) || !Array.isArray(data.activeIncidents)) throw new NotThisProvider('instatus', 'no page.status/activeIncidents')

    const listed = await get(besidePage(page, 'v2/components.json')).catch(() => null)
    const components = (Array.isArray(listed) ? listed : array(object(listed).components)).filter(isObject)
      .map(component => ({ name: cleanText(component.name, MAX_NAME), state: levelOf(COMPONENT, component.status) }))
      .filter(component => component.name)
      .slice(0, MAX_COMPONENTS)

    // The summary carries no update text or time, only names and start times: an
    // incident's start is when it was posted, not an update.
    const incidents = notices(data.activeIncidents.filter(isObject).map(incident => notice(incident.name, '', null, incident.started, severityOf(IMPACT, incident.impact))))
    const maintenances = notices(array(data.activeMaintenances).filter(isObject)
      .filter(maintenance => maintenance.status === 'INPROGRESS')
      .map(maintenance => notice(maintenance.name, '', maintenance.start)))

    // Instatus is closed; its public-data documentation (https://instatus.com/help/api/public-data)
    // gives page.status beside the components and activeMaintenances. "Has issues" says nothing
    // of how bad: the components do. nakanai takes the worst of page.status and the components,
    // and lets a maintenance in progress raise only a page where nothing is down or degraded
    // (overallState): UNDERMAINTENANCE never hides a component in an outage.
    const state = overallState(components.map(component => component.state), { stated: [PAGE[status]!], inMaintenance: maintenances.length > 0 })
    return { title: pageTitle(object(data.page).name), state, components, incidents, maintenances }
  },
}
