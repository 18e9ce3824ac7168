// Unknown API paths get the API's error shape instead of the page's HTML 404; a
// known path with the wrong method gets 405 and the methods it takes. HEAD lands
// here (Nitro routes it only to a `.head.ts`) and is answered by the GET handler:
// Node sends no body for HEAD.
export default defineEventHandler((event) => {
  const route = findApiRoute(event.path)
  if (!route) return sendApiError(event, new ApiError(404, 'not_found', 'There is no such API route.'))
  if (event.method === 'HEAD' && route.get) return route.get(event)
  const allow = route.allow.join(', ')
  return sendApiError(event, new ApiError(405, 'method_not_allowed', `Use ${allow}.`, { allow }))
})
