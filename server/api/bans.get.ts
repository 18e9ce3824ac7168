// The bans in force ("hide all from this person"), so a wrong one can be lifted.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { bans: await (await useStore()).bans() }
})
