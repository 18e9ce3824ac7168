const ALLOWED_METHODS: Record<string, string> = {
  '/api/messages': 'GET, HEAD, POST',
}

// Unknown API paths get the API's error shape instead of the page's HTML 404; a
// known path with the wrong method gets 405 and the methods it takes.
export default defineEventHandler((event) => {
  const allowed = ALLOWED_METHODS[event.path.split('?')[0]!.replace(/\/+$/, '')]
  if (allowed) {
    return sendApiError(event, new ApiError(405, 'method_not_allowed', `Use ${allowed}.`, { allow: allowed }))
  }
  return sendApiError(event, new ApiError(404, 'not_found', 'There is no such API route.'))
})
