import { array, cleanText, idOf, isObject, levelOf, MAX_COMPONENTS, MAX_NAME, notice, notices, object, overallFromComponents } from '../provider-json'
import type { StatusLevel } from '../../../shared/types/status'
import { NotThisProvider, type StatusAdapter } from './types'

// Cachet 2.x component status 0–4 (unknown, operational, performance issues, partial, major).
const COMPONENT: Readonly<Record<string, StatusLevel>> = { 0: 'unknown', 1: 'operational', 2: 'degraded', 3: 'partial_outage', 4: 'major_outage' }
// Incident status (app/Models/Incident.php): 1 investigating, 2 identified, 3 watched, 4 fixed; 0 was "scheduled" before 2.4.
const UNRESOLVED = new Set(['1', '2', '3'])

/**
 * Cachet 2.x: GET /api/v1/components and GET /api/v1/incidents, each {data: [...],
 * meta: {pagination}} with the models' plain attributes (plus the presenters' extras
 * such as latest_status).
 */
export const cachet2: StatusAdapter = {
  provider: 'cachet2',
  async read(page, get) {
    const listed = object(await get(new URL('/api/v1/components?per_page=100', page)))
    if (!Array.isArray(listed.data) || !isObject(object(listed.meta).pagination)) throw new NotThisProvider('cachet2', 'no data/meta.pagination')
    const incidentList = object(await get(new URL('/api/v1/incidents?per_page=20&sort=id&order=desc', page)))

    const components = listed.data.filter(isObject)
      .filter(component => component.enabled !== false)
      .map(component => ({ name: cleanText(component.name, MAX_NAME), state: levelOf(COMPONENT, component.status) }))
      .filter(component => component.name)
      .slice(0, MAX_COMPONENTS)
    const incidents = notices(array(incidentList.data).filter(isObject)
      .filter(incident => UNRESOLVED.has(idOf(incident.latest_status ?? incident.status) ?? '') && incident.visible !== 0)
      .map(incident => notice(incident.name, incident.message, incident.updated_at)))

    return { state: overallFromComponents(components.map(component => component.state)), components, incidents, maintenances: [] }
  },
}
