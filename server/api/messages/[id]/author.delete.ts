// Moderation: hide everything the author of this message wrote, and pause them.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const id = messageIdParam(event)
  const hidden = await (await useStore()).hideAuthor(id)
  if (hidden === null) throw new ApiError(404, 'message_not_found', 'No message has that id.')
  invalidateRecentMessages()
  return { hidden }
})
