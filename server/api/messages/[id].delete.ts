// Moderation: hide one message. Pollers stop seeing it with the next cache window.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const id = messageIdParam(event)
  if (!await (await useStore()).hideMessage(id)) throw new ApiError(404, 'message_not_found', 'No visible message has that id.')
  invalidateRecentMessages()
  return { hidden: 1 }
})
