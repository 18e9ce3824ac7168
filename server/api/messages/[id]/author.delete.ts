// Moderation: hide everything the author of this message wrote (the admin's own
// messages excepted), and pause them. The answer says under how many names that one
// address wrote: people sharing an address cannot be told apart.
export default defineApiHandler(async (event) => {
  requireAdmin(event)
  const id = messageIdParam(event)
  const result = await (await useStore()).hideAuthor(id)
  if (result === null) throw new ApiError(404, 'message_not_found', 'No visitor\'s message has that id.')
  invalidateRecentMessages()
  return result
})
