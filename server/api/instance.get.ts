import { instanceProbeCacheSeconds, instanceStatus } from '../instance/status'

// For scripts (the page polls GET /api/state). No per-client parameters, so that this process
// and a CDN answer them all from one probe per window, sparing a recovering instance.
export default defineApiHandler(async (event) => {
  const status = await instanceStatus()
  const seconds = instanceProbeCacheSeconds()
  setResponseHeader(event, 'cache-control', `public, max-age=0, s-maxage=${seconds}, stale-while-revalidate=${seconds * 3}`)
  return status
})
