export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  const id = idParam(event, 'Notice')
  if (!await (await useStore()).deleteNotice(id)) throw new ApiError(404, 'notice_not_found', 'No notice has that id.')
  noticesChanged()
  return { deleted: 1 }
})
