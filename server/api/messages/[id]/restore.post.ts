// Undoes a hide: every poller sees the message again with the next cache window.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  const id = messageIdParam(event)
  if (!await (await useStore()).restoreMessage(id)) throw new ApiError(404, 'message_not_found', 'No hidden message has that id.')
  invalidateRecentMessages()
  return { restored: 1 }
})
