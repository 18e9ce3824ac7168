import { array, cleanText, editedAt, epochMs, idOf, isObject, levelOf, MAX_COMPONENTS, MAX_NAME, notice, notices, object, overallState } from '../provider-json'
import type { StatusLevel } from '../../../shared/types/status'
import { NotThisProvider, type StatusAdapter } from './types'

// Cachet 2.x component status 0–4 (unknown, operational, performance issues, partial, major).
const COMPONENT: Readonly<Record<string, StatusLevel>> = { 0: 'unknown', 1: 'operational', 2: 'degraded', 3: 'partial_outage', 4: 'major_outage' }
// Incident status (app/Models/Incident.php): 1 investigating, 2 identified, 3 watched, 4 fixed; 0 was "scheduled" before 2.4.
const UNRESOLVED = new Set(['1', '2', '3'])

// Schedule status (app/Models/Schedule.php): 0 upcoming, 1 in progress, 2 complete.
const IN_PROGRESS = '1'
const COMPLETE = '2'

/**
 * Neither complete nor completed, and set in progress or begun (Schedule::scopeInProgress:
 * scheduled_at not after now). A start that cannot be read is no start: the status decides.
 */
function inProgress(schedule: Record<string, unknown>, now: number): boolean {
  if (idOf(schedule.status) === COMPLETE || (schedule.completed_at !== null && schedule.completed_at !== undefined)) return false
  const start = epochMs(schedule.scheduled_at)
  return idOf(schedule.status) === IN_PROGRESS || (start !== null && start <= now)
}

/**
 * Cachet 2.x: GET /api/v1/components, GET /api/v1/incidents and GET /api/v1/schedules, each {data: [...],
 * meta: {pagination}} with the models' plain attributes (plus the presenters' extras
 * such as latest_status).
 */
export const cachet2: StatusAdapter = {
  provider: 'cachet2',
  async read(page, get) {
    const listed = object(await get(new URL('/api/v1/components?per_page=100', page)))
    if (!Array.isArray(listed.data) || !isObject(object(listed.meta).pagination)) throw new NotThisProvider('cachet2', 'no data/meta.pagination')
    const incidentList = object(await get(new URL('/api/v1/incidents?per_page=20&sort=id&order=desc', page)))
    // Schedules came with 2.4 (and are optional here): a page without them still reads.
    const scheduleList = object(await get(new URL('/api/v1/schedules?per_page=20&sort=id&order=desc', page)).catch(() => null))

    const components = listed.data.filter(isObject)
      .filter(component => component.enabled !== false)
      .map(component => ({ name: cleanText(component.name, MAX_NAME), state: levelOf(COMPONENT, component.status) }))
      .filter(component => component.name)
      .slice(0, MAX_COMPONENTS)
    const incidents = notices(array(incidentList.data).filter(isObject)
      .filter(incident => UNRESOLVED.has(idOf(incident.latest_status ?? incident.status) ?? '') && incident.visible !== 0)
      .map(incident => notice(incident.name, incident.message, editedAt(incident.updated_at, incident.created_at), incident.created_at)))

    const now = Date.now()
    const maintenances = notices(array(scheduleList.data).filter(isObject)
      .filter(schedule => inProgress(schedule, now))
      .map(schedule => notice(schedule.name, schedule.message, editedAt(schedule.updated_at, schedule.created_at), schedule.scheduled_at)))

    // Cachet 2's own banner (app/Integrations/Core/System.php getStatus at v2.4.1) comes from
    // the components alone; schedules are listed apart (ScheduledComposer) and never change
    // it. nakanai adds one thing: a schedule in progress shows maintenance while no component
    // is down or degraded (overallState).
    return { state: overallState(components.map(component => component.state), { inMaintenance: maintenances.length > 0 }), components, incidents, maintenances }
  },
}
