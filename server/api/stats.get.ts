import { instanceProbeStats } from '../instance/status'
import { statusReaderStats } from '../status/summary'

// Counters for the tests and `npm run bench`: how often this process asked the store,
// probed the instance and read the status page. Admin-only: they tell an outsider how busy the server is
// and when its caches turn over.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { ...recentMessagesStats(), ...instanceProbeStats(), ...statusReaderStats() }
})
