import type { StatusLevel } from '../../../shared/types/status'
import { array, cleanText, editedAt, isKnown, isObject, levelOf, MAX_COMPONENTS, MAX_NAME, notice, notices, object, overallState } from '../provider-json'
import { NotThisProvider, type StatusAdapter } from './types'

// Cachet 3 (cachethq/core) enums: SystemStatusEnum names, ComponentStatusEnum values.
const SYSTEM: Readonly<Record<string, StatusLevel>> = { operational: 'operational', partial_outage: 'partial_outage', major_outage: 'major_outage', under_maintenance: 'maintenance' }
const COMPONENT: Readonly<Record<string, StatusLevel>> = { 1: 'operational', 2: 'degraded', 3: 'partial_outage', 4: 'major_outage', 5: 'unknown', 6: 'maintenance' }
// IncidentStatusEnum: 4 is "fixed"; the others are unresolved.
const FIXED = 4
// ScheduleStatusEnum: 0 upcoming, 1 in progress, 2 complete (src/Models/Schedule.php status():
// begun and not completed, computed when asked).
const IN_PROGRESS = 1

/**
 * A component's effective state: latest_status (src/Models/Component.php latestStatus: the
 * baseline, an active maintenance window or an unresolved incident's impact, the most
 * severe winning; what Cachet's own page and src/Status.php count), else its set status.
 */
function componentState(component: Record<string, unknown>): StatusLevel {
  const latest = levelOf(COMPONENT, object(component.latest_status).value)
  return latest !== 'unknown' ? latest : levelOf(COMPONENT, object(component.status).value)
}

/** A JSON:API resource's attributes (timacdonald/json-api). */
const attributes = (item: unknown) => object(object(item).attributes)

/**
 * Cachet 3.x: GET /api/status ({data: {status, message}}), GET /api/components and
 * GET /api/incidents (JSON:API collections; status as {human, value}).
 */
export const cachet3: StatusAdapter = {
  provider: 'cachet3',
  async read(page, get) {
    const status = object(object(await get(new URL('/api/status', page))).data).status
    if (!isKnown(SYSTEM, status)) throw new NotThisProvider('cachet3', 'no data.status')
    const [components, incidents, schedules] = await Promise.all([
      get(new URL('/api/components?per_page=100', page)),
      get(new URL('/api/incidents?per_page=20', page)),
      // Schedules (maintenance windows) are public too (routes/api.php) and optional here:
      // a page without them still reads.
      get(new URL('/api/schedules?per_page=20&sort=-scheduled_at', page)).catch(() => null),
    ])
    const time = (item: Record<string, unknown>, name: string) => object(item[name]).string

    const listed = array(object(components).data).map(attributes)
      .filter(component => component.enabled !== false)
      .map(component => ({ name: cleanText(component.name, MAX_NAME), state: componentState(component) }))
    // Cachet's own banner (cachethq/core src/Status.php current()) says "under maintenance"
    // whenever one component is, unless past the major-outage threshold: a partial outage
    // beside a maintenance is hidden. nakanai takes the worst of /api/status and the
    // components, a component down winning over maintenance (overallState).
    return {
      state: overallState(listed.map(component => component.state), { stated: [SYSTEM[status]!] }),
      components: listed.filter(component => component.name).slice(0, MAX_COMPONENTS),
      incidents: notices(array(object(incidents).data).map(attributes)
        .filter(incident => isObject(incident.status) && incident.status.value !== FIXED && incident.visible !== false && incident.visible !== 0)
        .map(incident => notice(incident.name, incident.message, editedAt(time(incident, 'updated'), time(incident, 'created')), time(incident, 'created')))),
      // Listed as information, not counted: Cachet's banner (/api/status) and each component's
      // latest_status already carry a window's effect on the components it covers.
      maintenances: notices(array(object(schedules).data).map(attributes)
        .filter(schedule => object(schedule.status).value === IN_PROGRESS)
        .map(schedule => notice(schedule.name, schedule.message, editedAt(time(schedule, 'updated'), time(schedule, 'created')), time(schedule, 'scheduled')))),
    }
  },
}
