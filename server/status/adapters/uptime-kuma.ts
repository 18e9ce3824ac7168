import type { NoticeSeverity, StatusLevel } from '../../../shared/types/status'
import { array, component, idOf, isObject, levelOf, MAX_COMPONENTS, notice, notices, object, severityOf, overallFromComponents, pageTitle } from '../provider-json'
import { NotThisProvider, type GetJson, type StatusAdapter } from './types'

// Heartbeat codes from uptime-kuma src/util.ts: DOWN 0, UP 1, PENDING 2, MAINTENANCE 3.
const BEAT: Readonly<Record<string, StatusLevel>> = { 0: 'major_outage', 1: 'operational', 2: 'degraded', 3: 'maintenance' }
// An incident's style, the Bootstrap colours Kuma offers (src/pages/StatusPage.vue): only danger is an outage.
/**
 * Kuma answers these reads from its own cache (apicache: 5 minutes for the page, 1 for the
 * beats, server/routers/status-page-router.js), which a new incident does not clear
 * (postIncident leaves it; only a monitor's change, a save or a maintenance does): an
 * incident posted during an outage would reach visitors up to 5 minutes late. Its apicache
 * skips the cache for a request carrying this header (server/modules/apicache/apicache.js,
 * the same at 1.23.16 and 2.5.3); nakanai asks once per its own window for everyone.
 */
const FRESH = { 'x-apicache-bypass': 'true' }
const STYLE: Readonly<Record<string, NoticeSeverity>> = { info: 'informational', primary: 'informational', light: 'informational', dark: 'informational', warning: 'degraded', danger: 'outage' }

/**
 * The page's slug: the last segment of /status/<slug>; /status alone is "default"
 * (server/routers/status-page-router.js). A page served on its own domain at / names
 * its slug through GET /api/entry-page (server/routers/api-router.js). The slug is
 * asked as written, as Kuma's own page asks it: 1.23 looks it up exactly (a slug saved
 * with capitals answers only so, and a lowercased one never answers), 2.x lowercases
 * it itself (case mixed-case-slug of the captures).
 */
async function slugOf(page: URL, get: GetJson): Promise<string> {
  const match = /^\/status\/([^/]+)\/?$/.exec(page.pathname)
  if (match) return decodeURIComponent(match[1]!)
  if (/^\/(status|status-page)\/?$/.test(page.pathname)) return 'default'
  const entry = object(await get(new URL('/api/entry-page', page)))
  if (entry.type === 'statusPageMatchedDomain' && typeof entry.statusPageSlug === 'string') return entry.statusPageSlug
  if (typeof entry.entryPage === 'string' && entry.entryPage.startsWith('statusPage-')) return entry.entryPage.slice('statusPage-'.length)
  throw new NotThisProvider('uptime-kuma', 'no status page slug')
}

/**
 * The newest beat's state. The beats come oldest first, the newest 50 (1.23.16) or 100
 * (2.5.3) per monitor, each {status, time, msg, ping} (captured from both); anything that
 * is not an object is skipped.
 */
function lastBeat(beats: unknown): StatusLevel {
  const last = array(beats).filter(isObject).at(-1)
  return typeof last?.status === 'number' ? levelOf(BEAT, last.status) : 'unknown'
}

/**
 * The overall state as Kuma's own banner derives it (src/pages/StatusPage.vue, computed
 * overallStatus, the same at 1.23.16 and 2.5.3): from each monitor's newest beat only,
 * every beat that is neither UP nor MAINTENANCE counting as down, PENDING (2) included:
 * "partial down" while another monitor is up, "all down" while none is. Both were seen
 * on real Kuma: one pending among up monitors, and pending beside down with none up
 * (cases pending and none-up of the captures). The pending monitor's own row stays
 * degraded: Kuma draws its beat in its warning colour, not its danger one.
 * Where ours differs on purpose: Kuma's banner says maintenance as soon as one beat is 3,
 * even while others are down; here a monitor that is down or pending wins
 * (overallFromComponents ranks maintenance below an outage).
 */
function overallOf(states: StatusLevel[]): StatusLevel {
  return overallFromComponents(states.map(state => (state === BEAT[2] ? 'major_outage' : state)))
}

/** A monitor's beats by its id; none for an id that is not one (an object, an inherited name). */
function heartbeatOf(list: Record<string, unknown>, id: unknown): unknown {
  const key = idOf(id)
  return key !== null && Object.hasOwn(list, key) ? list[key] : undefined
}

/**
 * Uptime Kuma 1.23 and 2.x: GET /api/status-page/<slug> (config, publicGroupList,
 * maintenanceList, and the pinned incident: `incident` up to 2.0, `incidents` from 2.1)
 * and GET /api/status-page/heartbeat/<slug> (heartbeatList: monitor id → beats, oldest first).
 */
export const uptimeKuma: StatusAdapter = {
  provider: 'uptime-kuma',
  async read(page, get) {
    const slug = encodeURIComponent(await slugOf(page, get))
    const data = object(await get(new URL(`/api/status-page/${slug}`, page), FRESH))
    if (!isObject(data.config) || !Array.isArray(data.publicGroupList)) throw new NotThisProvider('uptime-kuma', 'no config/publicGroupList')
    const heartbeatList = object(object(await get(new URL(`/api/status-page/heartbeat/${slug}`, page), FRESH)).heartbeatList)

    const monitors = data.publicGroupList.filter(isObject)
      .flatMap(group => array(group.monitorList).filter(isObject).map(monitor => component(monitor.name, lastBeat(heartbeatOf(heartbeatList, monitor.id)), group.name)))
    const components = monitors.filter(item => item.name).slice(0, MAX_COMPONENTS)

    const incidentList = Array.isArray(data.incidents) ? data.incidents : isObject(data.incident) ? [data.incident] : []
    const incidents = notices(incidentList.filter(isObject).map(incident => notice(incident.title, incident.content, incident.lastUpdatedDate, incident.createdDate, severityOf(STYLE, incident.style))))
    const maintenances = notices(array(data.maintenanceList).filter(isObject)
      .filter(maintenance => maintenance.status === undefined || maintenance.status === 'under-maintenance')
      .map(maintenance => notice(maintenance.title, maintenance.description, null)))

    // maintenanceList is shown, never counted: it lists every active maintenance linked to
    // the page, including ones covering none of its monitors (server/model/status_page.js
    // getMaintenanceList; case maintenance-unrelated of the captures); a monitor under
    // maintenance beats 3 (case monitor-in-maintenance).
    const state = overallOf(monitors.map(item => item.state))
    return { title: pageTitle(data.config.title), state, components, incidents, maintenances }
  },
}
