// Pages answer GET and HEAD; anything else that is not an API request (a stray
// POST to /, a scanner's PUT) gets 405 instead of a rendered page.
export default defineEventHandler((event) => {
  if (event.method === 'GET' || event.method === 'HEAD') return
  if (/^\/api(\/|\?|$)/.test(event.path)) return
  return sendApiError(event, new ApiError(405, 'method_not_allowed', 'Pages answer GET and HEAD only.', { allow: 'GET, HEAD' }))
})
