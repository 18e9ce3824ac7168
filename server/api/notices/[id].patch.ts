// Moves (or, with null, clears) the time the admins expect the instance back, and
// marks the update resolved (or open again): once resolved it no longer promises a time.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  const id = idParam(event, 'Notice')
  const notice = await (await useStore()).editNotice(id, await readNoticeChange(event))
  if (!notice) throw new ApiError(404, 'notice_not_found', 'No notice has that id.')
  noticesChanged()
  return { notice }
})
