import type { NoticeSeverity, StatusLevel } from '../../../shared/types/status'
import { array, component, epochMs, idOf, isObject, levelOf, MAX_COMPONENTS, notice, notices, object, overallState, pageTitle, severityOf, type JsonObject } from '../provider-json'
import { besidePage, NotThisProvider, type StatusAdapter } from './types'

// aggregate_state and resource status values as documented for <page>/index.json.
const STATE: Readonly<Record<string, StatusLevel>> = { operational: 'operational', degraded: 'degraded', downtime: 'major_outage', maintenance: 'maintenance' }

// An incident report's aggregate_state, for its colour (maintenance reports are listed apart and carry none).
const SEVERITY: Readonly<Record<string, NoticeSeverity>> = { degraded: 'degraded', downtime: 'outage' }

const attributes = (item: JsonObject) => object(item.attributes)

/**
 * Better Stack: GET <page>/index.json, a JSON:API document: data.attributes
 * (aggregate_state, announcement), and in `included` the status_page_resource items
 * (public_name, status), the status_report items (title, report_type, starts_at,
 * ends_at) and their status_update items (message, published_at, status_report_id).
 */
export const betterstack: StatusAdapter = {
  provider: 'betterstack',
  async read(page, get) {
    const document = object(await get(besidePage(page, 'index.json')))
    const data = object(document.data)
    const aggregate = attributes(data).aggregate_state
    if (data.type !== 'status_page' || typeof aggregate !== 'string') throw new NotThisProvider('betterstack', 'no status_page data')
    const included = array(document.included).filter(isObject)
    const ofType = (type: string) => included.filter(item => item.type === type)

    const sections = new Map(ofType('status_page_section').filter(section => idOf(section.id) !== null).map(section => [idOf(section.id), attributes(section).name]))
    const components = ofType('status_page_resource')
      .map(resource => component(attributes(resource).public_name, levelOf(STATE, attributes(resource).status), sections.get(idOf(attributes(resource).status_page_section_id))))
      .filter(item => item.name)
      .slice(0, MAX_COMPONENTS)

    const now = Date.now()
    const updates = ofType('status_update').map(attributes)
    const active = ofType('status_report').filter((report) => {
      // An end that cannot be read is no end: the report's own state decides.
      const endsAt = epochMs(attributes(report).ends_at)
      return attributes(report).aggregate_state !== 'operational' && (endsAt === null || endsAt > now)
    })
    const reportNotice = (report: JsonObject) => {
      const latest = updates
        .filter(update => idOf(update.status_report_id) !== null && idOf(update.status_report_id) === idOf(report.id))
        .sort((a, b) => (epochMs(b.published_at) ?? 0) - (epochMs(a.published_at) ?? 0))[0]
      return notice(attributes(report).title, latest?.message, latest?.published_at, attributes(report).starts_at, severityOf(SEVERITY, attributes(report).aggregate_state))
    }
    const announcement = notice(attributes(data).announcement, '', attributes(data).updated_at, undefined, 'informational')
    const incidents = notices([announcement, ...active.filter(report => attributes(report).report_type !== 'maintenance').map(reportNotice)])
    const maintenances = notices(active.filter(report => attributes(report).report_type === 'maintenance').map(reportNotice))

    let stated = levelOf(STATE, aggregate)
    // "downtime" is the page's worst word; while some resources still work it is a partial outage.
    if (stated === 'major_outage' && components.some(item => item.state === 'operational')) stated = 'partial_outage'
    // Better Stack is closed; its JSON API documentation
    // (https://betterstack.com/docs/uptime/status-pages/subscribing-to-status-updates/subscribing-to-api/)
    // gives aggregate_state beside each resource's status and the reports. nakanai takes the
    // worst of aggregate_state and the resources, and lets an active maintenance report raise
    // only a page where nothing is down or degraded (overallState): aggregate_state
    // "maintenance" never hides a resource in downtime.
    const state = overallState(components.map(item => item.state), { stated: [stated], inMaintenance: maintenances.length > 0 })
    return { title: pageTitle(attributes(data).company_name), state, components, incidents, maintenances }
  },
}
