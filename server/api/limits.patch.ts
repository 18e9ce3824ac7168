// Changes some of the chat's limits; they hold for the next post, on every server.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { limits: await (await useStore()).setLimits(await readLimitsChange(event)) }
})
