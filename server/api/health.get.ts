// `GET /api/health` for load balancers and uptime monitors (no query);
// `?deep=1` also asks the database (see /api/health/deep).
export default defineEventHandler((event) => {
  const { deep } = getQuery(event)
  return deep === '1' || deep === 'true' ? deepHealth(event) : checkHealth(event, false)
})
