// Lifts a ban: that address may post again at once. Its hidden messages stay hidden
// until restored one by one (POST /api/messages/<id>/restore).
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  const id = idParam(event, 'Ban')
  if (!await (await useStore()).liftBan(id)) throw new ApiError(404, 'ban_not_found', 'No ban in force has that id.')
  return { lifted: 1 }
})
