// Moves (or, with null, clears) the time the admins expect the instance back.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  const id = idParam(event, 'Notice')
  const notice = await (await useStore()).setNoticeExpectedBack(id, await readExpectedBackChange(event))
  if (!notice) throw new ApiError(404, 'notice_not_found', 'No notice has that id.')
  noticesChanged()
  return { notice }
})
