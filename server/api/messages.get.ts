// The one read every visitor polls. It has no per-client parameters so that a CDN
// and this process can answer everyone from one store read per window.
export default defineApiHandler(async (event) => {
  const { json, etag } = await recentMessages()
  setResponseHeaders(event, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'public, max-age=0, s-maxage=2, stale-while-revalidate=10',
    'etag': etag,
  })
  if (etagMatches(getRequestHeader(event, 'if-none-match'), etag)) {
    setResponseStatus(event, 304)
    return ''
  }
  return json
})
