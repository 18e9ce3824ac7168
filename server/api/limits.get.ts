// The chat's limits, times in seconds.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { limits: await (await useStore()).limits() }
})
