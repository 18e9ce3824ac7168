import type { NoticeSeverity, StatusLevel } from '../../../shared/types/status'
import { array, component, isObject, MAX_COMPONENTS, notice, notices, object, overallFromComponents, severityOf } from '../provider-json'
import { NotThisProvider, type StatusAdapter } from './types'

// Announcement types (config/announcement in Gatus's source); operational ones are not shown.
const TYPE: Readonly<Record<string, NoticeSeverity>> = { outage: 'outage', warning: 'degraded', information: 'informational', maintenance: 'informational', none: 'informational' }

/**
 * Gatus: GET /api/v1/endpoints/statuses (endpoint.Status: name, group, key, results,
 * oldest first; the last result's `success` is the endpoint's state) and the
 * announcements of GET /api/v1/config (timestamp, type, message, archived).
 */
export const gatus: StatusAdapter = {
  provider: 'gatus',
  async read(page, get) {
    const statuses = await get(new URL('/api/v1/endpoints/statuses', page))
    if (!Array.isArray(statuses) || !statuses.every(item => isObject(item) && typeof item.key === 'string' && Array.isArray(item.results))) {
      throw new NotThisProvider('gatus', 'no endpoint statuses')
    }
    const components = (statuses as Record<string, unknown>[]).map((endpoint) => {
      const last = object(array(endpoint.results).at(-1))
      const state: StatusLevel = typeof last.success === 'boolean' ? (last.success ? 'operational' : 'major_outage') : 'unknown'
      return component(endpoint.name ?? endpoint.key, state, endpoint.group)
    }).filter(item => item.name).slice(0, MAX_COMPONENTS)

    // Announcements are optional: a page without them (or an older Gatus) still reads.
    const config = object(await get(new URL('/api/v1/config', page)).catch(() => null))
    const incidents = notices(array(config.announcements).filter(isObject)
      .filter(announcement => !announcement.archived && announcement.type !== 'operational')
      // An announcement is never edited in place: its timestamp is when it was posted.
      .map(announcement => notice(null, announcement.message, null, announcement.timestamp, severityOf(TYPE, announcement.type))))

    // Gatus's own page has no overall banner: it counts, per group, the endpoints whose last
    // result failed (TwiN/gatus web/app/src/views/Home.vue at v5.36.0). Its maintenance
    // windows (config/maintenance, api/external_endpoint.go) only silence alerts and never
    // reach the page or the API, so there is no maintenance state to show: the endpoints decide.
    return { state: overallFromComponents(components.map(item => item.state)), components, incidents, maintenances: [] }
  },
}
